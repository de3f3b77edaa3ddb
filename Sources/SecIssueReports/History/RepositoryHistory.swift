import Foundation
import SecIssueKit

/// The first-parent history of `.security/findings/` from one commit back to the root, as the
/// steps that changed it, oldest first: what `git log --first-parent -- .security/findings`
/// walks. Tree changes and finding versions come from the `StatsCache` when it has them, so a
/// second run reads only the commits.
public struct RepositoryHistory: Sendable {
    /// A name for the repository in roll-ups: the directory of its clone.
    public let name: String
    public let tip: ObjectID
    /// The author time of the tip commit.
    public let tipTime: Int64
    public let steps: [HistoryStep]
    /// The SLA days per severity of the tip's config.yml.
    public let slaDays: [Severity: Int]
    /// The https address of the repository on GitHub or a GitLab-style host, from its origin remote.
    public let webURL: String?
    /// Versions of finding files that did not parse (their findings keep the version before).
    public let unreadable: Int
    /// Where each finding's file is at the tip (`FindingLayout`), for links to it.
    public let findingPaths: [String: String]

    public static func load(_ workspace: Workspace, name: String, revision: String? = nil, cache: StatsCache) throws -> RepositoryHistory {
        guard let tip = try revision.map(workspace.resolveCommit) ?? workspace.headCommit() else { throw Workspace.noCommits }
        let store = SecurityStore(files: try workspace.files(at: tip))
        try store.requireInitialised()
        let config = try store.config()
        var chain: [(commit: ObjectID, time: Int64, tree: ObjectID?)] = []
        var next: ObjectID? = tip
        while let commit = next {
            let info = try workspace.commitInfo(commit)
            // Held to the years 0000...9999, so differences of times cannot overflow.
            let time = min(max(info.author.time, -62_167_219_200), 253_402_300_799)
            chain.append((commit, time, try workspace.treeID(of: SecurityStore.findingsDirectory, in: commit)))
            next = info.parents.first
        }
        var steps: [HistoryStep] = []
        var unreadable = 0
        var previous: ObjectID?
        for link in chain.reversed() where link.tree != previous {
            let delta = try cache.delta(previous, link.tree) ?? {
                let computed = try findingChanges(try workspace.treeChanges(from: previous, to: link.tree)) { id in
                    try workspace.findingBlob(id, inFindingsTree: link.tree)
                }
                cache.store(delta: computed, previous, link.tree)
                return computed
            }()
            var changes: [(id: String, record: FindingRecord?)] = []
            for (name, blob) in delta {
                guard let blob else { changes.append((name, nil)); continue }
                let record: FindingRecord?
                if let known = cache.records[blob] {
                    record = known
                } else {
                    let path = FindingLayout.flat.path(of: name)
                    record = FindingRecord.decode(String(decoding: try workspace.blob(blob), as: UTF8.self), path: path)
                    cache.store(record: record, for: blob)
                }
                // A version that does not parse leaves the finding as it was.
                guard let record else { unreadable += 1; continue }
                changes.append((name, record))
            }
            steps.append(HistoryStep(commit: link.commit, time: link.time, changes: changes))
            previous = link.tree
        }
        var sla: [Severity: Int] = [:]
        for (severity, days) in config.slaDays { if let days { sla[severity] = days } }
        return RepositoryHistory(name: name, tip: tip, tipTime: chain.first?.time ?? 0, steps: steps, slaDays: sla,
                                 webURL: HostLinks.webURL(remote: try? workspace.configString("remote.origin.url")), unreadable: unreadable,
                                 findingPaths: try store.findingFiles().paths)
    }

    /// The findings a change of the findings tree touches, by ID, in either layout (paths are
    /// relative to `.security/findings/`), each with the blob readers find for it in the new tree
    /// (`blob`; nil: gone). A finding moved by a migration counts once, as changed, so the numbers
    /// do not jump across it; one of two copies of a finding filed twice, deleted, leaves it as the
    /// other copy says, not gone.
    static func findingChanges(_ changes: [TreeEntryChange], blob: (String) throws -> ObjectID?) rethrows -> [(name: String, blob: ObjectID?)] {
        let ids = Set(changes.compactMap { FindingLayout.id(ofPath: SecurityStore.findingsDirectory + "/" + $0.path) })
        return try ids.sorted().map { (name: $0, blob: try blob($0)) }
    }
}
