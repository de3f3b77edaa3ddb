import CLibgit2

/// One entry of a tree, as `git ls-tree` shows it.
public struct TreeEntry: Sendable, Equatable {
    public let name: String
    public let id: ObjectID
    public let isTree: Bool
}

extension Repository {
    /// The branch HEAD points to (`refs/heads/main`), or nil when HEAD is detached.
    public func headBranch() throws -> String? {
        try symbolicTarget(of: "HEAD")
    }

    /// What a symbolic reference points to (`refs/remotes/origin/HEAD` -> `refs/remotes/origin/main`),
    /// or nil when it is missing or not symbolic.
    public func symbolicTarget(of name: String) throws -> String? {
        var ref: OpaquePointer?
        let code = git_reference_lookup(&ref, pointer, name)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "cannot read \(name)")
        defer { git_reference_free(ref) }
        guard git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(ref) else {
            return nil
        }
        return String(cString: target)
    }

    /// The commit HEAD points to, or nil when the current branch has no commits yet.
    public func headCommit() throws -> ObjectID? {
        if git_repository_head_unborn(pointer) == 1 { return nil }
        return try resolveCommit("HEAD")
    }

    /// The commit a reference points to, or nil when the reference does not exist.
    /// The corresponding C function is `git_reference_name_to_id`.
    public func referenceTarget(_ name: String) throws -> ObjectID? {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, pointer, name)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "cannot read reference \(name)")
        return ObjectID(oid)
    }

    /// The full name of a reference given as the user typed it (`main` -> `refs/heads/main`),
    /// or nil when no such reference exists. The corresponding C function is `git_reference_dwim`.
    public func expandReference(_ shorthand: String) throws -> String? {
        var ref: OpaquePointer?
        let code = git_reference_dwim(&ref, pointer, shorthand)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "cannot read reference \(shorthand)")
        defer { git_reference_free(ref) }
        return String(cString: git_reference_name(ref))
    }

    /// Resolves any revision git understands (`HEAD~1`, `v1.2`, a short hash) to a commit.
    /// The corresponding C functions are `git_revparse_single` and `git_object_peel`.
    public func resolveCommit(_ revision: String) throws -> ObjectID {
        var object: OpaquePointer?
        let code = git_revparse_single(&object, pointer, revision)
        if code < 0 {
            throw GitError(kind: .notFound, code: code, message: "unknown revision '\(revision)'")
        }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        try check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "'\(revision)' does not name a commit")
        defer { git_object_free(commit) }
        return ObjectID(git_object_id(commit).pointee)
    }

    /// The root tree of a commit.
    public func tree(ofCommit commit: ObjectID) throws -> ObjectID {
        var raw = commit.raw
        var object: OpaquePointer?
        try check(git_commit_lookup(&object, pointer, &raw), "cannot read commit \(commit)")
        defer { git_commit_free(object) }
        return ObjectID(git_commit_tree_id(object).pointee)
    }

    /// The entry at `path` under `tree`, or nil when there is none.
    /// The corresponding C function is `git_tree_entry_bypath`.
    public func entry(at path: String, in tree: ObjectID) throws -> TreeEntry? {
        try withTree(tree) { root in
            var entry: OpaquePointer?
            let code = git_tree_entry_bypath(&entry, root, path)
            if code == GIT_ENOTFOUND.rawValue { return nil }
            try check(code, "cannot read \(path)")
            defer { git_tree_entry_free(entry) }
            return TreeEntry(entry!)
        }
    }

    /// The entries of the tree at `path` under `tree`; nil when `path` is missing or not a tree.
    public func entries(at path: String, in tree: ObjectID) throws -> [TreeEntry]? {
        let target: ObjectID
        if path.isEmpty {
            target = tree
        } else {
            guard let entry = try entry(at: path, in: tree), entry.isTree else { return nil }
            target = entry.id
        }
        return try withTree(target) { object in
            (0..<git_tree_entrycount(object)).map { TreeEntry(git_tree_entry_byindex(object, $0)!) }
        }
    }

    /// The content of a blob. The corresponding C function is `git_blob_rawcontent`.
    /// In a partial clone, a blob the clone lacks is fetched through git first (`fetchPromised`).
    public func blob(_ id: ObjectID) throws -> [UInt8] {
        var raw = id.raw
        var blob: OpaquePointer?
        var code = git_blob_lookup(&blob, pointer, &raw)
        if code == GIT_ENOTFOUND.rawValue, (try? historyLimits().isPartial) == true {
            try fetchPromised([id])
            code = git_blob_lookup(&blob, pointer, &raw)
        }
        try check(code, "cannot read blob \(id)")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let content = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeRawBufferPointer(start: content, count: size))
    }

    /// The content of the file at `path` in `commit`, or nil when it has none.
    public func file(at path: String, inCommit commit: ObjectID) throws -> [UInt8]? {
        guard let entry = try entry(at: path, in: tree(ofCommit: commit)), !entry.isTree else { return nil }
        return try blob(entry.id)
    }

    /// Runs `body` with the tree `id` looked up (nil for nil: the empty tree), and frees it on
    /// every path. The corresponding C functions are `git_tree_lookup` and `git_tree_free`.
    func withTree<T>(_ id: ObjectID?, _ body: (OpaquePointer?) throws -> T) throws -> T {
        guard let id else { return try body(nil) }
        var raw = id.raw
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, pointer, &raw), "cannot read tree \(id)")
        defer { git_tree_free(tree) }
        return try body(tree)
    }
}

extension TreeEntry {
    init(_ entry: OpaquePointer) {
        self.init(
            name: String(cString: git_tree_entry_name(entry)),
            id: ObjectID(git_tree_entry_id(entry).pointee),
            isTree: git_tree_entry_type(entry) == GIT_OBJECT_TREE
        )
    }
}
