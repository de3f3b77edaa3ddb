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
            let reference = try referenceName(name, create: true)
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
        let changes = try planned.changes.filter { path, content in try checkedPath(path) && files.read(path) != content }
        guard !changes.isEmpty else { return .unchanged }
        for path in changes.keys.sorted() {
            let status = try wrap { try repository.status(ofPath: path) }
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
            let tree = try repository.writeTree(base: base, changes: try blobs(changes))
            let newCommit = try makeCommit(tree: tree, parents: [head], message: planned.message)
            let branch = try repository.headBranch() ?? "HEAD"
            do {
                try repository.updateReference(branch, to: newCommit, expected: head, message: reflogLine(planned.message))
            } catch let error as GitError where [.modified, .exists, .locked].contains(error.kind) {
                throw SecIssueError("\(branch) moved while writing (another git command?): nothing was written; run the command again")
            }
            try writeFiles(changes, root: root)
            try wrap { try repository.stage(paths: changes.keys.sorted(), removed: Set(changes.filter { $0.value == nil }.keys)) }
            return .committed(newCommit, ref: branch)
        }
        try writeFiles(changes, root: root)
        try wrap { try repository.stage(paths: changes.keys.sorted(), removed: Set(changes.filter { $0.value == nil }.keys)) }
        return .staged(changes.keys.sorted())
    }

    private func writeToReference(_ name: String, _ plan: (SecurityStore) throws -> PlannedWrite) throws -> WriteOutcome {
        for attempt in 1...Self.maxAttempts {
            let old = try repository.referenceTarget(name)
            let planned = try plan(SecurityStore(files: try CommitFiles(repository: repository, commit: old)))
            for path in planned.changes.keys { _ = try checkedPath(path) }
            let base = try old.map { try repository.tree(ofCommit: $0) }
            let tree = try repository.writeTree(base: base, changes: try blobs(planned.changes))
            if tree == base { return .unchanged }
            let commit = try makeCommit(tree: tree, parents: old.map { [$0] } ?? [], message: planned.message)
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
    func referenceName(_ name: String, create: Bool) throws -> String {
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

    private func blobs(_ changes: [String: [UInt8]?]) throws -> [String: ObjectID?] {
        try changes.mapValues { content in try content.map { try repository.writeBlob($0) } }
    }

    private func makeCommit(tree: ObjectID, parents: [ObjectID], message: String) throws -> ObjectID {
        let author = try wrap { try repository.signature(.author, environment: environment) }
        let committer = try wrap { try repository.signature(.committer, environment: environment) }
        return try repository.createCommit(tree: tree, parents: parents, message: message, author: author, committer: committer)
    }

    private func writeFiles(_ changes: [String: [UInt8]?], root: String) throws {
        for (path, content) in changes.sorted(by: { $0.key < $1.key }) {
            let url = URL(fileURLWithPath: root + "/" + path)
            if let content {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(content).write(to: url, options: .atomic)
            } else if FileManager.default.fileExists(atPath: url.path) {
                try FileManager.default.removeItem(at: url)
            }
        }
    }

    private func reflogLine(_ message: String) -> String {
        String(message.prefix { $0 != "\n" })
    }
}
