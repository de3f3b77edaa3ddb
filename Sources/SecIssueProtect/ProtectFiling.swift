import Foundation
import SecIssueKit

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

    /// The filing of the verdicts: an alert per unapproved change, and the alerts of changes approved
    /// since (by a follow-up commit) resolved by their approval. `session` scans the range's tip.
    public static func filing(_ verdicts: [ProtectCheck.Verdict], policy: ProtectPolicy, session: ScanSession) throws -> Filing {
        let catalog = try GuidanceCatalog(store: session.store)
        let results = verdicts.filter { !$0.isApproved }.map { verdict in
            var result = ProtectCheck.result(verdict, policy: policy)
            result.guidance = guides(verdict, catalog: catalog)
            return result
        }
        var filing = Filing(session: session, results: results, scopes: [ProtectCheck.scope], partial: true, label: ProtectCheck.tool)
        filing.blamesLines = false
        filing.notifies = true
        filing.resolutions = verdicts.compactMap { verdict in
            verdict.decision.approval.map { approval in
                ScanImport.Resolution(identityKey: ProtectCheck.result(verdict, policy: policy).identityKey, tool: ProtectCheck.tool,
                                      commit: approval.carrier.hex, reason: "approved by \(approval.summary(for: verdict.commit.id))")
            }
        }
        return filing
    }

    /// The guides of an alert: the pipeline guide and those for the paths it changed (CWE 284 alone
    /// is too broad to pick them); empty, so the CWE decides, when the repository has none of them.
    private static func guides(_ verdict: ProtectCheck.Verdict, catalog: GuidanceCatalog) -> [String] {
        let topics = catalog.guides.filter { $0.id == pipelineGuide }.map(\.id) + verdict.changes.flatMap { catalog.guides(matching: $0.path).map(\.id) }
        return topics.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    /// The unapproved changes that fail the gate (severity at or above `gate.fail_on`), and the
    /// alerts people have settled (risk-accepted, false-positive, duplicate), which do not fail it.
    public static func gate(_ verdicts: [ProtectCheck.Verdict], policy: ProtectPolicy, store: SecurityStore, config: Config) throws
        -> (failing: [ProtectCheck.Verdict], settled: [String: Finding]) {
        var failing: [ProtectCheck.Verdict] = []
        var settled: [String: Finding] = [:]
        for verdict in verdicts where !verdict.isApproved {
            let id = findingID(verdict, config: config)
            if try store.existingPath(of: id) != nil {
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
