import Foundation

/// The working tree's index, held under `index.lock` from the moment it is read until the new
/// one replaces it, as git does for `git commit` and `git add`. No git process can change the
/// index in between, so a plan made against it cannot be overtaken.
///
/// How it is written: the index is read once, mapped (`IndexFile`), the new one is written
/// to a scratch file beside it (`index.secissue-PID`) and renamed over `index` while
/// `index.lock` is still held; then the lock is removed. Renaming the finished file is what
/// git's "commit the lock" amounts to: readers see the old index or the new one, never a part.
/// (libgit2 1.5's `git_index_write` takes `index.lock` itself, so it cannot write while we hold
/// it, and it parses and serialises every entry.)
///
/// The lock is taken by hard-linking a file named after this process (`secissue-index.lock.PID`)
/// to `index.lock`: `link` fails if the lock exists, like `O_CREAT|O_EXCL`, and afterwards the
/// second name proves whose lock it is. A later command that holds the git secissue writer lock
/// (so that PID is gone) can tell a lock this tool left behind when it was killed from one a git
/// process holds, and remove only the former.
public final class LockedIndex {
    let repository: Repository
    /// `index.lock` of this working tree.
    public let lockPath: String
    let indexPath: String
    let ownerPath: String?
    let scratchPath: String
    private let file: IndexFile
    /// The new index, once `stage` has made it.
    private var staged: StagedIndex?
    private var held = true

    /// The prefix of the second name of a lock this tool takes.
    static let ownerPrefix = "secissue-index.lock."

    init(repository: Repository, lockPath: String, indexPath: String, ownerPath: String?) throws {
        self.repository = repository
        self.lockPath = lockPath
        self.indexPath = indexPath
        self.ownerPath = ownerPath
        self.scratchPath = indexPath + ".secissue-\(getpid())"
        unlink(scratchPath)
        do {
            file = try IndexFile(path: indexPath)
        } catch {
            Self.unlock(lockPath: lockPath, ownerPath: ownerPath)
            throw error
        }
    }

    deinit {
        unlink(scratchPath)
        if held { Self.unlock(lockPath: lockPath, ownerPath: ownerPath) }
    }

    /// How each path differs between HEAD, this index and the working tree.
    public func status(ofPaths paths: [String]) throws -> [String: PathStatus] {
        try repository.status(ofPaths: paths) { file.blob(at: $0) }
    }

    /// Sets the index entries of `entries` to the given blobs (nil removes the path), with the
    /// stat data of the files in the working tree, leaving every other entry as it was; `commit`
    /// writes them. The caller wrote each file with exactly that blob's content, so nothing is
    /// hashed again.
    public func stage(_ entries: [(path: String, blob: ObjectID?)]) throws {
        guard let root = repository.workingDirectory else { throw GitError(message: "a bare repository has no index to stage in") }
        let changes = try entries.map { path, blob -> ([UInt8], IndexFile.NewEntry?) in
            guard let blob else { return (Array(path.utf8), nil) }
            var info = stat()
            guard lstat(root + "/" + path, &info) == 0 else { throw GitError(message: "cannot stage \(path): the file is missing") }
            return (Array(path.utf8), IndexFile.NewEntry(path: path, blob: blob, mode: 0o100644, stat: info))
        }
        staged = file.staging(changes) { path, mode, id in repository.workingFile(path, differsFrom: id, mode: mode) }
    }

    /// Replaces the index with the staged one. The lock stays held until `release` (or the
    /// end of this object), so a caller can finish its own bookkeeping before git may proceed.
    public func commit() throws {
        guard let staged else { return }
        let descriptor = open(scratchPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw GitError(message: "cannot write \(scratchPath): \(String(cString: strerror(errno)))") }
        let written = staged.write(to: descriptor)
        let reason = String(cString: strerror(errno))
        close(descriptor)
        guard written else {
            unlink(scratchPath)
            throw GitError(message: "cannot write \(scratchPath): \(reason) (disk full?)")
        }
        guard rename(scratchPath, indexPath) == 0 else {
            throw GitError(message: "cannot replace \(indexPath): \(String(cString: strerror(errno)))")
        }
    }

