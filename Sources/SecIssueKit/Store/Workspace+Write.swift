import Foundation
import SecIssueGit

/// Where a mutating command records its change (DESIGN.md, "How writes happen").
public enum WriteMode: Sendable, Equatable {
    /// Write the files and commit only them on top of HEAD.
    case commit
    /// Write and stage only, so the change joins the user's next commit.
    case noCommit
    /// Commit onto this reference without touching any working tree.
    case ref(String)
}

/// What a command wants written: file contents by path (nil deletes), and the commit message.
public struct PlannedWrite {
    public var changes: [String: [UInt8]?]
    public var message: String

    public init(changes: [String: [UInt8]?], message: String) {
        self.changes = changes
        self.message = message
    }
}

/// What a write did.
public enum WriteOutcome: Sendable, Equatable {
    case unchanged
    case committed(ObjectID, ref: String)
    case staged([String])
}

extension Workspace {
    static let maxAttempts = 25

    /// Runs `plan` against the current files and records its changes in `mode`. In ref mode
    /// (and always in a bare repository) `plan` is re-run on the new state whenever another
    /// writer moved the reference first, so concurrent writers lose nothing.
    public func write(_ mode: WriteMode, _ plan: (SecurityStore) throws -> PlannedWrite) throws -> WriteOutcome {
        switch mode {
        case .ref(let name):
            let reference = try referenceName(name)
            if repository.workingDirectory != nil, try repository.headBranch() == reference || reference == "HEAD" {
                throw SecIssueError.usage(
                    "\(reference) is checked out here: drop --ref to commit in this working tree (--ref would leave the index and files behind)")
            }
            return try writeToReference(reference, plan)
        case .commit, .noCommit:
            guard let root = repository.workingDirectory else {
                if mode == .noCommit { throw SecIssueError("--no-commit needs a working tree, and this repository is bare: use --ref REF") }
                guard let branch = try repository.headBranch(), try repository.referenceTarget(branch) != nil else { throw Self.noCommits }
                return try writeToReference(branch, plan)
            }
            return try writeToWorkingTree(root: root, commit: mode == .commit, plan)
        }
    }

