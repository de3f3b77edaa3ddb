import Foundation
import SecIssueKit

/// `protect check`: each commit of a range that changes a protected path, with the approval
/// decision for it, and the findings unapproved changes file.
public enum ProtectCheck {
    public static let tool = "protect"
    public static let rule = "unapproved-change"
    public static let scope = ScanScope(tool: tool, category: "default")

    /// One commit that changes protected paths.
    public struct Verdict: Sendable {
        public let commit: CommitInfo
        /// The protected files it changes, with their line counts.
        public let changes: [CommittedFileChange]
        public let decision: ApprovalDecision

        public var isApproved: Bool { decision.isApproved }
    }

    /// The verdicts for the commits of `range` that change protected paths, oldest first.
    /// Follow-up approvals count when the follow-up is in the range too; `reviews` are the
    /// platform's approving reviews, when the CI job provides them.
    public static func verdicts(_ range: ProtectRange, in workspace: Workspace, policy: ProtectPolicy, reviews: [PlatformReview] = []) throws
        -> [Verdict] {
        let ledger = ApprovalLedger(workspace: workspace, policy: policy, reviews: reviews)
        let infos = try range.commits.map { try workspace.commitInfo($0) }
        try infos.forEach(ledger.register)
        return try infos.compactMap { info in
            let changes = try protectedChanges(of: info, in: workspace, policy: policy, lineCounts: true)
            guard !changes.isEmpty else { return nil }
            return Verdict(commit: info, changes: changes, decision: try ledger.decision(for: info))
        }
    }

    /// The protected files a commit changes: against its first parent (a root commit: against
    /// nothing). A merge counts only for files whose merged content differs from every parent,
    /// that is, what the merge itself decided (a conflict resolution or an edit made while
    /// merging); files it takes unchanged from one side were checked in that side's commits.
    static func protectedChanges(of info: CommitInfo, in workspace: Workspace, policy: ProtectPolicy, lineCounts: Bool) throws
        -> [CommittedFileChange] {
        let first = try workspace.changes(from: info.parents.first, to: info.id, lineCounts: false)
        var paths = Set(first.map(\.path).filter(policy.isProtected))
        for parent in info.parents.dropFirst() where !paths.isEmpty {
            paths.formIntersection(try workspace.changes(from: parent, to: info.id, lineCounts: false).map(\.path))
        }
        guard !paths.isEmpty else { return [] }
        let counted = lineCounts ? try workspace.changes(from: info.parents.first, to: info.id, lineCounts: true) : first
        return counted.filter { paths.contains($0.path) }
    }

    /// The derived finding key of a commit's alert: a re-run over the same commit updates the
    /// same finding, whatever range it was checked in.
    public static func fingerprint(_ commit: ObjectID) -> String { "v1/protect:\(commit.hex)" }

    /// One scan result per unapproved change.
    public static func results(_ verdicts: [Verdict], policy: ProtectPolicy) -> [ScanResult] {
        verdicts.filter { !$0.isApproved }.map { result($0, policy: policy) }
    }

    static func result(_ verdict: Verdict, policy: ProtectPolicy) -> ScanResult {
        let commit = verdict.commit
        var title = "Unapproved change to the deployment pipeline: \(commit.id.short()) \(commit.subject)"
        if title.count > 100 { title = String(title.prefix(99)) + "…" }
        var result = ScanResult(
            tool: tool, toolVersion: nil, rule: rule, category: scope.category, title: title, severity: policy.severity, cwe: [284],
            location: verdict.changes.first.map { Finding.Location(path: $0.path, line: 1) },
            message: ProtectDescription.markdown(verdict, policy: policy), ruleHelp: nil, helpURI: nil, snippet: nil,
            fingerprint: fingerprint(commit.id), suppression: nil, isSecret: false)
        // An alert belongs to its own commit, not to the tip of the checked range.
        result.commit = commit.id.hex
        result.tags = [ProtectFiling.tag]
        return result
    }
}
