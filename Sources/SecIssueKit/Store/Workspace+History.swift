import Foundation
import SecIssueGit

/// The reads of history and configuration that feature targets need: the only door to git
/// above the core. Each forwards to one `Repository` call.
extension Workspace {
    /// The top of the working tree, or nil in a bare repository.
    public var workingDirectory: String? { repository.workingDirectory }
    /// This worktree's git directory (`.git`, or `.git/worktrees/NAME`).
    public var gitDirectory: String { repository.gitDirectory }
    /// The directory shared by all worktrees: hooks, config and the tool's caches live here.
    public var commonDirectory: String { repository.commonDirectory }

    /// The commit HEAD points at, or nil before the first commit.
    public func headCommit() throws -> ObjectID? { try repository.headCommit() }

    /// The branch HEAD names (`refs/heads/main`), or nil when detached.
    public func headBranch() throws -> String? { try repository.headBranch() }

    /// A revision (`HEAD~2`, `v1.0`, a hash) as the commit it names.
    /// In a shallow clone, a revision it cannot resolve is reported with the fix (it may lie past the boundary).
    public func resolveCommit(_ revision: String) throws -> ObjectID { try readingHistory { try repository.resolveCommit(revision) } }

    /// The commits reachable from `tips` and not from `hidden`, newest first; at most `limit`,
    /// and `truncated` says whether more were left.
    public func commits(from tips: [ObjectID], hiding hidden: [ObjectID] = [], limit: Int? = nil) throws
        -> (commits: [ObjectID], truncated: Bool) {
        // A shallow clone's history stops at its boundary: a range that reaches it is an error
        // that names the clone and the fix (see Workspace+Completeness), never fewer commits.
        try readingHistory { try repository.commits(from: tips, hiding: hidden, limit: limit) }
    }

    /// A commit's author, message and parents.
    public func commitInfo(_ id: ObjectID) throws -> CommitInfo { try readingHistory { try repository.commitInfo(id) } }

    /// True when `commit` has `ancestor` in its history.
    public func isDescendant(_ commit: ObjectID, of ancestor: ObjectID) -> Bool {
        repository.isDescendant(commit, of: ancestor)
    }

    /// The files a commit changed against `base` (nil: against the empty tree).
    /// In a partial clone, the blobs a line count reads are fetched through git when missing.
    public func changes(from base: ObjectID?, to commit: ObjectID, lineCounts: Bool) throws -> [CommittedFileChange] {
        try readingHistory {
            do {
                return try repository.changes(from: base, to: commit, lineCounts: lineCounts)
            } catch let error as GitError where error.kind == .notFound && (try? historyLimits().isPartial) == true {
                try repository.fetchPromisedBlobs(from: base, to: commit)
                return try repository.changes(from: base, to: commit, lineCounts: lineCounts)
            }
        }
    }

    /// The tree id of `directory` in `commit` (it changes whenever anything under it does), or
    /// nil when the commit has no such directory.
    public func treeID(of directory: String, in commit: ObjectID) throws -> ObjectID? {
        try readingHistory {
            guard let entry = try repository.entry(at: directory, in: repository.tree(ofCommit: commit)), entry.isTree else { return nil }
            return entry.id
        }
    }

    /// The blob of the finding `id` in a tree of `.security/findings/` (nil: no such tree), where
    /// readers look for it (`FindingLayout`): the fanned-out file first, then the flat one.
    public func findingBlob(_ id: String, inFindingsTree tree: ObjectID?) throws -> ObjectID? {
        guard let tree else { return nil }
        return try readingHistory {
            for path in FindingLayout.candidatePaths(of: id) {
                let relative = String(path.dropFirst(FindingLayout.directory.count + 1))
                if let entry = try repository.entry(at: relative, in: tree), !entry.isTree { return entry.id }
            }
            return nil
        }
    }

    /// The entries that differ between two trees (nil: the empty tree), with their blobs before and after.
    public func treeChanges(from old: ObjectID?, to new: ObjectID?) throws -> [TreeEntryChange] {
        try readingHistory { try repository.treeChanges(from: old, to: new) }
    }

    /// A blob's bytes, by id.
    public func blob(_ id: ObjectID) throws -> [UInt8] { try readingHistory { try repository.blob(id) } }

    /// The SSH or GPG signature a commit carries, with the bytes it signs.
    public func signature(ofCommit commit: ObjectID) throws -> CommitSignature? { try repository.signature(ofCommit: commit) }

    /// The annotated tags that carry a signature, with the bytes each signs.
    public func signedTags() throws -> [SignedTag] { try repository.signedTags() }

    /// The lines `commit` adds against `base` (nil: against the empty tree), file by file.
    public func addedLines(from base: ObjectID?, to commit: ObjectID) throws -> [StagedFileChange] { try repository.addedLines(from: base, to: commit) }

    /// The commit a reference points at, or nil when there is no such reference.
    public func referenceTarget(_ name: String) throws -> ObjectID? { try repository.referenceTarget(name) }

    /// The reference a symbolic reference points at (`refs/remotes/origin/HEAD` -> `.../main`).
    public func symbolicTarget(of name: String) throws -> String? { try repository.symbolicTarget(of: name) }

    /// Moves a reference the tool owns (`refs/secissue/...`) from `expected` to `target`.
    public func updateReference(_ name: String, to target: ObjectID, expected: ObjectID?, message: String) throws {
        try repository.updateReference(name, to: target, expected: expected, message: message)
    }

    /// The tips of a remote's tracking branches.
    public func remoteTips(_ remote: String) throws -> [ObjectID] { try repository.remoteTips(remote) }

    /// The files of a commit, read from git.
    public func files(at commit: ObjectID?) throws -> CommitFiles { try CommitFiles(repository: repository, commit: commit) }

    /// What the index holds against HEAD: each staged file's added lines and touched old lines.
    public func stagedChanges() throws -> StagedChanges { try repository.stagedChanges() }

    /// A file as staged in the index, read through the staged changes (nil: not in the index).
    public func stagedFile(_ path: String, in changes: StagedChanges) throws -> [UInt8]? { try repository.stagedFile(path, in: changes) }

    /// A configuration value as git reads it (repository, global and system files); nil when unset.
    /// A configuration file that cannot be read is an error, never "unset".
    public func configString(_ key: String) throws -> String? { try repository.configString(key) }

    /// Sets a value in the repository's own configuration.
    public func setConfig(_ key: String, to value: String) throws { try repository.setConfig(key, to: value) }
}
