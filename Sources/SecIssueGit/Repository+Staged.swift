import CLibgit2
import Foundation

/// What a commit of the index would change against HEAD: each staged file's change, and the
/// staged version of any path (`Repository.stagedFile(_:in:)`).
public struct StagedChanges: Sendable {
    /// File by file, in git's order of paths.
    public let files: [StagedFileChange]
    /// HEAD's tree; nil before the first commit.
    let headTree: ObjectID?
    /// The staged blob of each path the change touches; nil where it removes the path or stages
    /// a submodule. A path that is not here is staged as HEAD has it.
    let staged: [String: ObjectID?]
}

extension Repository {
    /// The staged changes (the index against HEAD, or against nothing before the first commit),
    /// file by file, as `git diff --cached` lists them.
    ///
    /// git itself says which files differ (`git diff-index --cached`): it skips every directory
    /// whose tree the index's cache-tree still records as HEAD's, where libgit2 1.5 would read
    /// the whole index and every tree of HEAD (1,025 of them among 10,000 fanned-out findings)
    /// for a commit of a few files. libgit2 then diffs HEAD against a small index in memory that
    /// holds just those files (and the `.gitattributes` that apply to them), limited to their
    /// paths: the same diff, hunk for hunk, as the whole index would give. If git cannot be run
    /// or says what cannot be read, this throws: there is no "no changes" by default.
    /// The corresponding C functions are `git_index_new`, `git_index_add` and `git_diff_tree_to_index`.
    public func stagedChanges() throws -> StagedChanges {
        let headTree = try headCommit().map { try tree(ofCommit: $0) }
        let entries = try stagedEntries(against: headTree)
        var staged: [String: ObjectID?] = [:]
        for entry in entries { staged.updateValue(entry.newMode == GIT_FILEMODE_COMMIT.rawValue ? nil : entry.newID, forKey: entry.name) }
        // An empty path list would mean every path to libgit2.
        guard !entries.isEmpty else { return StagedChanges(files: [], headTree: headTree, staged: staged) }
        let files = try withStagedIndex(entries, headTree: headTree) { handle, index in
            var options = git_diff_options()
            _ = try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "cannot set up a diff")
            options.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
            var paths = entries.map { strdup($0.path) }
            defer { paths.forEach { free($0) } }
            return try paths.withUnsafeMutableBufferPointer { pointers in
                options.pathspec = git_strarray(strings: pointers.baseAddress, count: pointers.count)
                var diff: OpaquePointer?
                try handle.withTree(headTree) { tree in
                    _ = try check(git_diff_tree_to_index(&diff, handle.pointer, tree, index, &options), "cannot diff the index")
                }
                defer { git_diff_free(diff) }
                return try Self.fileChanges(diff)
            }
        }
        return StagedChanges(files: files, headTree: headTree, staged: staged)
    }

    /// The staged content of `path` (its index entry), or nil when it is not in the index.
    public func stagedFile(_ path: String, in changes: StagedChanges) throws -> [UInt8]? {
        if let staged = changes.staged[path] { return try staged.map { try blob($0) } }
        guard let headTree = changes.headTree, let entry = try entry(at: path, in: headTree), !entry.isTree else { return nil }
        return try blob(entry.id)
    }

    /// Runs `body` with a second handle on this repository (its configuration and objects
    /// shared) whose index is a new one in memory holding `entries` and the staged
    /// `.gitattributes` of their directories: libgit2 reads attributes (a binary file has no
    /// lines) from the working tree, then from the repository's index. The corresponding C
    /// functions are `git_repository_open_ext`, `git_repository_set_index` and `git_index_add`.
    private func withStagedIndex<T>(_ entries: [StagedEntry], headTree: ObjectID?, _ body: (Repository, OpaquePointer?) throws -> T) throws -> T {
        var opened: OpaquePointer?
        try check(git_repository_open_ext(&opened, gitDirectory, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil), "cannot open \(gitDirectory)")
        guard let opened else { throw GitError(message: "cannot open \(gitDirectory)") }
        let handle = Repository(pointer: opened)
        if let workingDirectory { try check(git_repository_set_workdir(opened, workingDirectory, 0), "cannot use the working tree \(workingDirectory)") }
        var config: OpaquePointer?, odb: OpaquePointer?
        try check(git_repository_config(&config, pointer), "cannot read the git configuration")
        defer { git_config_free(config) }
        try check(git_repository_set_config(opened, config), "cannot read the git configuration")
        try check(git_repository_odb(&odb, pointer), "cannot open the object database")
        defer { git_odb_free(odb) }
        try check(git_repository_set_odb(opened, odb), "cannot open the object database")

        var index: OpaquePointer?
        try check(git_index_new(&index), "cannot make an index")
        defer { git_index_free(index) }
        try check(git_repository_set_index(opened, index), "cannot make an index")
        // Case-insensitive like the repository's own index where core.ignorecase says so.
        try check(git_index_set_caps(index, Int32(GIT_INDEX_CAPABILITY_FROM_OWNER.rawValue)), "cannot make an index")
        var added = Set<[CChar]>()
        for entry in entries where entry.newMode != 0 {
            try add(entry.path, mode: entry.newMode, id: entry.newID, to: index)
            added.insert(entry.path)
        }
        let changed = Set(entries.map(\.path))
        for attributes in Self.attributeFiles(for: entries.map(\.path)) where !changed.contains(attributes) && !added.contains(attributes) {
            guard let headTree, let id = try blobID(at: attributes, in: headTree) else { continue }
            try add(attributes, mode: GIT_FILEMODE_BLOB.rawValue, id: id, to: index)
            added.insert(attributes)
        }
        return try body(handle, index)
    }

    private func add(_ path: [CChar], mode: UInt32, id: ObjectID?, to index: OpaquePointer?) throws {
        var entry = git_index_entry()
        entry.mode = mode
        entry.id = (id ?? Self.emptyBlob).raw
        try path.withUnsafeBufferPointer { name in
            entry.path = name.baseAddress
            try check(git_index_add(index, &entry), "cannot stage \(StagedEntry.text(path)) in memory")
        }
    }

    /// The blob at `path` (raw bytes, NUL-terminated) under `tree`; nil when there is none.
    private func blobID(at path: [CChar], in tree: ObjectID) throws -> ObjectID? {
        try withTree(tree) { root in
            var entry: OpaquePointer?
            let code = path.withUnsafeBufferPointer { git_tree_entry_bypath(&entry, root, $0.baseAddress) }
            if code == GIT_ENOTFOUND.rawValue { return nil }
            try check(code, "cannot read \(StagedEntry.text(path)) in HEAD")
            defer { git_tree_entry_free(entry) }
            return git_tree_entry_type(entry) == GIT_OBJECT_BLOB ? ObjectID(git_tree_entry_id(entry).pointee) : nil
        }
    }

    /// `.gitattributes` of the top directory and of every directory holding one of `paths`.
    static func attributeFiles(for paths: [[CChar]]) -> Set<[CChar]> {
        let name = Array(".gitattributes".utf8CString)
        var files: Set<[CChar]> = [name]
        for path in paths {
            for (offset, byte) in path.enumerated() where byte == CChar(UInt8(ascii: "/")) {
                files.insert(Array(path[...offset]) + name)
            }
        }
        return files
    }

    static let emptyBlob = ObjectID(hex: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")!
    static let emptyTree = ObjectID(hex: "4b825dc642cb6eb9a060e54bf8d69288fbee4904")!
}
