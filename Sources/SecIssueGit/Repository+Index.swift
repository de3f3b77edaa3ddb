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
    /// How one path differs between HEAD, the index and the working tree, found by comparing
    /// its three blob ids. `git_status_file` would scan the whole directory, which grows with
    /// the number of findings; this costs one index read and one file hash.
    /// The corresponding C functions are `git_index_get_bypath` and `git_repository_hashfile`.
    public func status(ofPath path: String) throws -> PathStatus {
        var headBlob: ObjectID?
        if let head = try headCommit(), let entry = try entry(at: path, in: tree(ofCommit: head)) {
            headBlob = entry.isTree ? nil : entry.id
        }
        var index: OpaquePointer?
        try check(git_repository_index(&index, pointer), "cannot open the index")
        defer { git_index_free(index) }
        try check(git_index_read(index, 0), "cannot read the index")
        let indexBlob = git_index_get_bypath(index, path, 0).map { ObjectID($0.pointee.id) }
        var workingBlob: ObjectID?
        if let root = workingDirectory, FileManager.default.fileExists(atPath: root + "/" + path) {
            var oid = git_oid()
            try check(git_repository_hashfile(&oid, pointer, path, GIT_OBJECT_BLOB, nil), "cannot read \(path)")
            workingBlob = ObjectID(oid)
        }
        return PathStatus(staged: headBlob != indexBlob, unstaged: indexBlob != workingBlob)
    }

    /// Sets the index entries of `paths` from the working tree (a path whose file is gone is
    /// removed from the index), leaving every other entry as it was.
    /// The corresponding C functions are `git_index_add_bypath` and `git_index_remove_bypath`.
    public func stage(paths: [String], removed: Set<String> = []) throws {
        var index: OpaquePointer?
        try check(git_repository_index(&index, pointer), "cannot open the index")
        defer { git_index_free(index) }
        try check(git_index_read(index, 0), "cannot read the index")
        for path in paths {
            if removed.contains(path) {
                try check(git_index_remove_bypath(index, path), "cannot unstage \(path)")
            } else {
                try check(git_index_add_bypath(index, path), "cannot stage \(path)")
            }
        }
        try check(git_index_write(index), "cannot write the index")
    }
}
