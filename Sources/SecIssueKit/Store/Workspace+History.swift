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
    public func resolveCommit(_ revision: String) throws -> ObjectID { try repository.resolveCommit(revision) }

    /// The commits reachable from `tips` and not from `hidden`, newest first; at most `limit`,
    /// and `truncated` says whether more were left.
    public func commits(from tips: [ObjectID], hiding hidden: [ObjectID] = [], limit: Int? = nil) throws
        -> (commits: [ObjectID], truncated: Bool) {
        try repository.commits(from: tips, hiding: hidden, limit: limit)
    }

    /// A commit's author, message and parents.
    public func commitInfo(_ id: ObjectID) throws -> CommitInfo { try repository.commitInfo(id) }

    /// True when `commit` has `ancestor` in its history.
    public func isDescendant(_ commit: ObjectID, of ancestor: ObjectID) -> Bool {
        repository.isDescendant(commit, of: ancestor)
    }

    /// The files a commit changed against `base` (nil: against the empty tree).
    public func changes(from base: ObjectID?, to commit: ObjectID, lineCounts: Bool) throws -> [CommittedFileChange] {
        try repository.changes(from: base, to: commit, lineCounts: lineCounts)
    }

    /// What a commit changed against `base` (nil: the empty tree), with the lines it added.
    public func committedChanges(from base: ObjectID?, to commit: ObjectID) throws -> [StagedFileChange] {
        try repository.committedChanges(from: base, to: commit)
    }

    /// The SSH or GPG signature a commit carries, with the bytes it signs.
    public func signature(ofCommit commit: ObjectID) throws -> CommitSignature? { try repository.signature(ofCommit: commit) }

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
    public func stagedChanges() throws -> [StagedFileChange] { try repository.stagedChanges() }

    /// A file as staged in the index.
    public func stagedFile(_ path: String) throws -> [UInt8]? { try repository.stagedFile(path) }

    /// A configuration value as git reads it (repository, global and system files); nil when unset.
    /// A configuration file that cannot be read is an error, never "unset".
    public func configString(_ key: String) throws -> String? { try repository.configString(key) }

    /// Sets a value in the repository's own configuration.
    public func setConfig(_ key: String, to value: String) throws { try repository.setConfig(key, to: value) }
}
