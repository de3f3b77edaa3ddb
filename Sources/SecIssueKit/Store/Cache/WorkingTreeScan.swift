import Foundation

/// The working tree's files as a listing through the findings cache reads them: the same names
/// as `WorkingTreeFiles` gives `FindingLayout.list`, and each finding file's stat data
/// (`FileStat`, as `lstat` gives them) taken in the same pass, relative to its open directory.
///
/// Listing the findings directory reads its subdirectories ahead, on up to `threads` threads at
/// once, as git's `core.preloadIndex` takes the index's `lstat`s: each subdirectory is opened
/// relative to the findings directory (`O_NOFOLLOW`: never through a link), read once, and its
/// `.md` files are stat'ed relative to it. `FindingLayout.list` then asks for the
/// subdirectories one by one, in its own order, and gets what was read. Anything the read-ahead
/// does not vouch for (a symbolic link, an entry of unknown type, a directory that could not be
/// opened) is listed by `WorkingTreeFiles` as before, which refuses links with its message.
///
/// Staleness is as before: a file's stat data are taken before it is read (when they do not
/// match the cache), and a file that changes after its stat shows at the next listing.
final class WorkingTreeScan: SecurityFiles {
    let tree: WorkingTreeFiles
    private let threads: Int
    /// The stat data of every regular `.md` file found, by repository path.
    private var stats: [String: FindingCache.FileStat] = [:]
    /// The names of each subdirectory of the findings directory read ahead, by repository path.
    private var readAhead: [String: [String]] = [:]

    init(_ tree: WorkingTreeFiles, threads: Int = min(ProcessInfo.processInfo.activeProcessorCount, 4)) {
        self.tree = tree
        self.threads = max(1, threads)
    }

    var label: String { tree.label }

    func read(_ path: String) throws -> [UInt8]? { try tree.read(path) }

    func list(_ directory: String) throws -> [String]? {
        if directory == FindingLayout.directory { return try listFindingsDirectory() }
        if let names = readAhead.removeValue(forKey: directory) { return names }
        return try tree.list(directory)
    }

    /// The stat data of the working tree's file `path` (nil when it is no regular file): as the
    /// scan took them, or taken now for a file it did not.
    func fileStat(_ path: String) -> FindingCache.FileStat? {
        stats[path] ?? FindingCache.FileStat(path: tree.root + "/" + path)
    }

    /// The findings directory's names, as `WorkingTreeFiles.list` gives them (its links refused
    /// the same way), with the stat data of its `.md` files and its subdirectories read ahead.
    private func listFindingsDirectory() throws -> [String]? {
        let directory = FindingLayout.directory
        try tree.refuseSymlinks(directory)
        let descriptor = open(tree.root + "/" + directory, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0, let top = DirectoryRead(descriptor) else {
            // What `WorkingTreeFiles.list` says of it: no such directory, or the error.
            return try tree.list(directory)
        }
        defer { top.close() }
        var subdirectories: [String] = []
        for entry in top.entries where !entry.name.hasPrefix(".") {
            if entry.name.hasSuffix(".md") {
                if let stat = top.fileStat(entry.name) { stats[directory + "/" + entry.name] = stat }
            } else if entry.type == DT_DIR {
                subdirectories.append(entry.name)
            }
        }
        let found = Self.readSubdirectories(subdirectories, of: top.descriptor, threads: threads)
        stats.reserveCapacity(stats.count + found.reduce(0) { $0 + ($1?.stats.count ?? 0) })
        for (name, read) in zip(subdirectories, found) {
            guard let read else { continue }
            readAhead[directory + "/" + name] = read.names
            for (path, stat) in read.stats { stats[path] = stat }
        }
        return top.entries.map(\.name)
    }

    /// What one subdirectory holds: every name, and the stat data of its regular `.md` files by path.
    private struct Subdirectory: Sendable {
        var names: [String] = []
        var stats: [(path: String, stat: FindingCache.FileStat)] = []
    }

    /// Reads the subdirectories `names` of the directory open at `parent`, spread over `threads`
    /// threads; nil for one that is not vouched for (a link, or not read whole), which is then
    /// listed the ordinary way.
    private static func readSubdirectories(_ names: [String], of parent: Int32, threads: Int) -> [Subdirectory?] {
        let results = Results(count: names.count)
        let workers = min(threads, max(1, names.count / 64))
        let work: @Sendable (Int) -> Void = { worker in
            var index = worker
            while index < names.count {
                results.set(index, readSubdirectory(names[index], of: parent))
                index += workers
            }
        }
        if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
        return results.values
    }

    private static func readSubdirectory(_ name: String, of parent: Int32) -> Subdirectory? {
        let descriptor = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0, let read = DirectoryRead(descriptor) else { return nil }
        defer { read.close() }
        var found = Subdirectory()
        found.names.reserveCapacity(read.entries.count)
        let directory = FindingLayout.directory + "/" + name + "/"
        for entry in read.entries {
            // A link or an entry of unknown type among them: `WorkingTreeFiles` lists this one.
            guard entry.type != DT_LNK && entry.type != DT_UNKNOWN else { return nil }
            found.names.append(entry.name)
            if entry.name.hasSuffix(".md"), !entry.name.hasPrefix("."), let stat = read.fileStat(entry.name) {
                found.stats.append((directory + entry.name, stat))
            }
        }
        return found
    }

    /// One slot per subdirectory, each written by one thread only.
    /// Memory of its own rather than an array property: threads that mutated one array at once
    /// would each make a mutating access to it, which Swift does not allow.
    private final class Results: @unchecked Sendable {
        private let slots: UnsafeMutableBufferPointer<Subdirectory?>

        init(count: Int) {
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil)
        }

        deinit {
            slots.deinitialize()
            slots.deallocate()
        }

        func set(_ index: Int, _ value: Subdirectory?) { slots[index] = value }

        var values: [Subdirectory?] { Array(slots) }
    }
}

/// A directory's entries (without `.` and `..`) with their types, read once from `descriptor`,
/// which it owns: open for `fileStat` until `close`, and closed at once when it cannot be read.
private struct DirectoryRead {
    let stream: OpaquePointer
    var descriptor: Int32 { dirfd(stream) }
    private(set) var entries: [(name: String, type: Int32)] = []

    /// Nil when the directory could not be read to its end (the caller lists it another way).
    init?(_ descriptor: Int32) {
        guard let stream = fdopendir(descriptor) else {
            Glibc.close(descriptor)
            return nil
        }
        self.stream = stream
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        while true {
            errno = 0
            guard let entry = readdir(stream) else { break }
            let name = String(cString: UnsafeRawPointer(entry).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self))
            if name != "." && name != ".." { entries.append((name, Int32(entry.pointee.d_type))) }
        }
        guard errno == 0 else {
            closedir(stream)
            return nil
        }
    }

    /// The stat data of the regular file `name` in this directory; nil for anything else.
    func fileStat(_ name: String) -> FindingCache.FileStat? {
        var info = stat()
        guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        return FindingCache.FileStat(info)
    }

    func close() { closedir(stream) }
}