    private func writeToWorkingTree(root: String, commit: Bool, _ plan: (SecurityStore) throws -> PlannedWrite) throws -> WriteOutcome {
        let head = try repository.headCommit()
        if commit && head == nil { throw Self.noCommits }
        let files = WorkingTreeFiles(root: root)
        let planned = try plan(SecurityStore(files: files))
        try files.refuseSymlinks(in: planned.changes.keys)
        let changes = try planned.changes.filter { path, content in try checkedPath(path) && files.read(path) != content }
        guard !changes.isEmpty else { return .unchanged }
        let statuses = try wrap { try repository.status(ofPaths: changes.keys.sorted()) }
        for path in changes.keys.sorted() {
            guard let status = statuses[path] else { continue }
            if !status.isClean, try files.read(path) == nil {
                throw SecIssueError("\(path) is deleted but the deletion is not committed: restore it (git checkout -- \(path)) or commit the deletion first")
            }
            if commit && !status.isClean {
                throw SecIssueError("\(path) has uncommitted changes: commit or stash them first, or add --no-commit to stage this change beside them")
            }
            if status.unstaged {
                throw SecIssueError("\(path) has unstaged changes: stage (git add) or stash them first")
            }
        }
        if commit, let head {
            let base = try repository.tree(ofCommit: head)
            let (blobIDs, _, newCommit) = try writeObjects(changes, base: base, parents: [head], message: planned.message)
            let branch = try repository.headBranch() ?? "HEAD"
            do {
                try repository.updateReference(branch, to: newCommit, expected: head, message: reflogLine(planned.message))
            } catch let error as GitError where [.modified, .exists, .locked].contains(error.kind) {
                throw SecIssueError("\(branch) moved while writing (another git command?): nothing was written; run the command again")
            }
            try writeFiles(changes, root: root)
            try wrap { try repository.stage(blobIDs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }) }
            return .committed(newCommit, ref: branch)
        }
        let blobIDs = try objectWriter(count: changes.count) { writer in try blobs(changes, in: writer) }
        try writeFiles(changes, root: root)
        try wrap { try repository.stage(blobIDs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }) }
        return .staged(changes.keys.sorted())
    }

    private func writeToReference(_ name: String, _ plan: (SecurityStore) throws -> PlannedWrite) throws -> WriteOutcome {
        for attempt in 1...Self.maxAttempts {
            let old = try repository.referenceTarget(name)
            let planned = try plan(SecurityStore(files: try CommitFiles(repository: repository, commit: old)))
            for path in planned.changes.keys { _ = try checkedPath(path) }
            let base = try old.map { try repository.tree(ofCommit: $0) }
            let (_, tree, commit) = try writeObjects(planned.changes, base: base, parents: old.map { [$0] } ?? [], message: planned.message)
            if tree == base { return .unchanged }
            do {
                try repository.updateReference(name, to: commit, expected: old, message: reflogLine(planned.message))
                return .committed(commit, ref: name)
            } catch let error as GitError where [.modified, .exists, .locked].contains(error.kind) {
                // Another writer moved the reference: back off a little, re-read and re-apply.
                usleep(UInt32.random(in: 2_000...20_000) * UInt32(min(attempt, 10)))
            }
        }
        throw SecIssueError("\(name) kept moving under concurrent writers: gave up after \(Self.maxAttempts) attempts; nothing was written, run the command again")
    }

    /// The full reference name for `--ref`: an existing reference as git would expand it, or a
    /// new one given in full (`refs/...`). A short name that matches nothing is a typo, not a new branch.
    func referenceName(_ name: String) throws -> String {
        if name == "HEAD", let branch = try repository.headBranch() { return branch }
        if let expanded = try wrap({ try repository.expandReference(name) }) { return expanded }
        if name.hasPrefix("refs/") { return name }
        throw SecIssueError("unknown reference '\(name)': name an existing branch, or a full new name such as refs/heads/\(name)")
    }

    private func checkedPath(_ path: String) throws -> Bool {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        let allowed = path.hasPrefix(SecurityStore.directory + "/") || Initialise.workflowPaths.contains(path)
        guard allowed, !components.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) else {
            throw SecIssueError("refusing to write \(path): git secissue only writes inside .security/")
        }
        return true
    }

    /// Above this many files, new objects go into one pack file rather than a loose file each.
    static let packThreshold = 200

    private func objectWriter<T>(count: Int, _ body: (Repository) throws -> T) throws -> T {
        count >= Self.packThreshold ? try repository.withPackedWrites(body) : try body(repository)
    }

    private func blobs(_ changes: [String: [UInt8]?], in writer: Repository) throws -> [String: ObjectID?] {
        try changes.mapValues { content in try content.map { try writer.writeBlob($0) } }
    }

    /// The blobs, the new root tree and a commit of it (not yet on any reference).
    private func writeObjects(_ changes: [String: [UInt8]?], base: ObjectID?, parents: [ObjectID], message: String) throws
        -> (blobs: [String: ObjectID?], tree: ObjectID, commit: ObjectID) {
        let author = try wrap { try repository.signature(.author, environment: environment) }
        let committer = try wrap { try repository.signature(.committer, environment: environment) }
        return try objectWriter(count: changes.count) { writer in
            let blobIDs = try blobs(changes, in: writer)
            let tree = try writer.writeTree(base: base, changes: blobIDs)
            let commit = try writer.createCommit(tree: tree, parents: parents, message: message, author: author, committer: committer)
            return (blobIDs, tree, commit)
        }
    }

    /// Writes each file beside itself and renames it into place, so a reader never sees half a
    /// file. Plain POSIX calls: Foundation's atomic write fsyncs every file, which an import of
    /// thousands of findings cannot afford, and the commit already holds the content.
    private func writeFiles(_ changes: [String: [UInt8]?], root: String) throws {
        var directories = Set<String>()
        for (path, content) in changes.sorted(by: { $0.key < $1.key }) {
            let full = root + "/" + path
            guard let content else {
                if unlink(full) != 0 && errno != ENOENT { throw SecIssueError("cannot remove \(path): \(String(cString: strerror(errno)))") }
                continue
            }
            let directory = String(full[..<(full.lastIndex(of: "/") ?? full.endIndex)])
            if directories.insert(directory).inserted {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            // A new file is created in place (no one can be reading it yet); an existing one is
            // replaced by renaming a finished copy over it. Each directory operation costs the
            // same as the others in a large directory, so new files take one, not three.
            var descriptor = open(full, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            let temporary: String?
            if descriptor < 0 && errno == EEXIST {
                temporary = "\(directory)/.\(full[full.index(after: full.lastIndex(of: "/")!)...]).secissue-\(getpid())"
                descriptor = open(temporary!, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            } else {
                temporary = nil
            }
            guard descriptor >= 0 else { throw SecIssueError("cannot write \(path): \(String(cString: strerror(errno)))") }
            let written = content.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            close(descriptor)
            guard written == content.count, temporary.map({ rename($0, full) == 0 }) ?? true else {
                let reason = String(cString: strerror(errno))
                unlink(temporary ?? full)
                throw SecIssueError("cannot write \(path): \(reason)")
            }
        }
    }

    private func reflogLine(_ message: String) -> String {
        String(message.prefix { $0 != "\n" })
    }
}
