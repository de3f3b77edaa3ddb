import CLibgit2

extension Repository {
    /// Stores `bytes` as a blob. The corresponding C function is `git_blob_create_from_buffer`.
    public func writeBlob(_ bytes: [UInt8]) throws -> ObjectID {
        var oid = git_oid()
        _ = try bytes.withUnsafeBytes { buffer in
            try check(git_blob_create_from_buffer(&oid, pointer, buffer.baseAddress, buffer.count), "cannot write a blob")
        }
        return ObjectID(oid)
    }

    /// Writes a new root tree: `base` (nil for empty) with each path of `changes` set to its
    /// blob, or removed when the blob is nil. Intermediate trees are created and emptied
    /// trees dropped, as git does. Only the trees on the changed paths are rewritten.
    public func writeTree(base: ObjectID?, changes: [String: ObjectID?]) throws -> ObjectID {
        let parsed = changes.map { (path, blob) in (path.split(separator: "/").map(String.init), blob) }
        return try buildTree(base: base, changes: parsed, allowEmpty: true)!
    }

    private func buildTree(base: ObjectID?, changes: [([String], ObjectID?)], allowEmpty: Bool) throws -> ObjectID? {
        var builder: OpaquePointer?
        try withTree(base) { baseTree in
            _ = try check(git_treebuilder_new(&builder, pointer, baseTree), "cannot build a tree")
        }
        defer { git_treebuilder_free(builder) }

        var subdirectories: [String: [([String], ObjectID?)]] = [:]
        for (components, blob) in changes {
            guard let first = components.first else { continue }
            if components.count == 1 {
                if let blob {
                    var raw = blob.raw
                    try check(git_treebuilder_insert(nil, builder, first, &raw, GIT_FILEMODE_BLOB), "cannot add \(first) to a tree")
                } else if git_treebuilder_get(builder, first) != nil {
                    try check(git_treebuilder_remove(builder, first), "cannot remove \(first) from a tree")
                }
            } else {
                subdirectories[first, default: []].append((Array(components.dropFirst()), blob))
            }
        }
        for (name, nested) in subdirectories.sorted(by: { $0.key < $1.key }) {
            var subBase: ObjectID?
            if let existing = git_treebuilder_get(builder, name), git_tree_entry_type(existing) == GIT_OBJECT_TREE {
                subBase = ObjectID(git_tree_entry_id(existing).pointee)
            }
            if let subtree = try buildTree(base: subBase, changes: nested, allowEmpty: false) {
                var raw = subtree.raw
                try check(git_treebuilder_insert(nil, builder, name, &raw, GIT_FILEMODE_TREE), "cannot add \(name) to a tree")
            } else if git_treebuilder_get(builder, name) != nil {
                try check(git_treebuilder_remove(builder, name), "cannot remove \(name) from a tree")
            }
        }
        if !allowEmpty && git_treebuilder_entrycount(builder) == 0 { return nil }
        var oid = git_oid()
        try check(git_treebuilder_write(&oid, builder), "cannot write a tree")
        return ObjectID(oid)
    }
}
