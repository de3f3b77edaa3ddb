import Foundation
import SecIssueGit

/// The points of a working-tree write at which `SECISSUE_FAULT=<step>` kills the process, to
/// test that an interruption anywhere leaves the old state or the new one. Listed here once,
/// in the order a write passes them; the crash-consistency tests iterate over this list.
public enum WriteFault: String, CaseIterable, Sendable {
    /// `index.lock` is held and nothing else is written.
    case indexLocked = "index-locked"
    /// Blobs, trees and the commit exist, unreferenced; the journal is not written yet.
    case objectsWritten = "objects-written"
    /// The journal names the commit and the paths; the branch has not moved.
    case journalWritten = "journal-written"
    /// The branch points to the new commit; no working-tree file is written yet.
    case referenceMoved = "reference-moved"
    /// Half of the first file is written (to its temporary name).
    case filePartial = "file-partial"
    /// The first file is in place, the others are not.
    case firstFileWritten = "first-file-written"
    /// All files are written; the index is not.
    case filesWritten = "files-written"
    /// The new index is in place; `index.lock` and the journal are still there.
    case indexWritten = "index-written"

    /// Kills the process, as `kill -9` would, when `SECISSUE_FAULT` names this step.
    func trigger(_ environment: [String: String]) {
        guard environment["SECISSUE_FAULT"] == rawValue else { return }
        kill(getpid(), SIGKILL)
    }
}

/// Serialises the git secissue writers of one repository (all its worktrees) with `flock`,
/// which the kernel releases when the holder exits, even by `kill -9`. Holding it also proves
/// that any journal or `index.lock` this tool left behind belongs to a process that is gone.
final class WriterLock {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    static func path(_ repository: Repository) -> String { repository.commonDirectory + "/secissue-writer.flock" }

    /// Takes the lock, or nil at once when another writer holds it.
    static func attempt(_ repository: Repository) throws -> WriterLock? {
        let path = path(repository)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SecIssueError("cannot open \(path): \(String(cString: strerror(errno))); git secissue needs to write in the git directory")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        // The holder's pid, for the message another writer shows when it gives up waiting.
        let pid = Array("\(getpid())\n".utf8)
        ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return WriterLock(descriptor: descriptor)
    }

    /// Waits (bounded, with backoff) for the other git secissue writers of this repository.
    static func acquire(_ repository: Repository, wait: TimeInterval) throws -> WriterLock {
        let deadline = Date().addingTimeInterval(wait)
        var pause: UInt32 = 2_000
        while true {
            if let lock = try attempt(repository) { return lock }
            guard Date() < deadline else {
                let holder = (try? String(contentsOfFile: path(repository), encoding: .utf8))?
                    .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                let who = holder.isEmpty ? "another git secissue command" : "another git secissue command (pid \(holder))"
                throw SecIssueError(
                    "\(who) has been writing to this repository for over \(Int(wait)) s: nothing was written; wait for it to finish (or stop it), then run the command again")
            }
            usleep(UInt32.random(in: pause / 2...pause))
            pause = min(pause * 2, 100_000)
        }
    }
}

/// What a working-tree write is about to do, kept in the git directory from before the branch
/// moves until the index is in place. A command that finds one left by a killed run finishes
/// it when the branch already has the commit, and discards it otherwise.
struct WriteJournal: Equatable {
    var pid: Int32
    /// The branch (or HEAD) moved to `commit`; nil for a staged-only write.
    var reference: String?
    var commit: ObjectID?
    /// Each path with its new blob; nil deletes it.
    var paths: [String: ObjectID?]

    static func path(_ repository: Repository) -> String { repository.gitDirectory + "/secissue-write.journal" }

