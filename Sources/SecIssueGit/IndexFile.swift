import Foundation

/// git's index file (`.git/index`, formats 2, 3 and 4), mapped as git maps it. A write of a few
/// paths changes only their entries: the others are written from the mapping as they are, not
/// parsed one by one into objects and serialised again as libgit2 1.5 does (which also verifies
/// the checksum of the whole file on every read, which git does only in `git fsck`). At 100,000
/// findings the index is 10 MB, so that is what would otherwise grow with the store
/// ([performance](../../docs/performance.md#decisions)).
///
/// The format is git's `Documentation/technical/index-format.txt`: a 12-byte header ("DIRC",
/// version, entry count), the entries sorted by path (bytes) and stage, the extensions (four
/// letters and a length each), and the SHA-1 of everything before it.
///
/// The entries are walked once, when the file is read: that finds where each one is, where the
/// extensions begin, and which entries may be racily clean; their paths are then compared
/// with their neighbours' once (`isOrdered`), since a path is found by binary search. A write is
/// planned from those places without walking the entries again.
struct IndexFile {
    /// The whole file.
    let bytes: UnsafeBufferPointer<UInt8>
    let version: UInt32
    /// Each entry's place, in order.
    let entries: [Entry]
    /// Where the extensions begin.
    let entriesEnd: Int
    /// The file's modification time in seconds, 0 for a new index: an entry changed in that
    /// second or later may have changed again after it was staged ("racily clean").
    let timestamp: UInt32
    /// The entries (by number) changed in that second or later, which a write must check.
    let racy: [Int]
    /// In format 4, where each entry stores only how its path differs from the one before, the
    /// entries' whole paths one after another (empty in formats 2 and 3).
    private let rebuiltPaths: [UInt8]
    /// Keeps `bytes` alive.
    private let storage: Storage

    /// Where an entry is: its first byte in `bytes`, and its path (in `bytes`, or in format 4 in
    /// the rebuilt paths).
    struct Entry {
        let start: UInt32
        let pathStart: UInt32
        let pathEnd: UInt32
    }

    static let headerSize = 12
    static let hashSize = 20
    /// The fixed part of an entry: times, device, inode, mode, owner, size, object id, flags.
    static let fixedSize = 62

    var count: Int { entries.count }

