import CLibgit2

extension Repository {
    /// Runs `body` with a second handle on this repository whose new objects are kept in memory
    /// and then stored as one pack file, instead of one loose file per object: an import that
    /// files thousands of findings writes one file, as `git fast-import` does.
    /// The corresponding C functions are `git_mempack_new`, `git_mempack_dump` and `git_odb_write_pack`.
    public func withPackedWrites<T>(_ body: (Repository) throws -> T) throws -> T {
        let writer = try Repository.open(at: gitDirectory)
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, writer.pointer), "cannot open the object database")
        defer { git_odb_free(odb) }
        var backend: UnsafeMutablePointer<git_odb_backend>?
        try check(git_mempack_new(&backend), "cannot set up in-memory objects")
        // Once added, the object database owns the backend and frees it with the handle; until
        // then it is ours, so a failed add frees it here.
        do {
            try check(git_odb_add_backend(odb, backend, 1000), "cannot set up in-memory objects")
        } catch {
            if let backend { backend.pointee.free(backend) }
            throw error
        }
        let value = try body(writer)

        var pack = git_buf()
        defer { git_buf_dispose(&pack) }
        try check(git_mempack_dump(&pack, writer.pointer, backend), "cannot pack the new objects")
        var writepack: UnsafeMutablePointer<git_odb_writepack>?
        try check(git_odb_write_pack(&writepack, odb, nil, nil), "cannot write a pack")
        guard let writepack else { throw GitError(message: "cannot write a pack") }
        defer { writepack.pointee.free(writepack) }
        var progress = git_indexer_progress()
        try check(writepack.pointee.append(writepack, pack.ptr, pack.size, &progress), "cannot write a pack")
        try check(writepack.pointee.commit(writepack, &progress), "cannot write a pack")
        git_mempack_reset(backend)

        var ownODB: OpaquePointer?
        try check(git_repository_odb(&ownODB, pointer), "cannot open the object database")
        defer { git_odb_free(ownODB) }
        try check(git_odb_refresh(ownODB), "cannot see the new pack")
        return value
    }
}
