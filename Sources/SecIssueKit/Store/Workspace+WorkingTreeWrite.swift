import Foundation
import SecIssueGit

extension Workspace {
    /// Records a change in the working tree, as git does for a commit, in an order where an
    /// interruption at any point leaves the old state or (after the next command) the new one:
    ///
    /// 1. take the git secissue writer lock (other writers of this tool wait, bounded) and
    ///    finish or discard a write a killed run left behind;
    /// 2. take `index.lock` (git's own commands wait or fail meanwhile) and read the index;
    /// 3. plan against the files and check the paths' status, all under both locks, so no other
    ///    writer's change in flight looks like the user's uncommitted edit;
    /// 4. write blobs, tree and commit (unreferenced until step 6);
    /// 5. save a journal naming the commit and the paths;
    /// 6. move the branch, only if it still points to the commit planned against;
    /// 7. write the files (each to a temporary name, renamed into place), stage them in the
    ///    locked index, replace the index, release the lock, remove the journal.
    ///
    /// Killed before 6: the branch never moved, the next command discards the journal and the
    /// lock. Killed after 6: the next command (a read or a write) finds the branch at the
    /// journal's commit and writes the files and the index from it.
    ///
    /// `asIs`: the changes are the working tree's own content (`git secissue commit`): they are
    /// committed although the files differ from HEAD, which is the point.
    func writeToWorkingTree(root: String, commit: Bool, holding writer: WriterLock, asIs: Bool = false,
                            _ plan: (SecurityStore) throws -> PlannedWrite) throws -> WriteOutcome {
        try recoverInterruptedWrite(holding: writer)
        let index = try lockIndexWaiting()
        WriteFault.indexLocked.trigger(environment)
        for _ in 1...Self.maxAttempts {
            let head = try repository.headCommit()
            if commit && head == nil { throw Self.noCommits }
            let files = WorkingTreeFiles(root: root)
            let planned = try plan(SecurityStore(files: files))
            try files.refuseSymlinks(in: planned.changes.keys)
            let changes = try planned.changes.filter { path, content in try checkedPath(path) && (asIs || files.read(path) != content) }
            guard !changes.isEmpty else { return .unchanged }
            let statuses = asIs ? [:] : try index.status(ofPaths: changes.keys.sorted())
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
            guard commit, let head else {
                let blobIDs = try objectWriter(count: changes.count) { writer in try blobs(changes, in: writer) }
                WriteFault.objectsWritten.trigger(environment)
                try WriteJournal(pid: getpid(), reference: nil, commit: nil, paths: blobIDs).save(repository)
                WriteFault.journalWritten.trigger(environment)
                try finish(changes, blobs: blobIDs, index: index, root: root)
                return .staged(changes.keys.sorted())
            }
            let branch = try repository.headBranch() ?? "HEAD"
            let (blobIDs, _, newCommit) = try writeObjects(changes, base: try repository.tree(ofCommit: head), parents: [head], message: planned.message)
            WriteFault.objectsWritten.trigger(environment)
            try WriteJournal(pid: getpid(), reference: branch, commit: newCommit, paths: blobIDs).save(repository)
            WriteFault.journalWritten.trigger(environment)
            let moved: Bool
            do {
                moved = try moveReference(branch, to: newCommit, expected: head, message: reflogLine(planned.message))
            } catch {
                WriteJournal.remove(repository)
                throw error
            }
            guard moved else {
                // Moved by something other than this tool (which waits for the writer lock):
                // plan again on top of it.
                WriteJournal.remove(repository)
                continue
            }
            WriteFault.referenceMoved.trigger(environment)
            do {
                try finish(changes, blobs: blobIDs, index: index, root: root)
            } catch {
                // The commit is in: failing here would make people and CI repeat a change that
                // landed. The journal stays, so the next git secissue command completes the rest.
                index.release()
                let reason = (error as? SecIssueError)?.message ?? "\(error)"
                FileHandle.standardError.write(Data("""
                    warning: committed \(newCommit.short()) on \(branch), but the working tree and index were not updated: \(reason)
                    warning: the change is in; do not run the command again. Fix the cause, then run any git secissue command (such as git secissue list) to update them.\n
                    """.utf8))
            }
            return .committed(newCommit, ref: branch)
        }
        throw SecIssueError("HEAD kept moving while writing (another git command?): gave up after \(Self.maxAttempts) attempts; nothing was written, run the command again")
    }

