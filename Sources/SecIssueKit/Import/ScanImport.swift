import Foundation

/// What an import did (or, in report mode, would do) to the findings.
public struct ImportReport: Sendable {
    public var new: [Finding] = []
    public var updated: [Finding] = []
    public var reopened: [Finding] = []
    public var fixed: [Finding] = []
    /// Risk acceptances past their expiry date, back to open.
    public var expired: [Finding] = []
    /// Active findings the scan reported again, unchanged or with a new location.
    public var stillOpen: [Finding] = []
    public var unchanged = 0
    /// Results matching findings people settled (risk-accepted, false-positive, duplicate): left alone.
    public var keptTriage = 0
    public var skipped: [String] = []
    public var notes: [String] = []
    /// Every finding of the store as the import leaves it (for the gate).
    public var findings: [Finding] = []

    public init() {}

    /// `new 1, updated 2, reopened 0, fixed 1, unchanged 5 (2 kept as triaged), skipped 1`.
    public var counts: String {
        var text = "new \(new.count), updated \(updated.count), reopened \(reopened.count), fixed \(fixed.count), unchanged \(unchanged)"
        if keptTriage > 0 { text += " (\(keptTriage) kept as triaged)" }
        if !expired.isEmpty { text += ", expired risk acceptances reopened \(expired.count)" }
        return text + ", skipped \(skipped.count)"
    }
}

/// Files, updates, reopens and fixes findings from scan results, with the re-import rules:
/// human triage is sticky, a fixed finding that comes back is a regression, and an active
/// finding missing from a complete scan of its tool and category is fixed.
public struct ScanImport {
    public var results: [ScanResult]
    public var scopes: [ScanScope]
    public var partial: Bool
    /// The full hash of the commit that was scanned.
    public var scannedCommit: String
    /// The commit that last changed a line at the scanned commit (blame), for new findings.
    public var introduced: (String, Int) -> String?
    /// True when the scanned commit is older than (an ancestor of) the given commit.
    public var scanIsOlder: (String) -> Bool
    /// Adjusts a result given the finding it files into, if any, as the write is planned
    /// (telemetry adds new counts to the stored ones here, so a concurrent writer is not overwritten).
    public var refine: ((ScanResult, Finding?) -> ScanResult)?

    public init(results: [ScanResult], scopes: [ScanScope], partial: Bool, scannedCommit: String,
                introduced: @escaping (String, Int) -> String?, scanIsOlder: @escaping (String) -> Bool = { _ in false }) {
        self.results = results
        self.scopes = scopes
        self.partial = partial
        self.scannedCommit = scannedCommit
        self.introduced = introduced
        self.scanIsOlder = scanIsOlder
    }

