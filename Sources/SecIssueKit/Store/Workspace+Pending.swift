import Foundation
import SecIssueGit

/// `git secissue commit`: what `.security/` holds in the working tree where it differs from HEAD
/// (triage staged with `--no-commit`, hand edits), committed on its own.
extension Workspace {
    /// Commits every file under `.security/` whose working-tree content differs from HEAD, and
    /// nothing outside it: other staged files stay staged. `message` is given HEAD's store and
    /// the changes (nil: deleted). Throws when nothing is pending.
    public func commitPending(_ message: (SecurityStore, [String: [UInt8]?]) throws -> String) throws -> WriteOutcome {
        guard let root = repository.workingDirectory else {
            throw SecIssueError("git secissue commit needs a working tree, and this repository is bare: nothing is pending in one")
        }
        guard try repository.headCommit() != nil else { throw Self.noCommits }
        let writer = try WriterLock.acquire(repository, wait: writerWait)
        defer { withExtendedLifetime(writer) {} }
        return try writeToWorkingTree(root: root, commit: true, holding: writer, asIs: true) { _ in
            let base = try CommitFiles(repository: repository, commit: try repository.headCommit())
            let pending = try pendingChanges(root: root, head: base)
            guard !pending.isEmpty else {
                throw SecIssueError("nothing to commit in .security/: it is as HEAD has it. Triage with --no-commit (or edit a finding), "
                                    + "then run git secissue commit")
            }
            return PlannedWrite(changes: pending, message: try message(try liveStore(base), pending))
        }
    }

    /// Editor and merge leftovers are never a finding's change.
    static func isLeftover(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~") || name.hasSuffix(".swp") || name.hasSuffix(".orig") || name.hasSuffix(".rej")
    }

    /// Each path under `.security/` whose content in the working tree differs from `head`'s.
    func pendingChanges(root: String, head: CommitFiles) throws -> [String: [UInt8]?] {
        let files = WorkingTreeFiles(root: root)
        var paths = Set<String>()
        var directories = [SecurityStore.directory]
        while let directory = directories.popLast() {
            try files.refuseSymlinks(directory)
            for name in try files.list(directory) ?? [] where !Self.isLeftover(name) {
                let path = directory + "/" + name
                var info = stat()
                guard lstat(root + "/" + path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: directories.append(path)
                case S_IFREG: paths.insert(path)
                default: try files.refuseSymlinks(path)
                }
            }
        }
        var headDirectories = [SecurityStore.directory]
        while let directory = headDirectories.popLast() {
            guard let tree = try head.directoryID(directory) else { continue }
            for entry in try repository.entries(at: "", in: tree) ?? [] {
                let path = directory + "/" + entry.name
                if entry.isTree { headDirectories.append(path) } else { paths.insert(path) }
            }
        }
        var changes: [String: [UInt8]?] = [:]
        for path in paths.sorted() {
            let now = try files.read(path)
            if try now != head.read(path) { changes.updateValue(now, forKey: path) }
        }
        return changes
    }
}