    /// Writes the files, stages them in the locked index, replaces the index, releases the lock
    /// and forgets the journal.
    private func finish(_ changes: [String: [UInt8]?], blobs: [String: ObjectID?], index: LockedIndex, root: String) throws {
        try writeFiles(changes, root: root)
        WriteFault.filesWritten.trigger(environment)
        try index.stage(blobs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        try index.commit()
        WriteFault.indexWritten.trigger(environment)
        index.release()
        WriteJournal.remove(repository)
    }

    /// Writes each file to a temporary name beside it and renames it into place, so neither a
    /// reader nor a killed run ever leaves half a file under the real name. Not flushed: the
    /// commit already holds every byte, and a write the kernel has accepted survives `kill -9`.
    func writeFiles(_ changes: [String: [UInt8]?], root: String) throws {
        var directories = Set<String>()
        var first = true
        for (path, content) in changes.sorted(by: { $0.key < $1.key }) {
            let full = root + "/" + path
            guard let content else {
                if unlink(full) != 0 && errno != ENOENT { throw SecIssueError("cannot remove \(path): \(String(cString: strerror(errno)))") }
                continue
            }
            let directory = String(full[..<(full.lastIndex(of: "/") ?? full.endIndex)])
            if directories.insert(directory).inserted {
                do {
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                } catch {
                    throw SecIssueError("cannot create \(directory): \(error.localizedDescription)")
                }
            }
            let temporary = temporaryPath(full, pid: getpid())
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw SecIssueError("cannot write \(path): \(String(cString: strerror(errno)))") }
            var written = 0
            if first, environment["SECISSUE_FAULT"] == WriteFault.filePartial.rawValue {
                written = content.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count / 2) }
                WriteFault.filePartial.trigger(environment)
            }
            written += content.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress.map { $0 + written }, $0.count - written) }
            close(descriptor)
            guard written == content.count, rename(temporary, full) == 0 else {
                let reason = written == content.count ? String(cString: strerror(errno)) : "\(String(cString: strerror(errno))) (disk full?)"
                unlink(temporary)
                throw SecIssueError("cannot write \(path): \(reason)")
            }
            if first { WriteFault.firstFileWritten.trigger(environment) }
            first = false
        }
    }

    /// Moves `name` from `expected` to `target`. Returns false when something else moved it
    /// first. A `.lock` of git's is waited for a little, then reported by name and age: retrying
    /// cannot get past a lock a crashed git left behind.
    func moveReference(_ name: String, to target: ObjectID, expected: ObjectID?, message: String) throws -> Bool {
        let lockPath = (name.hasPrefix("refs/") ? repository.commonDirectory : repository.gitDirectory) + "/" + name + ".lock"
        let deadline = Date().addingTimeInterval(gitLockWait)
        var pause: UInt32 = 5_000
        var firstLock: Date??
        while true {
            do {
                try repository.updateReference(name, to: target, expected: expected, message: message)
                return true
            } catch let error as GitError where [.modified, .exists, .locked].contains(error.kind) {
                let lockModified = modificationDate(lockPath)
                guard error.kind == .locked || lockModified != nil else { return false }
                if try repository.referenceTarget(name) != expected, lockModified == nil { return false }
                if firstLock == nil { firstLock = .some(lockModified) }
                guard Date() < deadline else {
                    throw staleLockError(lockPath, modified: lockModified, waited: firstLock == .some(lockModified))
                }
                usleep(UInt32.random(in: pause / 2...pause))
                pause = min(pause * 2, 200_000)
            } catch let error as GitError {
                throw SecIssueError(error.message)
            }
        }
    }
}
