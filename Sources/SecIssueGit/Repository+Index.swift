import CLibgit2

/// How a tracked path differs from HEAD, as `git status --porcelain` reports it.
public struct PathStatus: Sendable, Equatable {
    /// The index differs from HEAD.
    public var staged: Bool
    /// The working tree differs from the index.
    public var unstaged: Bool

    public var isClean: Bool { !staged && !unstaged }
}

extension Repository {
    /// The status of one path. The corresponding C function is `git_status_file`.
    public func status(ofPath path: String) throws -> PathStatus {
        var flags: UInt32 = 0
        let code = git_status_file(&flags, pointer, path)
        if code == GIT_ENOTFOUND.rawValue { return PathStatus(staged: false, unstaged: false) }
        try check(code, "cannot read the status of \(path)")
        let stagedMask = GIT_STATUS_INDEX_NEW.rawValue | GIT_STATUS_INDEX_MODIFIED.rawValue
            | GIT_STATUS_INDEX_DELETED.rawValue | GIT_STATUS_INDEX_RENAMED.rawValue | GIT_STATUS_INDEX_TYPECHANGE.rawValue
        let unstagedMask = GIT_STATUS_WT_MODIFIED.rawValue | GIT_STATUS_WT_DELETED.rawValue
            | GIT_STATUS_WT_TYPECHANGE.rawValue | GIT_STATUS_WT_RENAMED.rawValue | GIT_STATUS_CONFLICTED.rawValue
        return PathStatus(staged: flags & stagedMask != 0, unstaged: flags & unstagedMask != 0)
    }

    /// Sets the index entries of `paths` from the working tree (a path whose file is gone is
    /// removed from the index), leaving every other entry as it was.
    /// The corresponding C functions are `git_index_add_bypath` and `git_index_remove_bypath`.
    public func stage(paths: [String], removed: Set<String> = []) throws {
        var index: OpaquePointer?
        try check(git_repository_index(&index, pointer), "cannot open the index")
        defer { git_index_free(index) }
        try check(git_index_read(index, 0), "cannot read the index")
        for path in paths {
            if removed.contains(path) {
                try check(git_index_remove_bypath(index, path), "cannot unstage \(path)")
            } else {
                try check(git_index_add_bypath(index, path), "cannot stage \(path)")
            }
        }
        try check(git_index_write(index), "cannot write the index")
    }
}