    /// The file changes and the report. Nothing is written here; report mode just drops the changes.
    public func plan(_ store: SecurityStore, stamp: Stamp) throws -> (changes: [String: [UInt8]?], report: ImportReport) {
        try store.requireInitialised()
        let config = try store.config()
        let catalog = try GuidanceCatalog(store: store)
        let (stored, problems) = try store.loadAll()
        guard problems.isEmpty else {
            throw SecIssueError("\(problems[0]): fix the finding files first (git secissue validate lists them); nothing was imported")
        }
        var byID = Dictionary(stored.map { ($0.finding.id, $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [String: [UInt8]?] = [:]
        var report = ImportReport()
        let today = Timestamp.day(stamp.date)
        let short = String(scannedCommit.prefix(7))
        var seen = Set<String>()
        // A scan of a commit older than one already imported (pipelines that finish out of order)
        // must not undo the newer scan: it only files what is new, and moves, reopens and fixes nothing.
        let scopeSet = Set(scopes)
        let newer = stored.lazy.map(\.finding).filter { finding in
            finding.source.map { scopeSet.contains(ScanScope(tool: $0.tool, category: $0.category ?? "default")) } ?? false
        }.flatMap { [$0.commits.detected, $0.commits.fixed].compactMap { $0 } }.first { $0 != scannedCommit && scanIsOlder($0) }
        if let newer {
            report.notes.append("the scanned commit \(short) is older than \(newer.prefix(7)), already scanned: existing findings are left as they are")
        }

        func save(_ original: StoredFinding?, _ finding: Finding) throws {
            let path = SecurityStore.findingPath(finding.id)
            let text = try original.map { try FindingCodec.rewrite($0.text, from: $0.finding, to: finding, path: path) }
                ?? FindingCodec.encode(finding)
            changes[path] = Array(text.utf8)
            byID[finding.id] = StoredFinding(path: path, text: text, finding: finding)
        }
        func log(_ finding: inout Finding, _ text: String) {
            finding.updated = stamp.timestamp
            finding.activity.append("\(stamp.timestamp) \(stamp.person) \(text)")
        }

        // Whatever produced a result (a SARIF log, telemetry, a baseline, a lockfile, a protected
        // change), no string of it reaches a git object before the secret rules have read it.
        var redactor = Redactor()
        for produced in results {
            let original = redactor.scrub(produced)
            let id = FindingID.derived(prefix: config.idPrefix, key: original.identityKey)
            guard seen.insert(id).inserted else { continue }
            let result = redactor.scrub(refine?(original, byID[id]?.finding) ?? original)
            guard let existing = byID[id] else {
                var finding = newFinding(result, id: id, config: config, stamp: stamp, today: today)
                finding.guidance = result.guidance.isEmpty ? catalog.topics(forCWE: finding.cwe) : result.guidance
                if let justification = result.suppression {
                    finding.status = .falsePositive
                    finding.triage = Finding.Triage(reason: justification, by: "\(result.tool) suppression")
                    finding.activity.append("\(stamp.timestamp) \(stamp.person) status open -> false-positive: suppressed in \(result.tool): \(justification)")
                }
                try save(nil, finding)
                report.new.append(finding)
                continue
            }
            var finding = existing.finding
            if newer != nil {
                report.unchanged += 1
                continue
            }
            switch finding.status {
            case .riskAccepted, .falsePositive, .duplicate:
                report.keptTriage += 1
                report.unchanged += 1
                continue
            case .fixed:
                finding.status = .open
                finding.commits.fixed = nil
                finding.location = result.location
                finding.lastSeen = today
                if result.refreshes { refresh(&finding, from: result) }
                log(&finding, "status fixed -> open: reappeared in the \(result.tool) scan of \(short) (regression)")
                try save(existing, finding)
                report.reopened.append(finding)
            case .open, .confirmed:
                if result.refreshes, case let changed = refresh(&finding, from: result), !changed.isEmpty {
                    finding.lastSeen = today
                    log(&finding, "updated by \(result.tool): \(changed.joined(separator: ", "))")
                    try save(existing, finding)
                    report.updated.append(finding)
                } else if finding.location != result.location {
                    finding.location = result.location
                    finding.lastSeen = today
                    log(&finding, "seen at \(result.location?.display ?? "no location") in the \(result.tool) scan of \(short)")
                    try save(existing, finding)
                    report.updated.append(finding)
                } else {
                    if finding.lastSeen != today {
                        finding.lastSeen = today
                        try save(existing, finding)
                    }
                    report.unchanged += 1
                }
                report.stillOpen.append(finding)
            }
        }

        for entry in byID.values.sorted(by: { $0.finding.id < $1.finding.id }) {
            var finding = entry.finding
            guard let source = finding.source, scopeSet.contains(ScanScope(tool: source.tool, category: source.category ?? "default")) else {
                continue
            }
            if !partial, newer == nil, finding.status.isActive, !seen.contains(finding.id) {
                finding.status = .fixed
                finding.commits.fixed = scannedCommit
                log(&finding, "status \(entry.finding.status.rawValue) -> fixed: not found by \(source.tool) in \(short)")
                try save(entry, finding)
                report.fixed.append(finding)
            } else if finding.status == .riskAccepted, let expires = finding.triage?.expires, expires < today {
                finding.status = .open
                finding.triage = nil
                log(&finding, "status risk-accepted -> open: the risk acceptance expired on \(expires)")
                try save(entry, finding)
                report.expired.append(entry.finding)
            }
        }
        report.findings = byID.values.map(\.finding)
        return (changes, report)
    }

    /// Takes the title, severity, description, evidence and location of a tool that keeps them current;
    /// returns what changed, for the activity line.
    @discardableResult
    private func refresh(_ finding: inout Finding, from result: ScanResult) -> [String] {
        var changed: [String] = []
        if finding.severity != result.severity {
            changed.append("severity \(finding.severity.rawValue) -> \(result.severity.rawValue)")
            finding.severity = result.severity
        }
        if finding.title != result.title {
            changed.append("title")
            finding.title = result.title
        }
        if let evidence = result.evidence, finding.evidence != evidence {
            changed.append("count \(finding.evidence.map { "\($0.count) -> " } ?? "")\(evidence.count), last seen \(evidence.lastSeen)")
            finding.evidence = evidence
        }
        if finding.location != result.location {
            changed.append("location \(result.location?.display ?? "none")")
            finding.location = result.location
        }
        if finding.description != result.description {
            if changed.isEmpty { changed.append("description") }
            finding.description = result.description
        }
        return changed
    }

    private func newFinding(_ result: ScanResult, id: String, config: Config, stamp: Stamp, today: String) -> Finding {
        var finding = Finding(id: id, title: result.title, severity: result.severity, created: stamp.timestamp, reporter: stamp.person)
        finding.cwe = result.cwe
        finding.due = config.dueDate(for: result.severity, created: stamp.date)
        finding.lastSeen = today
        finding.source = Finding.Source(tool: result.tool, version: result.toolVersion, rule: result.rule,
                                        category: result.category, fingerprint: result.fingerprint)
        finding.location = result.location
        finding.evidence = result.evidence
        finding.commits.detected = result.commit ?? scannedCommit
        if let commit = result.commit {
            finding.commits.introduced = commit
        } else if let location = result.location, let line = location.line {
            finding.commits.introduced = introduced(location.path, line)
        }
        finding.tags = (result.isSecret ? ["secret"] : []) + result.tags
        finding.description = result.description
        finding.activity = ["\(stamp.timestamp) \(stamp.person) opened (imported from \(result.tool))"]
        return finding
    }

    /// The commit message: counts, then a trailer for each finding filed, reopened or fixed (up to 50).
    public static func message(_ report: ImportReport, tools: [String]) -> String {
        var message = "secissue: import \(tools.joined(separator: ", ")): \(report.counts)\n"
        let touched = (report.new + report.reopened + report.fixed + report.expired).map(\.id)
        if !touched.isEmpty {
            message += "\n" + touched.prefix(50).map { "Security-Finding: \($0)\n" }.joined()
        }
        return message
    }
}

extension ScanImport {
    /// Plans against the current findings and records the changes in `mode`, re-planned if a
    /// concurrent writer moved the reference first; the report is that of the write that landed.
    public func write(_ workspace: Workspace, mode: WriteMode, stamp: Stamp, tools: [String]) throws -> (report: ImportReport, outcome: WriteOutcome) {
        var report = ImportReport()
        let outcome = try workspace.write(mode) { store in
            let (changes, planned) = try plan(store, stamp: stamp)
            report = planned
            return PlannedWrite(changes: changes, message: Self.message(planned, tools: tools))
        }
        return (report, outcome)
    }
}