    func encoded() throws -> String {
        var lines = ["secissue-write 1", "pid \(pid)"]
        if let reference, let commit { lines += ["reference \(reference)", "commit \(commit.hex)"] }
        for (path, blob) in paths.sorted(by: { $0.key < $1.key }) {
            guard !path.contains("\n") else { throw SecIssueError("refusing to write a path with a line break: \(path.debugDescription)") }
            lines.append("path \(blob?.hex ?? "-") \(path)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Parses a journal; nil when it is not one this version wrote completely.
    init?(text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first == "secissue-write 1", lines.last == "" else { return nil }
        lines.removeFirst()
        lines.removeLast()
        var pid: Int32?
        var paths: [String: ObjectID?] = [:]
        for line in lines {
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            switch parts.first {
            case "pid": pid = parts.count == 2 ? Int32(parts[1]) : nil
            case "reference": reference = parts.count == 2 ? parts[1] : nil
            case "commit": commit = parts.count == 2 ? ObjectID(hex: parts[1]) : nil
            case "path":
                guard parts.count == 3 else { return nil }
                if parts[1] == "-" {
                    paths[parts[2]] = .some(nil)
                } else {
                    guard let blob = ObjectID(hex: parts[1]) else { return nil }
                    paths[parts[2]] = blob
                }
            default: return nil
            }
        }
        guard let pid, (reference == nil) == (commit == nil) else { return nil }
        self.pid = pid
        self.paths = paths
    }

    init(pid: Int32, reference: String?, commit: ObjectID?, paths: [String: ObjectID?]) {
        self.pid = pid
        self.reference = reference
        self.commit = commit
        self.paths = paths
    }

    /// Written beside itself and renamed into place, and flushed, so that a journal is either
    /// absent or complete, and present on disk before the branch moves.
    func save(_ repository: Repository) throws {
        let path = Self.path(repository)
        let temporary = path + ".\(getpid())"
        let bytes = Array(try encoded().utf8)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SecIssueError("cannot write \(temporary): \(String(cString: strerror(errno)))") }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw SecIssueError("cannot write \(path): \(reason)")
        }
    }

    static func load(_ repository: Repository) -> (journal: WriteJournal?, exists: Bool) {
        let path = path(repository)
        guard access(path, F_OK) == 0 else { return (nil, false) }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return (nil, true) }
        return (WriteJournal(text: text), true)
    }

    static func remove(_ repository: Repository) {
        unlink(path(repository))
    }
}

extension Workspace {
    /// Seconds to wait for a lock held by git (`index.lock`, a reference's `.lock`) before
    /// reporting it; `SECISSUE_LOCK_WAIT` changes it.
    var gitLockWait: TimeInterval { environment["SECISSUE_LOCK_WAIT"].flatMap(TimeInterval.init) ?? 5 }

    /// Seconds to wait for other git secissue writers; `SECISSUE_WRITER_WAIT` changes it.
    var writerWait: TimeInterval { environment["SECISSUE_WRITER_WAIT"].flatMap(TimeInterval.init) ?? 300 }

    /// Before a read of the working tree: finishes or discards a write that a killed run left
    /// half done, so the read sees the old state or the new one. Costs one `access` call when
    /// there is nothing to do; leaves a write in progress (another live process) alone.
    func repairInterruptedWrite() throws {
        guard repository.workingDirectory != nil else { return }
        if WriteJournal.load(repository).exists {
            guard let lock = try WriterLock.attempt(repository) else { return }
            try recoverInterruptedWrite(holding: lock)
        } else if access(repository.gitDirectory + "/index.lock", F_OK) == 0 {
            // Most often git's own lock (an open `git commit`); ours only if a run was killed
            // before its journal. Tidying it is a courtesy a read must not fail over (say, in
            // a repository it may not write to).
            guard let lock = try? WriterLock.attempt(repository) else { return }
            try? recoverInterruptedWrite(holding: lock)
        }
    }

