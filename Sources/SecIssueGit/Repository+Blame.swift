import CLibgit2

/// The blame of one file at one commit: which commit last changed each line.
public final class Blame {
    private let pointer: OpaquePointer
    /// The repository the blame reads from: kept alive as long as the blame, which points into it.
    private let repository: Repository

    init(pointer: OpaquePointer, repository: Repository) {
        self.pointer = pointer
        self.repository = repository
    }

    deinit {
        git_blame_free(pointer)
    }

    /// The commit that last changed line `line` (1-based), or nil past the end of the file.
    /// The corresponding C function is `git_blame_get_hunk_byline`.
    public func commit(forLine line: Int) -> ObjectID? {
        guard line > 0, let hunk = git_blame_get_hunk_byline(pointer, line) else { return nil }
        return ObjectID(hunk.pointee.final_commit_id)
    }
}

extension Repository {
    /// Blames `path` as it is in `commit`. The corresponding C function is `git_blame_file`.
    public func blame(path: String, at commit: ObjectID) throws -> Blame {
        var options = git_blame_options()
        try check(git_blame_options_init(&options, UInt32(GIT_BLAME_OPTIONS_VERSION)), "cannot set up blame")
        options.newest_commit = commit.raw
        var blame: OpaquePointer?
        try check(git_blame_file(&blame, pointer, path, &options), "cannot blame \(path) at \(commit.short())")
        guard let blame else { throw GitError(message: "cannot blame \(path) at \(commit.short())") }
        return Blame(pointer: blame, repository: self)
    }
}
