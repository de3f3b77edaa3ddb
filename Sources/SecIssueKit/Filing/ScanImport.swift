import Foundation

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
    /// Adjusts a result (given with its index in `results`) given the finding it files into, if any,
    /// as the write is planned (telemetry adds new counts to the stored ones here, so a concurrent
    /// writer is not overwritten).
    public var refine: ((Int, ScanResult, Finding?) -> ScanResult)?
    /// Findings known to be resolved although their tool's scan was partial.
    public var resolutions: [Resolution] = []
    /// Adoption (`ci --adopt`): what the scan finds that is not filed yet is existing debt. It is
    /// filed open, with its due date, tagged `adopted`, and the gate does not count it as new.
    public var adopt = false
    public static let adoptedTag = "adopted"

    /// An active finding of `tool`, filed from a result with `identityKey`, that is fixed by `commit`.
    public struct Resolution: Sendable {
        public var identityKey: String
        public var tool: String
        public var commit: String
        /// Ends the activity line: `approved by ...`.
        public var reason: String

        public init(identityKey: String, tool: String, commit: String, reason: String) {
            self.identityKey = identityKey
            self.tool = tool
            self.commit = commit
            self.reason = reason
        }
    }

    public init(results: [ScanResult], scopes: [ScanScope], partial: Bool, scannedCommit: String,
                introduced: @escaping (String, Int) -> String?, scanIsOlder: @escaping (String) -> Bool = { _ in false }) {
        self.results = results
        self.scopes = scopes
        self.partial = partial
        self.scannedCommit = scannedCommit
        self.introduced = introduced
        self.scanIsOlder = scanIsOlder
    }

    /// The file changes, the live values for `refs/secissue/state` and the report. Nothing is
    /// written here; report mode just drops the changes. `loaded` is what `store.loadAll()` gave,
    /// when the caller has read it already.
    ///
    /// A finding's file changes only when something a person would review does: a new finding,
    /// its severity, title, status or location, a new source. Counters, samples, `last_seen`
    /// and a description the tool keeps current (`refreshes`) go to the live values instead.
    public func plan(_ store: SecurityStore, config: Config, stamp: Stamp,
                     loaded: (findings: [StoredFinding], problems: [FileProblem])? = nil) throws
        -> (changes: [String: [UInt8]?], live: [String: LiveValues?], report: ImportReport) {
        let catalog = try GuidanceCatalog(store: store)
        let (stored, problems) = try loaded ?? store.loadAll()
        guard problems.isEmpty else {
            throw SecIssueError("\(problems[0]): fix the finding files first (git secissue validate lists them); nothing was imported")
        }
        var byID = Dictionary(stored.map { ($0.finding.id, $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [String: [UInt8]?] = [:]
        var live: [String: LiveValues?] = [:]
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

        var ids = ResultIDs(store: store, config: config, stored: stored, existing: { byID[$0] != nil })
        // The result each finding was seen in, for the digest of a confidential one's scan view.
        var scanned: [String: ScanResult] = [:]

        func save(_ original: StoredFinding?, _ saved: Finding) throws {
            var finding = saved
            // Written with the key: the finding holds this result now, so a re-import without the
            // key that sees the same one has nothing to seal (`SealedScan`).
            if finding.isConfidential, !finding.isSealed, let result = scanned[finding.id], let key = try? ids.idKey() {
                let view = ScanView.plaintext(result, id: finding.id, created: finding.created)
                finding.confidential?.scan = ScanView.digest(view, refreshes: result.refreshes, key: key)
            }
            // A finding stays where it is filed; a new one goes where the store's format puts it.
            let path = original?.path ?? config.findingLayout.path(of: finding.id)
            let text = try original.map { try FindingCodec.rewrite($0.text, from: $0.recorded, to: finding, path: path) }
                ?? FindingCodec.encode(finding)
            changes[path] = Array(text.utf8)
            byID[finding.id] = StoredFinding(path: path, text: text, finding: finding)
            // The file now carries the values: the live ones it replaces go.
            if store.live.values[finding.id] != nil { live[finding.id] = .some(nil) }
        }
        // Only the running values moved: they go to the live state, the file stays as it is.
        // A confidential finding's counts, sources and text are sealed in its file, never in the
        // clear state: its file is written instead.
        func keepLive(_ original: StoredFinding, _ finding: Finding, describing: Bool) throws {
            if finding.isConfidential { return try save(original, finding) }
            let values = LiveValues.of(finding, describing: describing, base: LiveValues.hash(original.sealedText ?? original.text))
            if values.applied(to: original.recorded, base: values.base) != original.finding {
                live[finding.id] = values
            }
            byID[finding.id] = StoredFinding(path: original.path, text: original.text, finding: finding, recorded: original.recorded, sealedText: original.sealedText)
            report.live.append(finding.id)
        }
        func log(_ finding: inout Finding, _ text: String) {
            finding.updated = stamp.timestamp
            finding.activity.append("\(stamp.timestamp) \(stamp.person) \(text)")
        }

        // Whatever produced a result (a SARIF log, telemetry, a baseline, a lockfile, a protected
        // change), no string of it reaches a git object before the secret rules have read it.
        var redactor = Redactor()
        var suppressions = Suppressions(rules: config.suppressions, today: today)
        for (index, produced) in results.enumerated() {
            let original = redactor.scrub(produced)
            let id = try ids.id(for: original)
            report.resultIDs.append(id)
            guard seen.insert(id).inserted else { continue }
            let result = redactor.scrub(refine?(index, original, byID[id]?.finding) ?? original)
            scanned[id] = result
            guard let existing = byID[id] else {
                var finding = newFinding(result, id: id, config: config, stamp: stamp, today: today)
                finding.guidance = result.guidance.isEmpty ? catalog.topics(forCWE: finding.cwe) : result.guidance
                if result.confirmed && result.suppression == nil {
                    finding.status = .confirmed
                    finding.activity.append("\(stamp.timestamp) \(stamp.person) status open -> confirmed: confirmed in \(result.tool)")
                }
                if let justification = result.suppression {
                    finding.status = .falsePositive
                    finding.triage = Finding.Triage(reason: justification, by: "\(result.tool) suppression")
                    finding.activity.append("\(stamp.timestamp) \(stamp.person) status open -> false-positive: suppressed in \(result.tool): \(justification)")
                }
                if finding.status.isActive, let rule = suppressions.rule(for: result) {
                    suppressions.settle(&finding, by: rule, stamp: stamp)
                }
                if adopt && finding.status.isActive {
                    finding.tags.append(Self.adoptedTag)
                    finding.activity.append("\(stamp.timestamp) \(stamp.person) adopted as known debt (git secissue ci --adopt): it was there before the gate")
                }
                if config.confidential.covers(finding) { finding.confidential = Confidentiality(hidesSeverity: config.confidential.hidesSeverity) }
                try save(nil, finding)
                if result.refreshes, !finding.isConfidential, let saved = byID[id] {
                    live[id] = LiveValues.of(finding, describing: true, base: LiveValues.hash(saved.text))
                }
                report.new.append(finding)
                continue
            }
            var finding = existing.finding
            if newer != nil {
                report.unchanged += 1
                continue
            }
            if finding.isSealed {
                let view = try ids.idKey().map { try SealedScan(result, finding: finding, key: $0, files: store.files) }
                try updateSealed(&finding, existing, result: result, view: view, today: today, short: short, log: log, save: save, report: &report)
                continue
            }
            switch finding.status {
            case .riskAccepted, .falsePositive, .duplicate:
                // People's decision stays; where the code is and what it looks like do not: a
                // settled finding pointing at a line that moved misleads whoever reads it next.
                let moved = finding.location != result.location
                let evidence = relocate(&finding, from: result, evidence: true)
                guard moved || !evidence.isEmpty else {
                    report.keptTriage += 1
                    report.unchanged += 1
                    continue
                }
                finding.lastSeen = today
                if !moved, evidence.allSatisfy({ $0.hasPrefix("count ") }), !Self.gainsSource(finding, over: existing.recorded) {
                    try keepLive(existing, finding, describing: false)
                    report.updated.append(finding)
                    continue
                }
                log(&finding, "seen at \(result.location?.display ?? "no location") in the \(result.tool) scan of \(short)"
                    + (evidence.isEmpty ? "" : " (\(evidence.joined(separator: ", ")))") + "; \(finding.status.rawValue) kept")
                try save(existing, finding)
                report.updated.append(finding)
                continue
            case .fixed:
                // A regression returns to where people had it: a confirmed finding that a scan once
                // missed is still confirmed, not open for triage again.
                let before = Self.statusBeforeFixed(finding)
                finding.status = before
                finding.commits.fixed = nil
                relocate(&finding, from: result, evidence: false)
                finding.lastSeen = today
                if result.refreshes { refresh(&finding, from: result) }
                log(&finding, "status fixed -> \(before.rawValue): reappeared in the \(result.tool) scan of \(short) (regression)")
                try save(existing, finding)
                report.reopened.append(finding)
            case .open, .confirmed:
                // A rule added since the last import settles what people have not confirmed.
                if finding.status == .open, let rule = suppressions.rule(for: result) {
                    relocate(&finding, from: result, evidence: false)
                    finding.lastSeen = today
                    suppressions.settle(&finding, by: rule, stamp: stamp)
                    try save(existing, finding)
                    report.updated.append(finding)
                    continue
                }
                if result.refreshes, case let changed = refresh(&finding, from: result), !changed.isEmpty {
                    let snippet = relocate(&finding, from: result, evidence: false)
                    finding.lastSeen = today
                    if snippet.isEmpty, changed.allSatisfy({ $0.hasPrefix("count ") || $0 == "description" }),
                       !Self.gainsSource(finding, over: existing.recorded) {
                        try keepLive(existing, finding, describing: true)
                    } else {
                        log(&finding, "updated by \(result.tool): \(changed.joined(separator: ", "))")
                        try save(existing, finding)
                    }
                    report.updated.append(finding)
                } else if case let moved = finding.location != result.location, case let evidence = relocate(&finding, from: result, evidence: false),
                          moved || !evidence.isEmpty {
                    finding.lastSeen = today
                    log(&finding, "seen at \(result.location?.display ?? "no location") in the \(result.tool) scan of \(short)"
                        + (evidence.isEmpty ? "" : " (\(evidence.joined(separator: ", ")))"))
                    try save(existing, finding)
                    report.updated.append(finding)
                } else {
                    if finding.lastSeen != today {
                        finding.lastSeen = today
                        try keepLive(existing, finding, describing: false)
                        report.live.removeLast()
                    }
                    report.unchanged += 1
                }
                report.stillOpen.append(finding)
            }
        }

        // Resolutions first: a finding the producer knows the reason for (an approved change, a
        // withdrawn advisory) is fixed with that reason rather than as one the scan no longer found.
        for resolution in resolutions {
            let id = try ids.id(forKey: resolution.identityKey, confidential: false)
            guard let entry = byID[id], changes[entry.path] == nil, entry.finding.status.isActive,
                  entry.finding.source?.tool == resolution.tool else { continue }
            var finding = entry.finding
            finding.status = .fixed
            finding.commits.fixed = resolution.commit
            log(&finding, "status \(entry.finding.status.rawValue) -> fixed: \(resolution.reason)")
            try save(entry, finding)
            report.fixed.append(finding)
            // Fixed for the producer's reason, not as missing from the scan.
            seen.insert(id)
        }
        // Files a scan failed on, per scope: their findings were not looked for, so are not gone.
        let unscanned = Dictionary(scopes.map { ($0, $0.unscannedPaths) }, uniquingKeysWith: { $0.union($1) })
        for entry in byID.values.sorted(by: { $0.finding.id < $1.finding.id }) {
            var finding = entry.finding
            guard let source = finding.source, scopeSet.contains(ScanScope(tool: source.tool, category: source.category ?? "default")) else {
                // An expired risk acceptance ends the same way for every finding, filed by hand or by
                // another tool: at the next write it is open again, with an activity line.
                if finding.status == .riskAccepted, let expires = finding.triage?.expires, expires < today {
                    finding.status = .open
                    finding.triage = nil
                    log(&finding, "status risk-accepted -> open: the risk acceptance expired on \(expires)")
                    try save(entry, finding)
                    report.expired.append(entry.finding)
                }
                continue
            }
            // A rule the repository ignores is not looked at, so its findings are not gone.
            if config.severityOverrides.ignores(tool: source.tool, rule: source.rule ?? "") { continue }
            let notScanned = finding.location.map { unscanned[ScanScope(tool: source.tool, category: source.category ?? "default")]?.contains($0.path) == true } ?? false
            if !partial, newer == nil, finding.status.isActive, !seen.contains(finding.id), notScanned {
                report.notes.append("\(finding.id) is not marked fixed: the \(source.tool) scan could not scan \(finding.location?.path ?? "its file")")
            } else if !partial, newer == nil, finding.status.isActive, !seen.contains(finding.id) {
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
        report.notes += suppressions.notes
        report.findings = byID.values.map(\.finding)
        // The first live counts make the branch say where they are, so a clone without the
        // reference fails closed rather than reading stale counts (see `LiveState.markerPath`).
        // `last_seen` alone is harmless when stale; counts are not (telemetry would count again).
        let counting = live.values.contains { $0.map { $0.evidence != nil || $0.description != nil } ?? false }
        if counting, store.live.commit == nil, try store.files.read(LiveState.markerPath) == nil {
            changes[LiveState.markerPath] = Array(LiveState.markerText.utf8)
        }
        return (changes, live, report.clearOfConfidential)
    }

    /// True when `finding`'s evidence names a source its file does not: a new attacker is news.
    static func gainsSource(_ finding: Finding, over recorded: Finding) -> Bool {
        let known = Set((recorded.evidence?.sources ?? []).map(\.name))
        return (finding.evidence?.sources ?? []).contains { !known.contains($0.name) }
    }

    /// A re-import where the stored finding is sealed to keys this importer does not hold (CI with
    /// only public keys): the ID says it is the same finding, so it can be seen again, reopened as a
    /// regression and later fixed. With the ID key, the scan's own view (`view`: location, text,
    /// counts) is sealed into the file when it changed, for readers to see as if imported with the key.
    private func updateSealed(_ finding: inout Finding, _ existing: StoredFinding, result: ScanResult, view: SealedScan?,
                              today: String, short: String, log: (inout Finding, String) -> Void,
                              save: (StoredFinding?, Finding) throws -> Void, report: inout ImportReport) throws {
        switch finding.status {
        case .riskAccepted, .falsePositive, .duplicate:
            report.keptTriage += 1
            report.unchanged += 1
        case .fixed:
            finding.status = Self.statusBeforeFixed(finding)
            finding.lastSeen = today
            try view?.apply(to: &finding, refreshing: result)
            log(&finding, "status fixed -> \(finding.status.rawValue): reappeared in the \(result.tool) scan of \(short) (regression)")
            try save(existing, finding)
            report.reopened.append(finding)
        case .open, .confirmed:
            if let view, view.isNew(for: finding) {
                try view.apply(to: &finding, refreshing: result)
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

    /// The status a fixed finding had before it was fixed, from its activity log (the last
    /// `status X -> fixed` line a person, a scan or a trailer wrote); open when the log does not say.
    static func statusBeforeFixed(_ finding: Finding) -> Status {
        for entry in finding.activity.reversed() {
            // `<timestamp> <person> status <before> -> fixed…`: the person part has no colon, so a
            // comment quoting such a line (`commented: status …`) does not count.
            guard let match = entry.range(of: #"^\S+ [^:\n]*? status [a-z-]+ -> fixed(?=$|[ :])"#, options: .regularExpression) else { continue }
            let words = entry[match].split(separator: " ")
            guard words.count >= 3, let before = Status(rawValue: String(words[words.count - 3])) else { return .open }
            return before.isActive ? before : .open
        }
        return .open
    }

    /// Moves a finding to where the scan saw it and takes the scan's snippet into its description
    /// (and its counted evidence, when `evidence`), without touching status, triage or anything
    /// people wrote. Returns what changed besides the location, for the activity line.
    @discardableResult
    private func relocate(_ finding: inout Finding, from result: ScanResult, evidence: Bool) -> [String] {
        var changed: [String] = []
        finding.location = result.location
        if let snippet = result.snippet?.trimmingCharacters(in: .newlines), !snippet.isEmpty,
           let description = Self.replacingSnippet(in: finding.description, with: snippet), description != finding.description {
            finding.description = description
            changed.append("snippet")
        }
        if evidence, let counted = result.evidence, finding.evidence != counted {
            changed.append("count \(finding.evidence.map { "\($0.count) -> " } ?? "")\(counted.count), last seen \(counted.lastSeen)")
            finding.evidence = counted
        }
        return changed
    }

    /// `description` with the fenced snippet that an import put after its `**Rule:**` line replaced
    /// by `snippet`; nil when there is no such block (none was filed, or people rewrote it).
    static func replacingSnippet(in description: String, with snippet: String) -> String? {
        var lines = description.components(separatedBy: "\n")
        guard let (open, close) = ImportedSnippet.fences(in: lines) else { return nil }
        lines.replaceSubrange(open...close, with: [SafeText.fencedBlock(snippet)])
        return lines.joined(separator: "\n")
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
        if let path = result.location?.path, let owner = config.owners.owner(of: path) {
            finding.assignee = owner.owner
            finding.activity.append("\(stamp.timestamp) \(stamp.person) assigned to \(owner.owner) (owners: \(owner.pattern))")
        }
        return finding
    }
}
