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
    /// Live values by finding ID for `refs/secissue/state` (nil removes a finding's): they
    /// change without a commit on the branch.
    public var live: [String: LiveValues?] = [:]

    public init(changes: [String: [UInt8]?], message: String, live: [String: LiveValues?] = [:]) {
        self.changes = changes
        self.message = message
        self.live = live
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
    /// writer moved the reference first, so concurrent writers lose nothing. The live values it
    /// plans go to `refs/secissue/state` under the same writer lock, compared and swapped: when a
    /// fetch moved that reference meanwhile, the plan is made again on what it brought.
    /// Confidential findings are sealed on the way (`sealing`): what `plan` returns may hold their
    /// plaintext, what reaches the objects and the working tree never does.
    public func write(_ mode: WriteMode, _ plan: (SecurityStore) throws -> PlannedWrite) throws -> WriteOutcome {
        let keyring = try keyring()
        return try withoutActuallyEscaping(plan) { plan in
            try writeUnsealed(mode) { store in
                store.keyring = keyring
                return try sealing(try plan(store), in: store)
            }
        }
    }

    /// `write` without sealing: for changes that move files as they are stored (`migrate`).
    func writeUnsealed(_ mode: WriteMode, _ plan: (SecurityStore) throws -> PlannedWrite) throws -> WriteOutcome {
        let target: (name: String?, root: String?)
        switch mode {
        case .ref(let name):
            let reference = try referenceName(name)
            if repository.workingDirectory != nil, try repository.headBranch() == reference || reference == "HEAD" {
                throw SecIssueError.usage(
                    "\(reference) is checked out here: drop --ref to commit in this working tree (--ref would leave the index and files behind)")
            }
            target = (reference, nil)
        case .commit, .noCommit:
            guard let root = repository.workingDirectory else {
                if mode == .noCommit { throw SecIssueError("--no-commit needs a working tree, and this repository is bare: use --ref REF") }
                guard let branch = try repository.headBranch(), try repository.referenceTarget(branch) != nil else { throw Self.noCommits }
                target = (branch, nil)
                break
            }
            target = (nil, root)
        }
        let writer = try WriterLock.acquire(repository, wait: writerWait)
        defer { withExtendedLifetime(writer) {} }
        var landed = WriteOutcome.unchanged
        for _ in 1...Self.maxAttempts {
            let state = try liveState()
            var planned: PlannedWrite?
            func withState(_ store: SecurityStore) throws -> PlannedWrite {
                let made = try plan(try liveStore(store.files, state: state))
                planned = made
                return made
            }
            let outcome = try target.root.map { try writeToWorkingTree(root: $0, commit: mode == .commit, holding: writer, withState) }
                ?? writeToReference(target.name!, holding: writer, withState)
            if outcome != .unchanged { landed = outcome }
            guard let planned, !planned.live.isEmpty else { return landed }
            if try writeLiveState(planned.live, over: state, message: planned.message) { return landed }
        }
        throw SecIssueError("\(LiveState.reference) kept moving under concurrent fetches: gave up after \(Self.maxAttempts) attempts; run the command again",
                            code: SecIssueError.Code.conflict)
    }

    /// Plans against the reference's commit and moves it only if it still points there. Other
    /// git secissue writers wait for the writer lock, so a plan is redone only when something
    /// else (git itself) moved the reference; a `.lock` that stays is reported, not retried.
    private func writeToReference(_ name: String, holding _: WriterLock, _ plan: (SecurityStore) throws -> PlannedWrite) throws -> WriteOutcome {
        for attempt in 1...Self.maxAttempts {
            let old = try repository.referenceTarget(name)
            let planned = try plan(SecurityStore(files: try CommitFiles(repository: repository, commit: old)))
            for path in planned.changes.keys { _ = try checkedPath(path) }
            let base = try old.map { try repository.tree(ofCommit: $0) }
            let (_, tree, commit) = try writeObjects(planned.changes, base: base, parents: old.map { [$0] } ?? [], message: planned.message)
            if tree == base { return .unchanged }
            if try moveReference(name, to: commit, expected: old, message: reflogLine(planned.message)) {
                return .committed(commit, ref: name)
            }
            // Another writer moved the reference: back off a little, re-read and re-apply.
            usleep(UInt32.random(in: 2_000...20_000) * UInt32(min(attempt, 10)))
        }
        throw SecIssueError("\(name) kept moving under concurrent writers: gave up after \(Self.maxAttempts) attempts; nothing was written, run the command again")
    }

    /// The full reference name for `--ref`: an existing reference as git would expand it, or a
    /// new one given in full (`refs/...`). A short name that matches nothing is a typo, not a new branch.
    func referenceName(_ name: String) throws -> String {
        if name == "HEAD", let branch = try repository.headBranch() { return branch }
        if let expanded = try repository.expandReference(name) { return expanded }
        if name.hasPrefix("refs/") { return name }
        throw SecIssueError("unknown reference '\(name)': name an existing branch, or a full new name such as refs/heads/\(name)")
    }

    func checkedPath(_ path: String) throws -> Bool {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        let allowed = path.hasPrefix(SecurityStore.directory + "/") || Initialise.workflowPaths.contains(path)
        guard allowed, !components.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) else {
            throw SecIssueError("refusing to write \(path): git secissue only writes inside .security/")
        }
        return true
    }

    /// Above this many files, new objects go into one pack file rather than a loose file each.
    static let packThreshold = 200

    func objectWriter<T>(count: Int, _ body: (Repository) throws -> T) throws -> T {
        count >= Self.packThreshold ? try repository.withPackedWrites(body) : try body(repository)
    }

    func blobs(_ changes: [String: [UInt8]?], in writer: Repository) throws -> [String: ObjectID?] {
        try changes.mapValues { content in try content.map { try writer.writeBlob($0) } }
    }

    /// The blobs, the new root tree and a commit of it (not yet on any reference).
    func writeObjects(_ changes: [String: [UInt8]?], base: ObjectID?, parents: [ObjectID], message: String) throws
        -> (blobs: [String: ObjectID?], tree: ObjectID, commit: ObjectID) {
        let author = try repository.signature(.author, environment: environment)
        let committer = try repository.signature(.committer, environment: environment)
        return try objectWriter(count: changes.count) { writer in
            let blobIDs = try blobs(changes, in: writer)
            let tree = try writer.writeTree(base: base, changes: blobIDs)
            let commit = try writer.createCommit(tree: tree, parents: parents, message: ToolTrailer.stamped(message), author: author, committer: committer)
            return (blobIDs, tree, commit)
        }
    }

    func reflogLine(_ message: String) -> String {
        String(message.prefix { $0 != "\n" })
    }
}
