import Foundation
import SecIssueGit

/// Reading and moving `refs/secissue/state` (see `LiveState`): a chain of commits, each of whose
/// trees holds one small file per finding, written with libgit2 without touching the working
/// tree, the index or any branch.
extension Workspace {
    /// The live values as the reference holds them now; empty when there is no reference.
    /// A reference that cannot be read is an error: stale counts would look current.
    public func liveState() throws -> LiveState {
        guard let commit = try repository.referenceTarget(LiveState.reference) else { return LiveState() }
        var state = LiveState(commit: commit)
        do {
            let tree = try repository.tree(ofCommit: commit)
            for entry in try repository.entries(at: "", in: tree) ?? [] where !entry.isTree && entry.name.hasSuffix(".json") {
                guard let values = LiveValues(bytes: try repository.blob(entry.id)) else {
                    throw SecIssueError("\(LiveState.reference) holds \(entry.name), which is not a finding's live values")
                }
                state.values[String(entry.name.dropLast(5))] = values
            }
        } catch let error as GitError {
            throw SecIssueError("cannot read \(LiveState.reference) (\(error.message)): fetch it again "
                                + "(git fetch origin '+\(LiveState.reference):\(LiveState.reference)')")
        }
        return state
    }

    /// Fails closed when the branch says its live values are kept in the reference (the marker
    /// file) and this clone does not have it: counts read from the files would be stale.
    func requireLiveState(_ state: LiveState, files: SecurityFiles) throws {
        guard state.commit == nil, try files.read(LiveState.markerPath) != nil else { return }
        throw SecIssueError("this repository keeps the findings' live values in \(LiveState.reference), which this clone does not have: "
                            + "fetch it (git fetch origin '+\(LiveState.reference):\(LiveState.reference)'), then run the command again",
                            kind: .missingHistory)
    }

    /// Moves the reference from `old` to a commit with `changes` applied (nil removes a
    /// finding's values); false when another writer (a fetch) moved it first. The caller holds
    /// the writer lock.
    func writeLiveState(_ changes: [String: LiveValues?], over old: LiveState, message: String) throws -> Bool {
        var files: [String: [UInt8]?] = [:]
        for (id, values) in changes { files.updateValue(values.map { $0.encoded() }, forKey: LiveState.fileName(id)) }
        let author = try repository.signature(.author, environment: environment)
        let committer = try repository.signature(.committer, environment: environment)
        let base = try old.commit.map { try repository.tree(ofCommit: $0) }
        let blobs = try files.mapValues { content in try content.map { try repository.writeBlob($0) } }
        let tree = try repository.writeTree(base: base, changes: blobs)
        if tree == base { return true }
        let commit = try repository.createCommit(tree: tree, parents: old.commit.map { [$0] } ?? [], message: ToolTrailer.stamped(message),
                                                 author: author, committer: committer)
        return try moveReference(LiveState.reference, to: commit, expected: old.commit, message: reflogLine(message))
    }
}
