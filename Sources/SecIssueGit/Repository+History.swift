import CLibgit2

/// What `git log` shows of one commit.
public struct CommitInfo: Sendable, Equatable {
    public let id: ObjectID
    public let author: Signature
    public let message: String
    public let parents: [ObjectID]

    /// The first line of the message.
    public var subject: String { String(message.prefix { $0 != "\n" }) }
}

extension Repository {
    /// The commits reachable from `tips` and not from `hidden`, newest first (topological, then by
    /// time, as `git log` orders them): at most `limit` of them, and whether more remained.
    /// libgit2 orders the whole graph before the first commit comes out, but only `limit` are kept.
    /// A walk that fails (a missing parent, a damaged object) is an error, never the end of
    /// history. The corresponding C functions are `git_revwalk_push`, `git_revwalk_hide` and
    /// `git_revwalk_next`.
    public func commits(from tips: [ObjectID], hiding hidden: [ObjectID] = [], limit: Int? = nil) throws
        -> (commits: [ObjectID], truncated: Bool) {
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, pointer), "cannot walk the history")
        defer { git_revwalk_free(walk) }
        try check(git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue), "cannot walk the history")
        for tip in tips {
            var raw = tip.raw
            try check(git_revwalk_push(walk, &raw), "cannot walk from \(tip.short())")
        }
        for hide in hidden {
            var raw = hide.raw
            try check(git_revwalk_hide(walk, &raw), "cannot walk the history without \(hide.short())")
        }
        var result: [ObjectID] = []
        var oid = git_oid()
        while true {
            let code = git_revwalk_next(&oid, walk)
            if code == GIT_ITEROVER.rawValue { return (result, false) }
            try check(code, "cannot walk the history past \(result.last?.short() ?? "its start")")
            if let limit, result.count >= limit { return (result, true) }
            result.append(ObjectID(oid))
        }
    }

    /// Author, message and parents of a commit.
    public func commitInfo(_ id: ObjectID) throws -> CommitInfo {
        var raw = id.raw
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, pointer, &raw), "cannot read commit \(id)")
        defer { git_commit_free(commit) }
        let author = git_commit_author(commit)!.pointee
        let signature = Signature(name: String(cString: author.name), email: String(cString: author.email),
                                  time: Int64(author.when.time), offsetMinutes: author.when.offset)
        let parents = (0..<git_commit_parentcount(commit)).compactMap { git_commit_parent_id(commit, $0).map { ObjectID($0.pointee) } }
        return CommitInfo(id: id, author: signature, message: git_commit_message(commit).map { String(cString: $0) } ?? "", parents: parents)
    }
}

extension Repository {
    /// True when `commit` has `ancestor` in its history (and is not `ancestor` itself).
    /// The corresponding C function is `git_graph_descendant_of`.
    public func isDescendant(_ commit: ObjectID, of ancestor: ObjectID) -> Bool {
        var raw = commit.raw
        var rawAncestor = ancestor.raw
        return git_graph_descendant_of(pointer, &raw, &rawAncestor) == 1
    }
}

extension Repository {
    /// The commits the remote-tracking branches of `remote` point to.
    /// The corresponding C function is `git_reference_foreach_glob` (done here with a name list).
    public func remoteTips(_ remote: String) throws -> [ObjectID] {
        var names = git_strarray()
        try check(git_reference_list(&names, pointer), "cannot list references")
        defer { git_strarray_dispose(&names) }
        let prefix = "refs/remotes/\(remote)/"
        return try (0..<names.count).compactMap { index in
            guard let raw = names.strings[index] else { return nil }
            let name = String(cString: raw)
            guard name.hasPrefix(prefix), !name.hasSuffix("/HEAD") else { return nil }
            return try referenceTarget(name)
        }
    }
}
