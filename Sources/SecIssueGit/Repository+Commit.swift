import CLibgit2

extension Repository {
    /// Creates a commit object without moving any reference; callers move the branch with
    /// `updateReference` so the move can be a compare-and-swap.
    /// The corresponding C function is `git_commit_create` (the variadic form is not importable).
    public func createCommit(tree: ObjectID, parents: [ObjectID], message: String, author: Signature, committer: Signature) throws -> ObjectID {
        return try withTree(tree) { treeObject in try createCommit(treeObject, parents: parents, message: message, author: author, committer: committer) }
    }

    private func createCommit(_ treeObject: OpaquePointer?, parents: [ObjectID], message: String, author: Signature, committer: Signature) throws -> ObjectID {
        var parentObjects: [OpaquePointer?] = []
        defer { parentObjects.forEach { git_commit_free($0) } }
        for parent in parents {
            var raw = parent.raw
            var commit: OpaquePointer?
            try check(git_commit_lookup(&commit, pointer, &raw), "cannot read commit \(parent)")
            parentObjects.append(commit)
        }
        var oid = git_oid()
        _ = try author.withRaw { authorRaw in
            _ = try committer.withRaw { committerRaw in
                try parentObjects.withUnsafeMutableBufferPointer { buffer in
                    _ = try check(
                        git_commit_create(&oid, pointer, nil, authorRaw, committerRaw, nil, message, treeObject,
                                          buffer.count, buffer.baseAddress),
                        "cannot create a commit")
                }
            }
        }
        return ObjectID(oid)
    }
}
