import CLibgit2
import Foundation

/// Who made a commit, and when.
public struct Signature: Sendable, Equatable {
    public var name: String
    public var email: String
    /// Seconds since 1970.
    public var time: Int64
    /// Minutes east of UTC.
    public var offsetMinutes: Int32

    public init(name: String, email: String, time: Int64, offsetMinutes: Int32 = 0) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    /// `Name <email>`, as git prints a person.
    public var person: String { "\(name) <\(email)>" }

    /// Calls `body` with a libgit2 signature. The corresponding C function is `git_signature_new`.
    func withRaw<T>(_ body: (UnsafeMutablePointer<git_signature>) throws -> T) throws -> T {
        var raw: UnsafeMutablePointer<git_signature>?
        try check(git_signature_new(&raw, name, email, git_time_t(time), Int32(offsetMinutes)),
                  "invalid identity \(person)")
        defer { git_signature_free(raw) }
        return try body(raw!)
    }
}

/// Which signature to build: git reads different variables for each.
public enum SignatureRole: String, Sendable {
    case author = "AUTHOR"
    case committer = "COMMITTER"
}

extension Repository {
    /// The author or committer identity, as git picks it: `GIT_AUTHOR_*`/`GIT_COMMITTER_*`,
    /// else `user.name`/`user.email` from configuration, with `GIT_*_DATE` or now.
    /// `git_signature_default` ignores the environment, so this reads it itself.
    public func signature(
        _ role: SignatureRole,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        now: Date = Date()
    ) throws -> Signature {
        let name = try environment["GIT_\(role.rawValue)_NAME"].flatMap(nonEmpty) ?? configString("user.name")
        let email = try environment["GIT_\(role.rawValue)_EMAIL"].flatMap(nonEmpty)
            ?? configString("user.email") ?? environment["EMAIL"].flatMap(nonEmpty)
        guard let name, let email else {
            throw GitError(message: """
                who are you? no \(role == .author ? "author" : "committer") identity: run \
                git config --global user.name "Your Name" and git config --global user.email you@example.com \
                (or set GIT_\(role.rawValue)_NAME and GIT_\(role.rawValue)_EMAIL)
                """)
        }
        var time = Int64(now.timeIntervalSince1970)
        var offset: Int32 = 0
        if let date = environment["GIT_\(role.rawValue)_DATE"].flatMap(nonEmpty) {
            guard let parsed = GitDate.parse(date) else {
                throw GitError(message: "cannot parse GIT_\(role.rawValue)_DATE='\(date)': use '@<seconds> +0000' or ISO 8601")
            }
            (time, offset) = parsed
        }
        return Signature(name: name, email: email, time: time, offsetMinutes: offset)
    }
}

private func nonEmpty(_ value: String) -> String? { value.isEmpty ? nil : value }

/// The date formats git accepts in `GIT_*_DATE` that scripts use: `@seconds [+zone]`,
/// `seconds +zone` and ISO 8601.
enum GitDate {
    static func parse(_ text: String) -> (Int64, Int32)? {
        let parts = text.split(separator: " ")
        if let first = parts.first, let seconds = Int64(first.hasPrefix("@") ? first.dropFirst() : first) {
            let offset = parts.count > 1 ? zone(parts[1]) : 0
            return offset.map { (seconds, $0) }
        }
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime]
        guard let date = iso.date(from: text.replacingOccurrences(of: " ", with: "T")) else { return nil }
        var offset: Int32 = 0
        if let sign = text.lastIndex(where: { $0 == "+" || $0 == "-" }), text.distance(from: sign, to: text.endIndex) == 6 {
            offset = zone(Substring(text[sign...].replacingOccurrences(of: ":", with: ""))) ?? 0
        }
        return (Int64(date.timeIntervalSince1970), offset)
    }

    private static func zone(_ text: Substring) -> Int32? {
        guard text.count == 5, let sign = text.first, sign == "+" || sign == "-", let value = Int32(text.dropFirst()) else { return nil }
        let minutes = (value / 100) * 60 + value % 100
        return sign == "-" ? -minutes : minutes
    }
}
