import Foundation

/// A passphrase-protected SSH key asks for its passphrase once per command, not once per finding.
///
/// age cannot use ssh-agent and asks on the terminal each time it runs, and each sealed block is
/// one age process. So before the first decryption, this asks for the passphrase once on the
/// terminal (echo off), and `ssh-keygen -p` unlocks a copy of the key in a file without a name
/// in memory (`PrivateKeyFile`), which age is given. The passphrase reaches ssh-keygen through a
/// pipe (run by `setsid`, without a terminal, it reads its standard input). The copy goes with
/// this process, however it ends. Without a terminal or memory-backed storage, the keys go to
/// age as they are.
final class UnlockedKeys: @unchecked Sendable {
    private let identities: [String]
    private let runtimeDirectory: String?
    private let lock = NSLock()
    private var resolved: [String]?

    init(_ identities: [String], runtimeDirectory: String? = nil) {
        self.identities = identities
        self.runtimeDirectory = runtimeDirectory
    }

    /// The identities to give age: the protected SSH keys replaced by unlocked copies.
    func paths() throws -> [String] {
        lock.lock()
        defer { lock.unlock() }
        if let resolved { return resolved }
        var result = identities
        for (index, path) in identities.enumerated() where Self.isProtected(path) {
            guard PassphrasePrompt.isAvailable,
                  let copy = PrivateKeyFile.make(holding: try Data(contentsOf: URL(fileURLWithPath: path)), in: runtimeDirectory) else { break }
            guard let passphrase = PassphrasePrompt.ask("Enter passphrase for \(path) (asked once for this command): ") else { break }
            let unlocked = try PipedProcess.run(["setsid", "-w", "ssh-keygen", "-q", "-p", "-N", "", "-f", copy], input: Data((passphrase + "\n").utf8))
            guard unlocked.status == 0 else {
                throw SecIssueError("could not unlock \(path) with ssh-keygen (\(unlocked.stderr.split(separator: "\n").last ?? "")): "
                                    + "check the passphrase, or name another identity with SECISSUE_IDENTITY")
            }
            result[index] = copy
        }
        resolved = result
        return result
    }

    /// True for an OpenSSH or PEM private key that is encrypted with a passphrase.
    static func isProtected(_ path: String) -> Bool {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
        if text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || text.contains("Proc-Type: 4,ENCRYPTED") { return true }
        let begin = "-----BEGIN OPENSSH PRIVATE KEY-----", end = "-----END OPENSSH PRIVATE KEY-----"
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex),
              let blob = Data(base64Encoded: text[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }) else { return false }
        // "openssh-key-v1\0", then the cipher's name as a length-prefixed string: "none" when not protected.
        let bytes = Array(blob), magic = Array("openssh-key-v1\u{0}".utf8)
        guard bytes.count > magic.count + 4, Array(bytes.prefix(magic.count)) == magic else { return false }
        let length = bytes[magic.count..<magic.count + 4].reduce(0) { $0 << 8 | Int($1) }
        guard bytes.count >= magic.count + 4 + length else { return false }
        return bytes[(magic.count + 4)..<(magic.count + 4 + length)] != ArraySlice("none".utf8)
    }
}