    /// Finishes or discards the journal of a killed write. The caller holds the writer lock, so
    /// the process that wrote the journal is gone.
    func recoverInterruptedWrite(holding _: WriterLock) throws {
        let (journal, exists) = WriteJournal.load(repository)
        guard exists, let journal, let root = repository.workingDirectory else {
            // No journal, or an incomplete one: the branch never moved. Only a lock to drop.
            WriteJournal.remove(repository)
            repository.removeOwnStaleIndexLock()
            return
        }
        removeTemporaryFiles(of: journal, root: root)
        if let reference = journal.reference, let commit = journal.commit {
            guard try repository.referenceTarget(reference) == commit else {
                // The branch never moved (or has moved on since): nothing of this write is visible.
                WriteJournal.remove(repository)
                repository.removeOwnStaleIndexLock()
                return
            }
        } else if !ownStaleIndexLockExists() {
            // A staged-only write whose lock someone already removed: git has had the index
            // since, so there is nothing safe to redo.
            WriteJournal.remove(repository)
            return
        }
        let index = try lockIndexWaiting()
        try writeFiles(journal.paths.mapValues { blob in try blob.map { try repository.blob($0) } }, root: root)
        try index.stage(journal.paths.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        try index.commit()
        index.release()
        WriteJournal.remove(repository)
    }

    /// True when `index.lock` is one this tool took (see `LockedIndex`).
    private func ownStaleIndexLockExists() -> Bool {
        let directory = repository.gitDirectory
        var lockInfo = stat()
        guard lstat(directory + "/index.lock", &lockInfo) == 0,
              let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return false }
        return names.contains { name in
            var info = stat()
            return name.hasPrefix("secissue-index.lock.") && lstat(directory + "/" + name, &info) == 0
                && info.st_dev == lockInfo.st_dev && info.st_ino == lockInfo.st_ino
        }
    }

    private func removeTemporaryFiles(of journal: WriteJournal, root: String) {
        for path in journal.paths.keys {
            unlink(temporaryPath(root + "/" + path, pid: journal.pid))
        }
    }

    /// Where a file is written before it is renamed into place.
    func temporaryPath(_ full: String, pid: Int32) -> String {
        let slash = full.lastIndex(of: "/") ?? full.startIndex
        let directory = full[..<slash]
        let name = full[full.index(after: slash)...]
        return "\(directory)/.\(name).secissue-\(pid)"
    }

    /// Takes `index.lock`, waiting a little for git; removes one a killed run of this tool left.
    /// The caller holds the writer lock.
    func lockIndexWaiting() throws -> LockedIndex {
        let deadline = Date().addingTimeInterval(gitLockWait)
        var pause: UInt32 = 5_000
        var first: IndexLockBusy?
        while true {
            do {
                return try repository.lockIndex(removeOwnStale: true)
            } catch let busy as IndexLockBusy {
                first = first ?? busy
                guard Date() < deadline else { throw staleLockError(busy.lockPath, modified: busy.modified, waited: first?.modified == busy.modified) }
                usleep(UInt32.random(in: pause / 2...pause))
                pause = min(pause * 2, 200_000)
            }
        }
    }

    /// What to tell the user about a lock file that stayed for the whole wait.
    func staleLockError(_ lockPath: String, modified: Date?, waited: Bool) -> SecIssueError {
        var shown = lockPath
        let current = FileManager.default.currentDirectoryPath
        if shown.hasPrefix(current + "/") { shown = String(shown.dropFirst(current.count + 1)) }
        var name = lockPath
        for directory in [repository.gitDirectory, repository.commonDirectory] where name.hasPrefix(directory + "/") {
            name = String(name.dropFirst(directory.count + 1))
        }
        let age = modified.map { " (created \(Self.describeAge(Date().timeIntervalSince($0))) ago)" } ?? ""
        let held = waited ? "and stayed for \(Int(gitLockWait)) s" : "again and again for \(Int(gitLockWait)) s"
        return SecIssueError(
            "\(name) exists\(age) \(held): another git process is running, or one crashed; nothing was written. If no git process is running, remove it: rm \(shown)")
    }

    static func describeAge(_ seconds: TimeInterval) -> String {
        switch seconds {
        case ..<60: return "\(max(0, Int(seconds))) s"
        case ..<3_600: return "\(Int(seconds / 60)) min"
        case ..<172_800: return "\(Int(seconds / 3_600)) h"
        default: return "\(Int(seconds / 86_400)) days"
        }
    }
}
