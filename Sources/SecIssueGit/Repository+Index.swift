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
    /// per tree on the way, as `git ls-tree HEAD -- PATH` does), in the index by path
    /// (`indexBlob`), and hashes only the files that exist. The corresponding C function is
    /// `git_tree_entry_bypath`.
    func status(ofPaths paths: [String], indexBlob: (String) -> ObjectID?) throws -> [String: PathStatus] {
        let headTree = try headCommit().map { try tree(ofCommit: $0) }
        return try withTree(headTree) { root in
            var result: [String: PathStatus] = [:]
            for path in paths {
                let headBlob = try root.flatMap { try blobEntry(at: path, in: $0) }
                let indexBlob = indexBlob(path)
                let exists = workingDirectory.map { access($0 + "/" + path, F_OK) == 0 } ?? false
                let unstaged = try indexBlob.map { try !exists || !workingFile(path, holds: $0) } ?? exists
                result[path] = PathStatus(staged: headBlob != indexBlob, unstaged: unstaged)
            }
            return result
        }
    }

    /// Whether the working tree's file at `path` holds the blob `id` as `git add` would store it.
    /// Its bytes are hashed as they are first: a file that holds the blob's own bytes is unchanged
    /// whatever the filters, since git's clean filters leave what they produced as it is. Only
    /// otherwise are the filters applied (`git_repository_hashfile`), whose attributes libgit2
    /// looks up in the whole index, which it reads and parses for that (10 MB at 100,000 findings).
    func workingFile(_ path: String, holds id: ObjectID) throws -> Bool {
        guard let root = workingDirectory else { return false }
        var oid = git_oid()
        if git_odb_hashfile(&oid, root + "/" + path, GIT_OBJECT_BLOB) == 0, ObjectID(oid) == id { return true }
        try check(git_repository_hashfile(&oid, pointer, path, GIT_OBJECT_BLOB, nil), "cannot read \(path)")
        return ObjectID(oid) == id
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

    /// Whether the working tree's `path` no longer holds the blob `id` of an index entry with
    /// `mode`, as git checks a racily clean entry before writing an index: its content is hashed
    /// (`workingFile(_:holds:)`), a symbolic link's target as a blob. A missing file is not: git
    /// sees that from its stat data.
    func workingFile(_ path: String, differsFrom id: ObjectID, mode: UInt32) -> Bool {
        guard let root = workingDirectory else { return false }
        var info = stat()
        guard lstat(root + "/" + path, &info) == 0 else { return false }
        let isLink = info.st_mode & S_IFMT == S_IFLNK
        guard isLink == (mode & 0o170000 == 0o120000), isLink || info.st_mode & S_IFMT == S_IFREG else { return true }
        guard isLink else { return (try? workingFile(path, holds: id)) != true }
        var target = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink(root + "/" + path, &target, target.count)
        var oid = git_oid()
        guard length >= 0, git_odb_hash(&oid, target, length, GIT_OBJECT_BLOB) == 0 else { return true }
        return ObjectID(oid) != id
    }
}
