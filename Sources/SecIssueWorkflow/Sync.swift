import Foundation
import SecIssueKit

/// `sync`: links findings to the commits whose messages name them, and marks those a commit
/// says it fixes (`Security-Fixes:`) as fixed by that commit.
public enum Sync {
    /// Where the last synced commit is kept, per repository (not pushed: each clone syncs itself).
    public static let reference = "refs/secissue/synced"

    /// The commits to look at: `range` (`A..B`, or a revision and its history), else those not
    /// yet synced from HEAD; oldest first, so a later commit's word wins.
    public static func commits(_ workspace: Workspace, range: String?) throws -> [ObjectID] {
        if let range {
            let parts = range.components(separatedBy: "..")
            if parts.count == 2 {
                let tip = try workspace.resolveCommit(parts[1].isEmpty ? "HEAD" : parts[1])
                return try workspace.commits(from: [tip], hiding: [try workspace.resolveCommit(parts[0])]).commits.reversed()
            }
            return try workspace.commits(from: [try workspace.resolveCommit(range)]).commits.reversed()
        }
        guard let head = try workspace.headCommit() else { return [] }
        let synced = try workspace.referenceTarget(reference)
        return try workspace.commits(from: [head], hiding: synced.map { [$0] } ?? []).commits.reversed()
    }

    /// What a sync did.
    public struct Outcome: Sendable {
        public var commits: Int
        public var linked: Int
        public var fixed: [String]
        public var outcome: WriteOutcome
        public var message: String
    }

    /// Reads the commits of `range` (else those not yet synced), records their links and fixes
    /// in `mode`, and, with no range, remembers HEAD as synced.
    public static func run(_ workspace: Workspace, range: String?, mode: WriteMode) throws -> Outcome {
        let commits = try self.commits(workspace, range: range)
        let stamp = try workspace.stamp()
        let subject = "secissue: sync \(commits.count) commit\(commits.count == 1 ? "" : "s")\n"
        var result = Outcome(commits: commits.count, linked: 0, fixed: [], outcome: .unchanged, message: subject)
        if !commits.isEmpty {
            result.outcome = try workspace.write(mode) { store in
                try store.requireInitialised()
                let plan = try Sync.plan(workspace, commits: commits, store: store, stamp: stamp)
                (result.fixed, result.linked) = (plan.fixed, plan.linked)
                result.message = subject + (plan.fixed.isEmpty ? "" : "\n" + plan.fixed.map { "Security-Finding: \($0)\n" }.joined())
                return PlannedWrite(changes: plan.changes, message: result.message)
            }
        }
        if range == nil { try markSynced(workspace) }
        return result
    }

    /// Records HEAD as synced, so the next `sync` starts after it.
    public static func markSynced(_ workspace: Workspace) throws {
        guard let head = try workspace.headCommit() else { return }
        let current = try workspace.referenceTarget(reference)
        try workspace.updateReference(reference, to: head, expected: current, message: "secissue: synced")
    }

    /// The changes for `commits`, from their trailers, applied to the findings in `store`.
    public static func plan(_ workspace: Workspace, commits: [ObjectID], store: SecurityStore, stamp: Stamp) throws -> (changes: [String: [UInt8]?], fixed: [String], linked: Int) {
        let index = FindingIndex(ids: try store.findingIDs())
        var findings: [String: StoredFinding] = [:]
        var updated: [String: Finding] = [:]
        var fixed: [String] = []
        var linked = 0
        for commit in commits {
            let info = try workspace.commitInfo(commit)
            for reference in Trailers.references(in: info.message) {
                guard let id = try? index.resolve(reference.id) else { continue }
                if findings[id] == nil { findings[id] = try store.load(id: id) }
                var finding = updated[id] ?? findings[id]!.finding
                let short = String(commit.hex.prefix(7))
                if !finding.commits.linked.contains(commit.hex) {
                    finding.commits.linked.append(commit.hex)
                    finding.activity.append("\(stamp.timestamp) \(stamp.person) linked commit \(commit.hex) (\(reference.key))")
                    linked += 1
                }
                if reference.key == Trailers.fixes, finding.status.isActive || (finding.status == .fixed && finding.commits.fixed == nil) {
                    let before = finding.status
                    finding.status = .fixed
                    finding.commits.fixed = commit.hex
                    finding.activity.append("\(stamp.timestamp) \(stamp.person) status \(before.rawValue) -> fixed in \(commit.hex): \(Trailers.fixes) in \(short) \"\(info.subject)\"")
                    fixed.append(id)
                }
                finding.updated = stamp.timestamp
                updated[id] = finding
            }
        }
        var changes: [String: [UInt8]?] = [:]
        for (id, finding) in updated where finding != findings[id]?.finding {
            guard let original = findings[id] else { continue }
            var stamped = finding
            if stamped.activity == original.finding.activity { continue }
            stamped.updated = stamp.timestamp
            changes[original.path] = Array(try FindingCodec.rewrite(original.text, from: original.finding, to: stamped, path: original.path).utf8)
        }
        return (changes, fixed, linked)
    }
}
