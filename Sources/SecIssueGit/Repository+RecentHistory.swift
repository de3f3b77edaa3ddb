import CLibgit2

extension Repository {
    /// The newest `limit` commits reachable from `tip`, as `git log` orders them (every commit
    /// before its parents, then by time), and whether more remained. libgit2 orders the whole
    /// graph before the first commit comes out, but only `limit` of them are kept here.
    /// The corresponding C functions are `git_revwalk_push` and `git_revwalk_next`.
    public func recentCommits(from tip: ObjectID, limit: Int) throws -> (commits: [ObjectID], truncated: Bool) {
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, pointer), "cannot walk the history")
        defer { git_revwalk_free(walk) }
        try check(git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue), "cannot walk the history")
        var raw = tip.raw
        try check(git_revwalk_push(walk, &raw), "cannot walk from \(tip.short())")
        var result: [ObjectID] = []
        var oid = git_oid()
        while git_revwalk_next(&oid, walk) == 0 {
            guard result.count < limit else { return (result, true) }
            result.append(ObjectID(oid))
        }
        return (result, false)
    }
}
