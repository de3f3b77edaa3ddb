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
        // libgit2 1.5.1 does not read `.git/shallow`: its walk fails at the first commit whose
        // parents a shallow clone lacks, even when the range ends before it. This walk knows.
        let limits = try historyLimits()
        if limits.isShallow {
            return try boundedCommits(from: tips, hiding: hidden, limit: limit, boundary: limits.boundary)
        }
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

    /// The walk of a clone with a history boundary (shallow commits, grafts): the commits reachable
    /// from `tips` and not from `hidden`, in the order of the libgit2 walk (children before parents,
    /// newest committer time first). A boundary commit's parents that this clone lacks are where
    /// the range's history stops being readable: when the range reaches one, the answer would be
    /// short, so it is an `incompleteHistory` error naming the commit, never a shorter list.
    func boundedCommits(from tips: [ObjectID], hiding hidden: [ObjectID], limit: Int?, boundary: Set<ObjectID>) throws
        -> (commits: [ObjectID], truncated: Bool) {
        var parents: [ObjectID: [ObjectID]] = [:]
        var gaps: [(commit: ObjectID, parent: ObjectID)] = []
        func visibleParents(_ id: ObjectID) throws -> [ObjectID] {
            if let known = parents[id] { return known }
            let all = try commitInfo(id).parents
            var visible = all
            if boundary.contains(id) {
                visible = all.filter(objectExists)
                gaps += all.filter { !visible.contains($0) }.map { (id, $0) }
            }
            parents[id] = visible
            return visible
        }
        // The hidden side stops at the boundary too: what lies past it is unknown, so at worst a
        // commit of the base is counted in the range (more is checked, nothing is missed).
        var uninteresting = Set<ObjectID>()
        var queue = hidden
        while let id = queue.popLast() {
            guard uninteresting.insert(id).inserted else { continue }
            queue += try visibleParents(id)
        }
        gaps.removeAll()
        var range = Set<ObjectID>()
        queue = tips.filter { !uninteresting.contains($0) }
        while let id = queue.popLast() {
            guard !uninteresting.contains(id), range.insert(id).inserted else { continue }
            queue += try visibleParents(id)
        }
        if let gap = gaps.first {
            throw GitError(kind: .incompleteHistory, message: "the history stops at \(gap.commit.short()), a shallow-clone boundary: "
                           + "its parent \(gap.parent.short()) is not in this clone")
        }
        // Children before parents; among the commits ready, the newest first.
        var children: [ObjectID: Int] = [:]
        for id in range { for parent in parents[id] ?? [] where range.contains(parent) { children[parent, default: 0] += 1 } }
        var times: [ObjectID: Int64] = [:]
        for id in range { times[id] = try commitTime(id) }
        var ready = range.filter { children[$0, default: 0] == 0 }
        var ordered: [ObjectID] = []
        while !ready.isEmpty {
            let next = ready.max { (times[$0]!, $1.hex) < (times[$1]!, $0.hex) }!
            ready.remove(next)
            ordered.append(next)
            for parent in parents[next] ?? [] where range.contains(parent) {
                children[parent]! -= 1
                if children[parent] == 0 { ready.insert(parent) }
            }
        }
        if let limit, ordered.count > limit { return (Array(ordered.prefix(limit)), true) }
        return (ordered, false)
    }

    /// A commit's committer time, which the libgit2 walk sorts by. The C function is `git_commit_time`.
    private func commitTime(_ id: ObjectID) throws -> Int64 {
        var raw = id.raw
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, pointer, &raw), "cannot read commit \(id)")
        defer { git_commit_free(commit) }
        return Int64(git_commit_time(commit))
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

extension Repository {
    /// The best common ancestor of two commits, as `git merge-base` finds it, or nil when they
    /// have none. The corresponding C function is `git_merge_base`.
    public func mergeBase(_ one: ObjectID, _ other: ObjectID) throws -> ObjectID? {
        var out = git_oid()
        var first = one.raw
        var second = other.raw
        let code = git_merge_base(&out, pointer, &first, &second)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "cannot find the merge base of \(one.short()) and \(other.short())")
        return ObjectID(out)
    }
}
