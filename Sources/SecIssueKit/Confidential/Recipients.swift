import Foundation

/// One public key that confidential findings are encrypted to, and whose it is.
public struct Recipient: Equatable, Sendable {
    /// `age1…`, or `ssh-ed25519 AAAA…` / `ssh-rsa AAAA…` (type and key, without the comment).
    public let key: String
    /// The rest of the line: the person or the CI job holding the private key.
    public let name: String
}

/// `.security/recipients`: one public key a line, each followed by a comment naming its holder;
/// blank lines and `#` lines are ignored. Every key can read every confidential finding sealed
/// while it was listed.
public struct Recipients: Equatable, Sendable {
    public static let path = ".security/recipients"
    public var entries: [Recipient]

    static let noneError = SecIssueError(
        "no recipients in \(path) to encrypt confidential findings to: add one with git secissue recipients add KEY --name WHO")

    public init(entries: [Recipient] = []) { self.entries = entries }

    /// Parses the file, naming the line of a key that is not an age or SSH public key.
    public init(text: String, path: String = Recipients.path) throws {
        entries = []
        // "\r\n" is one Character, a newline as "\n" is: a CRLF file splits into the same lines.
        for (number, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            guard let entry = Self.parse(line) else {
                throw FileProblem(path: path, line: number + 1,
                                  message: "not a public key: write age1… (age-keygen -y), ssh-ed25519 AAAA… or ssh-rsa AAAA…, then who holds it")
            }
            entries.append(entry)
        }
    }

    /// A key and its holder from one line (`KEY NAME…`, or `ssh-TYPE BASE64 NAME…`).
    static func parse(_ line: String) -> Recipient? {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = words.first else { return nil }
        if first.hasPrefix("age1"), first.count > 20, first.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber) }) {
            return Recipient(key: first, name: words.dropFirst().joined(separator: " "))
        }
        guard ["ssh-ed25519", "ssh-rsa"].contains(first), words.count >= 2,
              let blob = Data(base64Encoded: words[1]), blob.count > 32 else { return nil }
        return Recipient(key: first + " " + words[1], name: words.dropFirst(2).joined(separator: " "))
    }

    /// The recipients of `store` (none when there is no file).
    public static func read(from files: SecurityFiles) throws -> Recipients {
        guard let bytes = try files.read(path) else { return Recipients() }
        return try Recipients(text: String(decoding: bytes, as: UTF8.self))
    }

    /// The names `show` prints as who can read a finding: the comment, else the key's start.
    public var names: [String] {
        entries.map { $0.name.isEmpty ? String($0.key.prefix(24)) + "…" : $0.name }
    }

    /// The file as written: a header, then `KEY NAME` lines.
    public var text: String {
        Self.header + entries.map { $0.name.isEmpty ? $0.key : "\($0.key) \($0.name)" }.joined(separator: "\n") + "\n"
    }

    static let header = """
        # Who can read confidential findings (docs/confidential.md): one public key a line (age1…,
        # ssh-ed25519 or ssh-rsa), then whose it is. Edit with git secissue recipients add/remove,
        # which re-encrypts the active confidential findings in the same commit.

        """
}
