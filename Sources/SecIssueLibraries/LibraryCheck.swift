import SecIssueKit

/// `libs check`: every dependency declared in the tree of a commit, judged by libraries.yml,
/// and the findings that banned or untrusted ones file.
public struct LibraryCheck {
    public struct Row: Sendable {
        public let dependency: Dependency
        public let verdict: LibraryPolicy.Verdict

        public var isBanned: Bool { if case .banned = verdict { return true } else { return false } }
        public var needsFinding: Bool { isBanned || verdict == .untrusted }
    }

    /// Directories whose manifests belong to installed copies, not to this project.
    static let skipped: Set<String> = ["node_modules", ".git", ".build", "vendor", "Pods"]

    /// Every dependency of every manifest in `commit`, and a problem for each file that does not parse.
    public static func dependencies(in files: CommitFiles) throws -> (dependencies: [Dependency], problems: [FileProblem]) {
        var dependencies: [Dependency] = []
        var problems: [FileProblem] = []
        for path in try files.allPaths(skipping: skipped) where ManifestParser.kind(of: path) != nil {
            guard let bytes = try files.read(path) else { continue }
            do {
                dependencies += try ManifestParser.parse(String(decoding: bytes, as: UTF8.self), path: path)
            } catch let problem as FileProblem {
                problems.append(problem)
            }
        }
        return (dependencies, problems)
    }

    /// The verdicts for the dependencies of the scanned commit, or with `diff` only for those
    /// added or changed since that revision, and a problem for each manifest that does not parse.
    public static func check(_ session: ScanSession, policy: LibraryPolicy, diff: String?) throws -> (rows: [Row], problems: [FileProblem]) {
        let workspace = session.workspace
        var (dependencies, problems) = try Self.dependencies(in: workspace.files(at: session.scannedCommit))
        if let diff {
            let base = try workspace.resolveCommit(diff)
            dependencies = added(dependencies, since: try Self.dependencies(in: workspace.files(at: base)).dependencies)
        }
        return (rows(dependencies, policy: policy), problems)
    }

    /// The verdict for each dependency.
    public static func rows(_ dependencies: [Dependency], policy: LibraryPolicy) -> [Row] {
        dependencies.map { Row(dependency: $0, verdict: policy.verdict(for: $0)) }
    }

    /// Dependencies of `now` that `before` did not have at that version (for `--diff`).
    public static func added(_ now: [Dependency], since before: [Dependency]) -> [Dependency] {
        let known = Set(before.map { "\($0.ecosystem.rawValue)\u{0}\($0.manifest)\u{0}\($0.name)\u{0}\($0.version ?? "")" })
        return now.filter { !known.contains("\($0.ecosystem.rawValue)\u{0}\($0.manifest)\u{0}\($0.name)\u{0}\($0.version ?? "")") }
    }

    /// The scan results that file findings: one per banned or untrusted library and manifest,
    /// identified by ecosystem, name and manifest path, so a version bump updates rather than duplicates.
    public static func results(_ rows: [Row]) -> [ScanResult] {
        rows.compactMap { row in
            let dependency = row.dependency
            let label = "\(dependency.name)\(dependency.version.map { " \($0)" } ?? "") (\(dependency.ecosystem.rawValue))"
            let rule: String, title: String, message: String, severity: Severity, cwe: [Int]
            switch row.verdict {
            case .banned(let entry):
                rule = "banned"
                title = "Banned library \(label)"
                severity = entry.severity ?? .high
                cwe = [1395]
                message = "\(dependency.name) is banned in \(LibraryPolicy.path)\(entry.line.map { " (line \($0))" } ?? "")"
                    + (entry.reason.map { ": \($0)" } ?? ".") + (entry.alternative.map { " Use \($0) instead." } ?? "")
            case .untrusted:
                rule = "untrusted"
                title = "Untrusted library \(label)"
                severity = .medium
                cwe = [1104]
                message = "\(dependency.name) is not on the \(dependency.ecosystem.rawValue) allowlist in \(LibraryPolicy.path): "
                    + "ask the security team to review it (git secissue libs trust), or use a trusted library."
            default:
                return nil
            }
            return ScanResult(
                tool: "libs", toolVersion: nil, rule: rule, category: "default", title: title, severity: severity, cwe: cwe,
                location: Finding.Location(path: dependency.manifest, line: dependency.line), message: message, ruleHelp: nil,
                helpURI: nil, snippet: nil,
                fingerprint: "v1/libs:\(dependency.ecosystem.rawValue)/\(dependency.name)@\(dependency.manifest)",
                suppression: nil, isSecret: false)
        }
    }
}
