/// The gate of a pull or merge request: the scan is planned against the findings at the
/// merge-base, so what the branch itself commits under `.security/findings/` (its own import,
/// a triage of its own new finding, a lowered severity, a deleted file) cannot hide a new
/// finding. A branch's change to a finding file counts only when a listed security approver
/// approved it, as a change to a protected path is approved (`protect check`); the caller
/// decides which files are approved and passes their IDs as `trusted`.
public enum PullRequestGate {
    /// The finding files that differ between `base` and `head`.
    public static func changedFindingFiles(_ workspace: Workspace, from base: ObjectID, to head: ObjectID) throws -> [String] {
        guard base != head else { return [] }
        return try workspace.changes(from: base, to: head, lineCounts: false).map(\.path)
            .filter(FindingLayout.isUnderFindings).sorted()
    }

    /// The finding ID a finding file holds (`.security/findings/SEC-1a2b.md` or
    /// `.security/findings/1a/SEC-1a2b.md` → `SEC-1a2b`): its name, wherever it is.
    public static func findingID(path: String) -> String {
        FindingLayout.id(ofPath: path) ?? String(String(path.split(separator: "/").last ?? "").dropLast(3))
    }

    /// The reasons to fail: each new or reopened finding at or above `fail_on` against the base,
    /// unless the branch's approved change to it settles it; and each finding the branch filed
    /// itself with an approval that is still active (approval of a filing is not a fix).
    /// - Parameters:
    ///   - base: the scan planned against the findings at the merge-base.
    ///   - branch: the scan planned against the branch's findings; needed only when `trusted` is not empty.
    ///   - baseFindings: the findings at the merge-base before the scan, by ID.
    public static func reasons(base: ImportReport, branch: ImportReport?, trusted: Set<String>, baseFindings: [String: Finding],
                               config: Config, today: String) -> [String] {
        var judged = base
        judged.new = base.new.filter { !trusted.contains($0.id) }
        judged.reopened = base.reopened.filter { !trusted.contains($0.id) }
        var reasons = Gate.reasons(judged, active: [], config: config, today: today, scope: .change)
        let branchFindings = Dictionary((branch?.findings ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for id in trusted.sorted() {
            guard let finding = branchFindings[id], finding.status.isActive, finding.severity >= config.failOn,
                  baseFindings[id]?.status.isActive != true else { continue }
            reasons.append("new \(finding.severityLabel) finding \(finding.id): \(finding.title) (\(finding.location?.display ?? "no location"))")
        }
        return reasons
    }

    /// When the base has no `.security/` yet, every active finding at or above `fail_on` is new to it.
    public static func reasonsWithoutBase(_ report: ImportReport, config: Config) -> [String] {
        report.findings.filter { $0.status.isActive && $0.severity >= config.failOn }.sorted { $0.id < $1.id }.map { finding in
            "new \(finding.severityLabel) finding \(finding.id): \(finding.title) (\(finding.location?.display ?? "no location"))"
        }
    }
}
