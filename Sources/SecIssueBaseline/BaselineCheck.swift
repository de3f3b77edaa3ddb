import SecIssueKit
/// `baseline check`: the live system compared with a baseline, and the findings its drift files.
///
/// Severities, chosen so the default gate (`fail_on: high`) stops on what is most often an attack
/// or a grave mistake and reports the rest:
/// - high: a file gained the setuid or setgid bit or became world-writable, or a new file has one of them;
/// - medium: changed content, owner, mode, type or link target; a missing file; a package installed
///   (software nobody reviewed) or downgraded (old flaws back);
/// - low: a new plain file, a package upgraded or removed.
public enum BaselineCheck {
    public struct Report: Sendable {
        public var drift: [BaselineDrift] = []
        public var checkedFiles = 0
        public var checkedPackages = 0
        /// Things left out of the check, one line each.
        public var warnings: [String] = []
        /// True when some recorded entry could not be read: then no finding is marked fixed.
        public var incomplete = false
    }

    /// Snapshots `root` for the baseline's patterns and packages and compares.
    public static func run(_ baseline: Baseline, root: String) throws -> Report {
        let snapshot = try FileSnapshot.take(root: root, patterns: baseline.patterns.map(\.text), extra: baseline.files.map(\.path))
        var live: [Baseline.Package]?
        var warnings = snapshot.warnings
        if !baseline.managers.isEmpty {
            let installed = try PackageDatabase.installed(root: root, managers: baseline.managers)
            if let absent = baseline.managers.first(where: { !installed.managers.contains($0) }) {
                throw SecIssueError("baseline \(baseline.name) lists \(absent.rawValue) packages, but \(root) has no \(absent.rawValue) database: "
                                    + "check that --root is the system's root directory")
            }
            live = installed.packages
            warnings += installed.notes
        }
        var report = compare(baseline, files: snapshot, packages: live)
        report.warnings = warnings
        return report
    }

    /// The drift of every entry, files by path then packages by name.
    public static func compare(_ baseline: Baseline, files snapshot: FileSnapshot, packages live: [Baseline.Package]?) -> Report {
        var report = Report()
        let recorded = Dictionary(baseline.files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for expected in baseline.files {
            if snapshot.unreadable.contains(expected.path) {
                report.incomplete = true
                continue
            }
            report.checkedFiles += 1
            if let drift = compare(expected, snapshot.files[expected.path]) { report.drift.append(drift) }
        }
        for actual in snapshot.files.values.sorted(by: { $0.path < $1.path }) where recorded[actual.path] == nil {
            let risky = riskyBits(actual.mode)
            let line = baseline.patterns.first { FileSnapshot.covers($0.text, actual.path) }?.line ?? baseline.patternsLine
            let changes = (actual.mode.map { ["mode \($0)" + (risky.isEmpty ? "" : ": " + risky.joined(separator: ", "))] } ?? [])
                + (actual.target.map { ["-> \($0)"] } ?? [])
            report.drift.append(BaselineDrift(rule: "file", entry: actual.path, kind: .new,
                                              changes: risky.isEmpty && actual.kind == .file ? [] : changes, severity: risky.isEmpty ? .low : .high,
                                              expected: [], actual: BaselineDrift.fields(actual), line: line))
        }
        if let live {
            report.drift += comparePackages(baseline, live: live)
            report.checkedPackages = baseline.packages.count
        }
        return report
    }

    static func compare(_ expected: Baseline.File, _ actual: Baseline.File?) -> BaselineDrift? {
        guard let actual else {
            return BaselineDrift(rule: "file", entry: expected.path, kind: .missing, changes: [], severity: .medium,
                                 expected: BaselineDrift.fields(expected), actual: [], line: expected.line)
        }
        guard !expected.sameState(as: actual) else { return nil }
        var changes: [String] = []
        var severity = Severity.medium
        if expected.kind != actual.kind {
            changes.append("type \(expected.kind.rawValue) -> \(actual.kind.rawValue)")
        } else if expected.sha256 != actual.sha256 || expected.size != actual.size {
            changes.append("content")
        }
        if expected.kind == actual.kind, expected.target != actual.target, let target = actual.target {
            changes.append("link target \(expected.target ?? "none") -> \(target)")
        }
        if let old = expected.mode, let new = actual.mode, old != new {
            let gained = riskyBits(new).filter { !riskyBits(old).contains($0) }
            changes.append("mode \(old) -> \(new)" + (gained.isEmpty ? "" : ": " + gained.joined(separator: ", ")))
            if !gained.isEmpty { severity = .high }
        }
        if expected.owner != actual.owner { changes.append("owner \(expected.owner) -> \(actual.owner)") }
        return BaselineDrift(rule: "file", entry: expected.path, kind: .changed, changes: changes, severity: severity,
                             expected: BaselineDrift.fields(expected), actual: BaselineDrift.fields(actual), line: expected.line)
    }

    /// The dangerous permission bits a mode has: `setuid`, `setgid`, `world-writable`.
    static func riskyBits(_ mode: String?) -> [String] {
        guard let mode, let bits = UInt32(mode, radix: 8) else { return [] }
        return [(0o4000, "setuid"), (0o2000, "setgid"), (0o0002, "world-writable")].filter { bits & $0.0 != 0 }.map(\.1)
    }

    static func comparePackages(_ baseline: Baseline, live: [Baseline.Package]) -> [BaselineDrift] {
        var drift: [BaselineDrift] = []
        let now = Dictionary(live.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let recorded = Set(baseline.packages.map(\.key))
        func make(_ package: Baseline.Package, _ kind: BaselineDrift.Kind, _ changes: [String], _ severity: Severity,
                  expected: Baseline.Package?, actual: Baseline.Package?, line: Int?) -> BaselineDrift {
            BaselineDrift(rule: "package", entry: package.label, kind: kind, changes: changes, severity: severity,
                          expected: BaselineDrift.fields(expected), actual: BaselineDrift.fields(actual), line: line,
                          manager: package.manager.rawValue)
        }
        for expected in baseline.packages {
            guard let actual = now[expected.key] else {
                drift.append(make(expected, .removed, ["was \(expected.version)"], .low, expected: expected, actual: nil, line: expected.line))
                continue
            }
            guard actual.version != expected.version else { continue }
            let newer = PackageVersion.compare(actual.version, expected.version, manager: expected.manager) > 0
            drift.append(make(expected, newer ? .upgraded : .downgraded, ["\(expected.version) -> \(actual.version)"], newer ? .low : .medium,
                              expected: expected, actual: actual, line: expected.line))
        }
        for actual in now.values.sorted(by: { $0.key < $1.key }) where !recorded.contains(actual.key) && baseline.managers.contains(actual.manager) {
            drift.append(make(actual, .installed, [actual.version], .medium, expected: nil, actual: actual, line: baseline.packagesLine))
        }
        return drift
    }
}
