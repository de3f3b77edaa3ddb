import CLibgit2
import Foundation

/// How a tracked path differs from HEAD, as `git status --porcelain` reports it.
public struct PathStatus: Sendable, Equatable {
    /// The index differs from HEAD.
    public var staged: Bool
    /// The working tree differs from the index.
    public var unstaged: Bool

    public var isClean: Bool { !staged && !unstaged }
}

extension Repository {
    /// How each path differs between HEAD, the index and the working tree, found by comparing
    /// its three blob ids. `git_status_file` would scan the whole directory, which grows with
    /// the number of findings; this looks each path up in HEAD's tree by path (a binary search
    /// per tree on the way, as `git ls-tree HEAD -- PATH` does), in the index by path, and hashes
    /// only the files that exist. The corresponding C functions are `git_tree_entry_bypath`,
    /// `git_index_get_bypath` and `git_repository_hashfile`.
    public func status(ofPaths paths: [String]) throws -> [String: PathStatus] {
        var index: OpaquePointer?
        try check(git_repository_index(&index, pointer), "cannot open the index")
        defer { git_index_free(index) }
        try check(git_index_read(index, 0), "cannot read the index")
        return try status(ofPaths: paths, index: index)
    }

    func status(ofPaths paths: [String], index: OpaquePointer?) throws -> [String: PathStatus] {
        let headTree = try headCommit().map { try tree(ofCommit: $0) }
        return try withTree(headTree) { root in
            var result: [String: PathStatus] = [:]
            for path in paths {
                let headBlob = try root.flatMap { try blobEntry(at: path, in: $0) }
                let indexBlob = git_index_get_bypath(index, path, 0).map { ObjectID($0.pointee.id) }
                var workingBlob: ObjectID?
                if let directory = workingDirectory, access(directory + "/" + path, F_OK) == 0 {
                    var oid = git_oid()
                    try check(git_repository_hashfile(&oid, pointer, path, GIT_OBJECT_BLOB, nil), "cannot read \(path)")
                    workingBlob = ObjectID(oid)
                }
                result[path] = PathStatus(staged: headBlob != indexBlob, unstaged: indexBlob != workingBlob)
            }
            return result
        }
    }

    /// The blob id at `path` under the tree `root`, or nil when there is none (or a tree is there).
    private func blobEntry(at path: String, in root: OpaquePointer) throws -> ObjectID? {
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, root, path)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "cannot read \(path) in HEAD")
        defer { git_tree_entry_free(entry) }
        return git_tree_entry_type(entry) == GIT_OBJECT_TREE ? nil : ObjectID(git_tree_entry_id(entry).pointee)
    }

    /// Sets the index entries of `entries` to the given blobs (nil removes the path), with the
    /// stat data of the files in the working tree, leaving every other entry as it was. The
    /// caller wrote each file with exactly that blob's content, so nothing is hashed again.
    /// The corresponding C functions are `git_index_add` and `git_index_remove_bypath`.
    public func stage(_ entries: [(path: String, blob: ObjectID?)]) throws {
        var index: OpaquePointer?
        try check(git_repository_index(&index, pointer), "cannot open the index")
        defer { git_index_free(index) }
        try check(git_index_read(index, 0), "cannot read the index")
        try stage(entries, into: index)
        try check(git_index_write(index), "cannot write the index")
    }

    /// Sets the entries in `index` in memory only (the caller writes it).
    func stage(_ entries: [(path: String, blob: ObjectID?)], into index: OpaquePointer?) throws {
        guard let root = workingDirectory else { throw GitError(message: "a bare repository has no index to stage in") }
        for (path, blob) in entries {
            guard let blob else {
                try check(git_index_remove_bypath(index, path), "cannot unstage \(path)")
                continue
            }
            var info = stat()
            guard lstat(root + "/" + path, &info) == 0 else { throw GitError(message: "cannot stage \(path): the file is missing") }
            var entry = git_index_entry()
            entry.ctime = git_index_time(seconds: Int32(truncatingIfNeeded: info.st_ctim.tv_sec), nanoseconds: UInt32(truncatingIfNeeded: info.st_ctim.tv_nsec))
            entry.mtime = git_index_time(seconds: Int32(truncatingIfNeeded: info.st_mtim.tv_sec), nanoseconds: UInt32(truncatingIfNeeded: info.st_mtim.tv_nsec))
            entry.dev = UInt32(truncatingIfNeeded: info.st_dev)
            entry.ino = UInt32(truncatingIfNeeded: info.st_ino)
            entry.mode = GIT_FILEMODE_BLOB.rawValue
            entry.uid = info.st_uid
            entry.gid = info.st_gid
            entry.file_size = UInt32(truncatingIfNeeded: info.st_size)
            entry.id = blob.raw
            try path.withCString { cPath in
                entry.path = cPath
                try check(git_index_add(index, &entry), "cannot stage \(path)")
            }
        }
    }
}
