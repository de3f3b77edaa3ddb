import Foundation
import SecIssueGit

/// Files the alerts of `protect check` through the scan import, and closes alerts whose change
/// has been approved since (by a follow-up commit).
///
/// The import is partial: a check of one range says nothing about commits outside it, so it
/// never marks other alerts fixed.
public enum ProtectFiling {
    /// The starter guide on protecting CI/CD, linked from every alert when the repository has it.
    static let pipelineGuide = "pipeline-protection"
    /// The tag of every alert, the one the guide's `list --tag ci-cd` looks for.
    static let tag = "ci-cd"

    /// The ID the alert for a change is, or would be, filed under.
    public static func findingID(_ verdict: ProtectCheck.Verdict, config: Config) -> String {
        FindingID.derived(prefix: config.idPrefix, key: ProtectCheck.result(verdict, policy: ProtectPolicy()).identityKey)
    }

    /// The file changes and the report for the verdicts, against the findings in `store`;
    /// `policy` gives the severity.
    public static func plan(_ verdicts: [ProtectCheck.Verdict], policy: ProtectPolicy, tip: ObjectID, store: SecurityStore, stamp: Stamp) throws
        -> (changes: [String: [UInt8]?], report: ImportReport) {
        let config = try store.config()
        let catalog = try GuidanceCatalog(store: store)
        let results = verdicts.filter { !$0.isApproved }.map { verdict in
            var result = ProtectCheck.result(verdict, policy: policy)
            result.guidance = guides(verdict, catalog: catalog)
            return result
        }
        let importer = ScanImport(results: results, scopes: [ProtectCheck.scope], partial: true, scannedCommit: tip.hex,
                                  introduced: { _, _ in nil })
        var (changes, report) = try importer.plan(store, stamp: stamp)
        try closeApproved(&changes, &report, verdicts: verdicts, store: store, config: config, stamp: stamp)
        return (changes, report)
    }

    /// The guides of an alert: the pipeline guide and those for the paths it changed (CWE 284 alone
    /// is too broad to pick them); empty, so the CWE decides, when the repository has none of them.
    private static func guides(_ verdict: ProtectCheck.Verdict, catalog: GuidanceCatalog) -> [String] {
        let topics = catalog.guides.filter { $0.id == pipelineGuide }.map(\.id) + verdict.changes.flatMap { catalog.guides(forPath: $0.path).map(\.id) }
        return topics.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    /// An active alert whose change has since been approved (by a follow-up) is fixed by the approval.
    private static func closeApproved(_ changes: inout [String: [UInt8]?], _ report: inout ImportReport, verdicts: [ProtectCheck.Verdict],
                                      store: SecurityStore, config: Config, stamp: Stamp) throws {
        for verdict in verdicts {
            guard let approval = verdict.decision.approval else { continue }
            let id = findingID(verdict, config: config)
            let path = SecurityStore.findingPath(id)
            guard changes[path] == nil, try store.files.read(path) != nil else { continue }
            let stored = try store.load(id: id)
            guard stored.finding.status.isActive, stored.finding.source?.tool == ProtectCheck.tool else { continue }
            var finding = stored.finding
            finding.status = .fixed
            finding.commits.fixed = approval.carrier.hex
            finding.updated = stamp.timestamp
            finding.activity.append("\(stamp.timestamp) \(stamp.person) status \(stored.finding.status.rawValue) -> fixed: "
                + "approved by \(approval.summary(for: verdict.commit.id))")
            changes[path] = Array(try FindingCodec.rewrite(stored.text, from: stored.finding, to: finding, path: path).utf8)
            report.fixed.append(finding)
        }
    }

    /// Plans and records in `mode`, re-planned if another writer moved the reference first.
    public static func write(_ verdicts: [ProtectCheck.Verdict], policy: ProtectPolicy, tip: ObjectID, workspace: Workspace, mode: WriteMode,
                             stamp: Stamp) throws -> (report: ImportReport, outcome: WriteOutcome) {
        var report = ImportReport()
        let outcome = try workspace.write(mode) { store in
            let (changes, planned) = try plan(verdicts, policy: policy, tip: tip, store: store, stamp: stamp)
            report = planned
            return PlannedWrite(changes: changes, message: ScanImport.message(planned, tools: [ProtectCheck.tool]))
        }
        return (report, outcome)
    }

    /// The unapproved changes that fail the gate (severity at or above `gate.fail_on`), and the
    /// alerts people have settled (risk-accepted, false-positive, duplicate), which do not fail it.
    public static func gate(_ verdicts: [ProtectCheck.Verdict], policy: ProtectPolicy, store: SecurityStore, config: Config) throws
        -> (failing: [ProtectCheck.Verdict], settled: [String: Finding]) {
        var failing: [ProtectCheck.Verdict] = []
        var settled: [String: Finding] = [:]
        for verdict in verdicts where !verdict.isApproved {
            let id = findingID(verdict, config: config)
            if try store.files.read(SecurityStore.findingPath(id)) != nil {
                let finding = try store.load(id: id).finding
                if [.riskAccepted, .falsePositive, .duplicate].contains(finding.status) {
                    settled[verdict.commit.id.hex] = finding
                    continue
                }
            }
            if policy.severity >= config.failOn { failing.append(verdict) }
        }
        return (failing, settled)
    }
}
