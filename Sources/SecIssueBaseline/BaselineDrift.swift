import SecIssueKit
/// How one baseline entry (a file or a package) differs from the live system. One entry has at
/// most one drift, whatever changed, so it files one finding that re-runs keep current.
public struct BaselineDrift: Sendable {
    public enum Kind: String, Sendable {
        /// A recorded file or link that is there but differs (content, mode, owner, type, target).
        case changed
        case missing
        /// A file or link matching a recorded pattern that the baseline does not list.
        case new
        case installed, removed, upgraded, downgraded
    }

    /// `file` or `package`: the finding's rule, the same for every kind of drift of that entry.
    public var rule: String
    /// The path (`/etc/passwd`) or the package (`openssl:amd64`).
    public var entry: String
    public var kind: Kind
    /// What changed, for people: `content`, `mode 0644 -> 0666 (world-writable)`, `3.0.11 -> 3.0.13`.
    public var changes: [String]
    public var severity: Severity
    /// What the baseline says and what the system has, as field and value (empty when absent).
    public var expected: [(String, String)]
    public var actual: [(String, String)]
    /// Where in the baseline file a person looks: the entry's line, or the pattern or list it falls under.
    public var line: Int?
    /// Set for packages: `dpkg`, `apk` or `rpm`.
    public var manager: String?
    /// For changed content of a file recorded `--with-content`: the unified diff from the recorded
    /// copy to the file now, secrets redacted on both sides.
    public var diff: String?

    public init(rule: String, entry: String, kind: Kind, changes: [String], severity: Severity,
                expected: [(String, String)], actual: [(String, String)], line: Int?, manager: String? = nil) {
        self.rule = rule
        self.entry = entry
        self.kind = kind
        self.changes = changes
        self.severity = severity
        self.expected = expected
        self.actual = actual
        self.line = line
        self.manager = manager
    }

    /// `/etc/ssh/sshd_config changed (content, mode 0644 -> 0666)`, `package curl:amd64 removed (was 7.88.1-10)`.
    public var summary: String {
        let details = changes.isEmpty ? "" : " (\(changes.joined(separator: ", ")))"
        switch kind {
        case .changed: return "\(entry) changed\(details)"
        case .missing: return "\(entry) missing"
        case .new: return "new \(actual.first { $0.0 == "type" }?.1 == "symlink" ? "link" : "file") \(entry)\(details)"
        case .installed, .removed, .upgraded, .downgraded: return "package \(entry) \(kind.rawValue)\(details)"
        }
    }

    /// The fields of a file entry, in the baseline's order.
    static func fields(_ file: Baseline.File?) -> [(String, String)] {
        guard let file else { return [] }
        var fields = [("type", file.kind.rawValue)]
        if let mode = file.mode { fields.append(("mode", mode)) }
        fields.append(("owner", file.owner))
        if let size = file.size { fields.append(("size", String(size))) }
        if let sha256 = file.sha256 { fields.append(("sha256", sha256)) }
        if let target = file.target { fields.append(("target", target)) }
        return fields
    }

    /// The fields of a package entry.
    static func fields(_ package: Baseline.Package?) -> [(String, String)] {
        guard let package else { return [] }
        return [("version", package.version)] + (package.arch.map { [("arch", $0)] } ?? []) + [("manager", package.manager.rawValue)]
    }
}
