import CLibgit2

/// One file a commit changes, as `git diff --stat` counts it.
public struct CommittedFileChange: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case added, deleted, modified, typeChanged = "type-changed"
    }

    /// The path after the change (for a deletion, the path that went away).
    public let path: String
    public let kind: Kind
    /// Lines added and removed; both 0 for a binary file or when line counts were not asked for.
    public var insertions: Int
    public var deletions: Int
    public var isBinary: Bool

    public init(path: String, kind: Kind, insertions: Int = 0, deletions: Int = 0, isBinary: Bool = false) {
        self.path = path
        self.kind = kind
        self.insertions = insertions
        self.deletions = deletions
        self.isBinary = isBinary
    }

    /// `+12 -3`, or `binary`.
    public var stat: String { isBinary ? "binary" : "+\(insertions) -\(deletions)" }
}

extension Repository {
    /// The files that differ between the trees of `base` (nil: the empty tree) and `commit`.
    /// Renames are not paired up, so a move shows as a deletion and an addition and both paths
    /// are seen. With `lineCounts`, each file's patch is built to count its lines (slower).
    /// The corresponding C functions are `git_diff_tree_to_tree` and `git_patch_line_stats`.
    public func changes(from base: ObjectID?, to commit: ObjectID, lineCounts: Bool) throws -> [CommittedFileChange] {
        try withTreeDiff(from: base, to: commit) { diff in
            try changes(in: diff, lineCounts: lineCounts)
        }
    }

    /// Runs `body` with the diff between the trees of `base` (nil: the empty tree) and `commit`,
    /// freed on every path. The corresponding C function is `git_diff_tree_to_tree`.
    func withTreeDiff<T>(from base: ObjectID?, to commit: ObjectID, _ body: (OpaquePointer?) throws -> T) throws -> T {
        let oldID = try base.map { try tree(ofCommit: $0) }
        let newID = try tree(ofCommit: commit)
        var diff: OpaquePointer?
        try withTree(oldID) { oldTree in
            try withTree(newID) { newTree in
                _ = try check(git_diff_tree_to_tree(&diff, pointer, oldTree, newTree, nil), "cannot diff \(commit.short())")
            }
        }
        defer { git_diff_free(diff) }
        return try body(diff)
    }

    private func changes(in diff: OpaquePointer?, lineCounts: Bool) throws -> [CommittedFileChange] {
        var changes: [CommittedFileChange] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index) else { continue }
            let side = delta.pointee.status == GIT_DELTA_DELETED ? delta.pointee.old_file : delta.pointee.new_file
            var change = CommittedFileChange(path: String(cString: side.path), kind: Self.kind(of: delta.pointee.status))
            if lineCounts {
                var patch: OpaquePointer?
                try check(git_patch_from_diff(&patch, diff, index), "cannot read the change to \(change.path)")
                defer { git_patch_free(patch) }
                if let patch {
                    var context = 0, added = 0, removed = 0
                    try check(git_patch_line_stats(&context, &added, &removed, patch), "cannot count the lines of \(change.path)")
                    change.insertions = added
                    change.deletions = removed
                    change.isBinary = (git_patch_get_delta(patch)?.pointee.flags ?? 0) & GIT_DIFF_FLAG_BINARY.rawValue != 0
                }
            }
            changes.append(change)
        }
        return changes
    }

    /// What `commit` changes against its first parent, or against the empty tree for a root commit.
    public func changes(in commit: ObjectID, lineCounts: Bool) throws -> [CommittedFileChange] {
        try changes(from: commitInfo(commit).parents.first, to: commit, lineCounts: lineCounts)
    }

    private static func kind(of status: git_delta_t) -> CommittedFileChange.Kind {
        switch status {
        case GIT_DELTA_ADDED: return .added
        case GIT_DELTA_DELETED: return .deleted
        case GIT_DELTA_TYPECHANGE: return .typeChanged
        default: return .modified
        }
    }
}

/// One entry that differs between two trees: its path relative to them and its blob before and
/// after (nil where it is absent).
public struct TreeEntryChange: Sendable, Equatable {
    public let path: String
    public let old: ObjectID?
    public let new: ObjectID?

    public init(path: String, old: ObjectID?, new: ObjectID?) {
        self.path = path
        self.old = old
        self.new = new
    }
}

extension Repository {
    /// The entries that differ between two trees (nil: the empty tree), with their blob ids, so a
    /// caller can read only what changed. Identical subtrees are skipped by id, as git does.
    /// The corresponding C function is `git_diff_tree_to_tree`.
    public func treeChanges(from old: ObjectID?, to new: ObjectID?) throws -> [TreeEntryChange] {
        var diff: OpaquePointer?
        try withTree(old) { oldTree in
            try withTree(new) { newTree in
                _ = try check(git_diff_tree_to_tree(&diff, pointer, oldTree, newTree, nil), "cannot diff tree \(new?.short() ?? "empty")")
            }
        }
        defer { git_diff_free(diff) }
        return (0..<git_diff_num_deltas(diff)).compactMap { index in
            guard let delta = git_diff_get_delta(diff, index)?.pointee else { return nil }
            let added = delta.status == GIT_DELTA_ADDED, deleted = delta.status == GIT_DELTA_DELETED
            let side = deleted ? delta.old_file : delta.new_file
            return TreeEntryChange(path: String(cString: side.path), old: added ? nil : ObjectID(delta.old_file.id),
                                   new: deleted ? nil : ObjectID(delta.new_file.id))
        }
    }
}