    /// Reads `path`; a missing file is an empty index (format 2), as for git. The file is mapped
    /// read-only, as git and libgit2 map it (it is replaced by renaming a new file over it, never
    /// changed in place), with every page at once: every byte is read.
    init(path: String) throws {
        func failure(_ reason: String = String(cString: strerror(errno))) -> GitError { GitError(message: "cannot read the index \(path): \(reason)") }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            guard errno == ENOENT else { throw failure() }
            let empty = Array("DIRC".utf8) + [0, 0, 0, 2, 0, 0, 0, 0] + [UInt8](repeating: 0, count: Self.hashSize)
            let base = UnsafeMutableRawPointer.allocate(byteCount: empty.count, alignment: 8)
            base.copyMemory(from: empty, byteCount: empty.count)
            try self.init(storage: Storage(base: base, size: empty.count, isMapped: false), timestamp: 0, path: path)
            return
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw failure() }
        let size = Int(info.st_size)
        guard size >= Self.headerSize + Self.hashSize else { throw Self.damaged(path) }
        guard size <= Int(UInt32.max) else { throw failure("it is larger than 4 GB") }
        let base = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0)
        guard let base, base != MAP_FAILED else { throw failure() }
        try self.init(storage: Storage(base: base, size: size, isMapped: true), timestamp: UInt32(truncatingIfNeeded: info.st_mtim.tv_sec), path: path)
    }

    /// Checks the header, walks the entries, and refuses an index this cannot write back
    /// faithfully: one with a mandatory extension (a split or sparse index).
    private init(storage: Storage, timestamp: UInt32, path: String) throws {
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(storage.base).bindMemory(to: UInt8.self, capacity: storage.size), count: storage.size)
        guard bytes.count >= Self.headerSize + Self.hashSize, bytes.starts(with: "DIRC".utf8) else { throw Self.damaged(path) }
        let version = Self.uint32(bytes, 4)
        guard (2...4).contains(version) else { throw GitError(message: "the index \(path) is in format \(version), which git secissue cannot write") }
        let count = Int(Self.uint32(bytes, 8))
        var entries: [Entry] = []
        entries.reserveCapacity(min(count, bytes.count / Self.fixedSize))
        var rebuilt: [UInt8] = []
        var racy: [Int] = []
        var cursor = Entries(bytes, version: version, count: count, limit: bytes.count - Self.hashSize)
        while cursor.next() {
            let start = cursor.start
            let pathStart: Int
            if version == 4 {
                pathStart = rebuilt.count
                rebuilt += cursor.path
                guard rebuilt.count <= Int(UInt32.max) else { throw Self.damaged(path) }
            } else {
                pathStart = bytes.baseAddress!.distance(to: cursor.path.baseAddress!)
            }
            entries.append(Entry(start: UInt32(start), pathStart: UInt32(pathStart), pathEnd: UInt32(pathStart + cursor.path.count)))
            // As git: a racily clean entry is one changed no earlier than the index was written;
            // one already of size 0 is compared by content anyway, and a submodule is not a file.
            if timestamp != 0, Self.uint32(bytes, start + 8) >= timestamp, Self.uint32(bytes, start + 36) != 0, Self.uint32(bytes, start + 24) != 0o160000 {
                racy.append(entries.count - 1)
            }
        }
        guard !cursor.isDamaged else { throw Self.damaged(path) }
        self.storage = storage
        self.bytes = bytes
        self.version = version
        self.entries = entries
        self.entriesEnd = cursor.end
        self.timestamp = timestamp
        self.racy = racy
        self.rebuiltPaths = rebuilt
        for (signature, _) in try Self.extensions(bytes, from: cursor.end, path: path) where !(65...90).contains(signature[0]) {
            throw GitError(message: "the index \(path) uses git's \(String(decoding: signature, as: UTF8.self)) extension (a split or sparse index), which git secissue cannot write: "
                           + "turn it off (git update-index --no-split-index, git sparse-checkout disable) and run the command again")
        }
        guard isOrdered else { throw Self.damaged(path) }
    }

    /// True when the entries are in git's order, by path and then stage, with no stage 0 beside
    /// a conflict's stages of the same path: the binary searches and writes here rely on it, and
    /// `git fsck` reports any other index ("unordered stage entries in index").
    private var isOrdered: Bool {
        withPaths { paths in
            (1..<max(entries.count, 1)).allSatisfy { index in
                let order = Self.compare(paths[index - 1], paths[index])
                guard order == 0 else { return order < 0 }
                let before = Self.stage(bytes, Int(entries[index - 1].start)), after = Self.stage(bytes, Int(entries[index].start))
                return before != 0 && before < after
            }
        }
    }

    private static func damaged(_ path: String) -> GitError {
        GitError(message: "the index \(path) is damaged (git status says how): rebuild it from HEAD with rm \(path) && git reset")
    }

    /// The blob of `path`'s stage-0 entry, or nil when the index has none.
    func blob(at path: String) -> ObjectID? {
        let found = withPaths { paths in paths.range(of: Array(path.utf8)).first { Self.stage(bytes, Int(entries[$0].start)) == 0 } }
        return found.map { Self.objectID(bytes, Int(entries[$0].start) + 40) }
    }

    /// Where entry `index` ends (where the next one begins).
    func end(of index: Int) -> Int {
        index + 1 < entries.count ? Int(entries[index + 1].start) : entriesEnd
    }

    /// Calls `body` with the entries' paths.
    func withPaths<Result>(_ body: (Paths) throws -> Result) rethrows -> Result {
        try rebuiltPaths.withUnsafeBufferPointer { rebuilt in try body(Paths(base: version == 4 ? rebuilt : bytes, entries: entries)) }
    }

    /// The entries' paths, valid inside `withPaths`, and the entries found by path.
    struct Paths {
        let base: UnsafeBufferPointer<UInt8>
        let entries: [Entry]

        subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: base[Int(entries[index].pathStart)..<Int(entries[index].pathEnd)])
        }

        /// The first entry whose path is `path` or sorts after it.
        func lowerBound(_ path: [UInt8]) -> Int {
            path.withUnsafeBufferPointer { path in
                var low = 0, high = entries.count
                while low < high {
                    let middle = (low + high) / 2
                    if IndexFile.compare(self[middle], path) < 0 { low = middle + 1 } else { high = middle }
                }
                return low
            }
        }

        /// The entries of `path`, one for each stage.
        func range(of path: [UInt8]) -> Range<Int> {
            let start = lowerBound(path)
            var end = start
            while end < entries.count, self[end].elementsEqual(path) { end += 1 }
            return start..<end
        }

        /// The entries below the directory `path`.
        func range(under path: [UInt8]) -> Range<Int> {
            let prefix = path + [UInt8(ascii: "/")]
            let start = lowerBound(prefix)
            var end = start
            while end < entries.count, self[end].starts(with: prefix) { end += 1 }
            return start..<end
        }
    }

    /// Owns the mapped file (or, for a missing index, the bytes of an empty one).
    private final class Storage {
        let base: UnsafeMutableRawPointer
        let size: Int
        let isMapped: Bool

        init(base: UnsafeMutableRawPointer, size: Int, isMapped: Bool) {
            self.base = base
            self.size = size
            self.isMapped = isMapped
        }

        deinit {
            if isMapped { munmap(base, size) } else { base.deallocate() }
        }
    }

    // MARK: - Reading entries

    /// The extensions after `start`: each one's signature and its whole range (header included).
    static func extensions(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, path: String) throws -> [(signature: [UInt8], range: Range<Int>)] {
        var result: [([UInt8], Range<Int>)] = []
        var offset = start
        let limit = bytes.count - hashSize
        while offset < limit {
            guard offset + 8 <= limit else { throw GitError(message: "the index \(path) is damaged: an extension is cut short") }
            let size = Int(uint32(bytes, offset + 4))
            guard size <= limit - offset - 8 else { throw GitError(message: "the index \(path) is damaged: an extension is cut short") }
            result.append((Array(bytes[offset..<offset + 4]), offset..<offset + 8 + size))
            offset += 8 + size
        }
        return result
    }

    static func stage(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int { Int(uint16(bytes, start + 60) >> 12) & 3 }

    static func objectID(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> ObjectID {
        ObjectID(rawBytes: bytes[offset..<offset + 20])
    }

    /// git's order of paths: by their bytes, a prefix first.
    static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(a.count, b.count)
        let order = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
        return order != 0 ? Int(order) : a.count - b.count
    }

    static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in compare(a, b) } }
    }

    static func uint32<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ offset: Int) -> UInt32 where Bytes.Index == Int {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    static func uint16<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ offset: Int) -> UInt16 where Bytes.Index == Int {
        UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    /// git's variable-length number of format 4 (the one of offset deltas in packs).
    static func varint(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, limit: Int) -> (Int, Int)? {
        var offset = start
        guard offset < limit else { return nil }
        var byte = bytes[offset]
        var value = Int(byte & 127)
        offset += 1
        while byte & 128 != 0 {
            guard offset < limit, value < 1 << 48 else { return nil }
            byte = bytes[offset]
            value = ((value + 1) << 7) | Int(byte & 127)
            offset += 1
        }
        return (value, offset)
    }
}
