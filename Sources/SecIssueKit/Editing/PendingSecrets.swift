/// `git secissue commit` writes what people typed: the lines it adds pass the secret rules first,
/// as the pre-commit hook's would, since a secret must never reach a git object.
public enum PendingSecrets {
    /// Throws naming the first secret (redacted) on a line the changes add.
    public static func check(head: SecurityStore, changes: [String: [UInt8]?], config: Config) throws {
        for (path, content) in changes.sorted(by: { $0.key < $1.key }) {
            guard let content else { continue }
            let old = Set((try head.files.read(path)).map { String(decoding: $0, as: UTF8.self).components(separatedBy: "\n") } ?? [])
            let added = String(decoding: content, as: UTF8.self).components(separatedBy: "\n").enumerated()
                .filter { !old.contains($0.element) }.map { (number: $0.offset + 1, text: $0.element) }
            if let match = SecretScanner.scan(path: path, lines: added, allowlist: config.secretAllowlist).first {
                throw SecIssueError("\(match.path):\(match.line): \(match.description) (\(match.rule)): \(match.redacted); "
                                    + "remove it from the file (a secret must not reach a commit), then run git secissue commit again; nothing was committed")
            }
        }
    }
}