    /// Gives the lock up without changing the index.
    public func release() {
        guard held else { return }
        held = false
        Self.unlock(lockPath: lockPath, ownerPath: ownerPath)
    }

    static func unlock(lockPath: String, ownerPath: String?) {
        unlink(lockPath)
        if let ownerPath { unlink(ownerPath) }
    }
}

/// Why `index.lock` could not be taken: it exists and is not ours to remove.
public struct IndexLockBusy: Error, Sendable {
    public let lockPath: String
    /// When the lock file was last changed, if it could be read.
    public let modified: Date?
}

extension Repository {
    /// Takes this working tree's `index.lock` once, without waiting. Throws `IndexLockBusy` while
    /// someone else holds it. When `removeOwnStale` is true, the caller guarantees that no other
    /// git secissue writer is running (it holds the writer lock), so a lock this tool took in
    /// another, now dead, process is removed and taken again.
    public func lockIndex(removeOwnStale: Bool) throws -> LockedIndex {
        let directory = gitDirectory
        let lockPath = directory + "/index.lock"
        let indexPath = directory + "/index"
        if removeOwnStale { removeStaleOwnLocks(in: directory, lockPath: lockPath) }
        let ownerPath = directory + "/" + LockedIndex.ownerPrefix + "\(getpid())"
        let owner = Glibc.open(ownerPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard owner >= 0 else {
            throw GitError(message: "cannot create \(ownerPath): \(String(cString: strerror(errno)))")
        }
        close(owner)
        if link(ownerPath, lockPath) == 0 {
            return try LockedIndex(repository: self, lockPath: lockPath, indexPath: indexPath, ownerPath: ownerPath)
        }
        let reason = errno
        unlink(ownerPath)
        if reason == EEXIST { throw IndexLockBusy(lockPath: lockPath, modified: modificationDate(lockPath)) }
        guard [EPERM, EXDEV, ENOTSUP, EOPNOTSUPP, EMLINK].contains(reason) else {
            throw GitError(message: "cannot create \(lockPath): \(String(cString: strerror(reason)))")
        }
        // A file system without hard links: take the lock as git does. A lock left by a killed
        // run then cannot be told from git's, and is reported rather than removed.
        let descriptor = Glibc.open(lockPath, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw IndexLockBusy(lockPath: lockPath, modified: modificationDate(lockPath)) }
            throw GitError(message: "cannot create \(lockPath): \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        return try LockedIndex(repository: self, lockPath: lockPath, indexPath: indexPath, ownerPath: nil)
    }

    /// Removes an `index.lock` (and scratch files) that this tool left when it was killed. Only
    /// for a caller that holds the git secissue writer lock, so no run of this tool is live.
    public func removeOwnStaleIndexLock() {
        removeStaleOwnLocks(in: gitDirectory, lockPath: gitDirectory + "/index.lock")
    }

    /// Removes `index.lock` when it is the same file as one of our `secissue-index.lock.PID`
    /// names (left by a killed run), and every such name that no longer guards a lock.
    private func removeStaleOwnLocks(in directory: String, lockPath: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        var lockInfo = stat()
        let lockExists = lstat(lockPath, &lockInfo) == 0
        for name in names where name.hasPrefix(LockedIndex.ownerPrefix) {
            let ownerPath = directory + "/" + name
            var info = stat()
            guard lstat(ownerPath, &info) == 0 else { continue }
            if lockExists && info.st_dev == lockInfo.st_dev && info.st_ino == lockInfo.st_ino {
                unlink(lockPath)
            }
            unlink(ownerPath)
        }
        // Scratch copies of the index left by a killed run.
        for name in names where name.hasPrefix("index.secissue-") {
            unlink(directory + "/" + name)
        }
    }
}

/// The last modification time of `path`, or nil when it cannot be read.
public func modificationDate(_ path: String) -> Date? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    return Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec) + TimeInterval(info.st_mtim.tv_nsec) / 1e9)
}
