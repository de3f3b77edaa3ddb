import Foundation
import SecIssueGit

/// Read access to the repository's files at one place: the working tree, or a commit's tree.
/// Paths are relative to the repository root (`.security/config.yml`).
public protocol SecurityFiles {
    /// The file's bytes, or nil when there is no such file.
    func read(_ path: String) throws -> [UInt8]?
    /// The names of the entries in a directory, or nil when there is no such directory.
    func list(_ directory: String) throws -> [String]?
    /// A label for messages: `working tree` or a commit.
    var label: String { get }
}

/// The files of a working tree on disk.
public struct WorkingTreeFiles: SecurityFiles {
    public let root: String

    public init(root: String) { self.root = root }

    public func read(_ path: String) throws -> [UInt8]? {
        try refuseSymlinks(path)
        return FileManager.default.contents(atPath: root + "/" + path).map(Array.init)
    }

    /// One `opendir` and `readdir` pass: a fanned-out store lists 1,025 directories. A directory
    /// that cannot be read is an error, never "no such directory".
    public func list(_ directory: String) throws -> [String]? {
        try refuseSymlinks(directory)
        guard let stream = opendir(root + "/" + directory) else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw SecIssueError("cannot read \(directory): \(String(cString: strerror(errno)))")
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    public var label: String { "the working tree" }
}

/// The files of one commit (or of nothing yet, for a reference that does not exist).
public final class CommitFiles: SecurityFiles {
    let repository: Repository
    public let commit: ObjectID?
    private let tree: ObjectID?
    /// Blob ids of listed directories, so reading every file of a listing does not walk the tree again.
    private var listed: [String: ObjectID] = [:]

    public init(repository: Repository, commit: ObjectID?) throws {
        self.repository = repository
        self.commit = commit
        self.tree = try commit.map { try repository.tree(ofCommit: $0) }
    }

    public func read(_ path: String) throws -> [UInt8]? {
        if let id = listed[path] { return try repository.blob(id) }
        guard let tree, let entry = try repository.entry(at: path, in: tree), !entry.isTree else { return nil }
        return try repository.blob(entry.id)
    }

    public func list(_ directory: String) throws -> [String]? {
        guard let tree, let entries = try repository.entries(at: directory, in: tree) else { return nil }
        for entry in entries where !entry.isTree { listed[directory + "/" + entry.name] = entry.id }
        return entries.map(\.name)
    }

    public var label: String { commit.map { "commit \($0.short())" } ?? "an empty branch" }

    /// The blob id of a file of a directory already listed, without reading it.
    func blobID(_ path: String) -> ObjectID? { listed[path] }

    /// The tree id of a directory of the commit (it changes whenever anything under it does),
    /// or nil when there is no such directory.
    public func directoryID(_ path: String) throws -> ObjectID? {
        guard let tree, let entry = try repository.entry(at: path, in: tree), entry.isTree else { return nil }
        return entry.id
    }

    /// Every file of the commit outside directories named in `skipping`, sorted by path; the
    /// files are remembered, so reading them afterwards does not walk the tree again.
    public func allPaths(skipping: Set<String> = []) throws -> [String] {
        guard let tree else { return [] }
        var paths: [String] = []
        var pending: [(prefix: String, tree: ObjectID)] = [("", tree)]
        while let (prefix, current) = pending.popLast() {
            for entry in try repository.entries(at: "", in: current) ?? [] {
                let path = prefix + entry.name
                if entry.isTree {
                    if !skipping.contains(entry.name) { pending.append((path + "/", entry.id)) }
                } else {
                    listed[path] = entry.id
                    paths.append(path)
                }
            }
        }
        return paths.sorted()
    }
}

extension SecurityFiles {
    /// Every file below `directory`, by repository path; empty when there is no such directory.
    public func paths(under directory: String) throws -> [String] {
        var found: [String] = []
        var pending = [directory]
        while let current = pending.popLast() {
            for name in try list(current) ?? [] {
                let path = current + "/" + name
                if try list(path) != nil { pending.append(path) } else { found.append(path) }
            }
        }
        return found.sorted()
    }
}
