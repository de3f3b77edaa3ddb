import Foundation
import SecIssueKit

/// `protect status`: for each protected pattern, the last commit on HEAD that changed a path
/// it matches, whether that change was approved, and the last approved one.
public enum ProtectStatus {
    /// How many commits the walk reads at most; older history is not looked at.
    public static let defaultLimit = 10_000

    /// A commit that changed paths of one pattern, with its approval decision.
    public struct Change: Sendable {
        public let commit: CommitInfo
        public let paths: [String]
        public let decision: ApprovalDecision
    }

    public struct Entry: Sendable {
        public let pattern: String
        /// The newest change; nil when no commit walked changed a matching path.
        public var last: Change?
        /// The newest approved change (the same as `last` when that one is approved).
        public var lastApproved: Change?
    }

    public struct Report: Sendable {
        public var entries: [Entry]
        public var approverCount: Int
        /// Commits read; `truncated` when the walk stopped at the limit with history left.
        public var walked: Int
        public var truncated: Bool
    }

    /// Walks HEAD's history, newest first, until every pattern has an approved change (with no
    /// approvers configured: any change) or the limit is reached. A follow-up approval descends
    /// from the change it names, so the walk has read it by the time it reaches the change.
    public static func report(_ workspace: Workspace, policy: ProtectPolicy, limit: Int = defaultLimit) throws -> Report {
        var entries = policy.allPaths.map { Entry(pattern: $0) }
        guard let head = try workspace.headCommit() else {
            return Report(entries: entries, approverCount: policy.approvers.count, walked: 0, truncated: false)
        }
        let (commits, truncated) = try workspace.commits(from: [head], limit: limit)
        do {
            let ledger = ApprovalLedger(workspace: workspace, policy: policy)
            // With no approvers nothing can be approved: the newest change of each pattern is all there is to find.
            let settled: (Entry) -> Bool = policy.approvers.isEmpty ? { $0.last != nil } : { $0.lastApproved != nil }
            var walked = 0
            for id in commits {
                if entries.allSatisfy(settled) { break }
                walked += 1
                let info = try workspace.commitInfo(id)
                try ledger.register(info)
                let paths = try ProtectCheck.protectedChanges(of: info, in: workspace, policy: policy, lineCounts: false).map(\.path)
                guard !paths.isEmpty else { continue }
                let decision = try ledger.decision(for: info)
                for index in entries.indices where entries[index].lastApproved == nil {
                    let matched = paths.filter { Glob.matches(entries[index].pattern, $0) }
                    guard !matched.isEmpty else { continue }
                    let change = Change(commit: info, paths: matched, decision: decision)
                    if entries[index].last == nil { entries[index].last = change }
                    if decision.isApproved { entries[index].lastApproved = change }
                }
            }
            return Report(entries: entries, approverCount: policy.approvers.count, walked: walked,
                          truncated: truncated && walked == commits.count)
        }
    }
}
