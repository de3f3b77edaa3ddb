import Foundation

/// git's index file (`.git/index`, formats 2, 3 and 4) held as its bytes. A write of a few
/// paths changes only their entries: the others are copied as they are, not parsed one by one
/// into objects and serialised again as libgit2 1.5 does (which also verifies the checksum of
/// the whole file on every read, which git does only in `git fsck`). At 100,000 findings the
/// index is 10 MB, so that is what would otherwise grow with the store
/// ([performance](../../docs/performance.md#decisions)).
///
/// The format is git's `Documentation/technical/index-format.txt`: a 12-byte header ("DIRC",
/// version, entry count), the entries sorted by path (bytes) and stage, the extensions (four
/// letters and a length each), and the SHA-1 of everything before it.
struct IndexFile {
    /// The whole file.
    let bytes: [UInt8]
    let version: UInt32
    let count: Int
    /// Where the extensions begin.
    let entriesEnd: Int
    /// The file's modification time in seconds, 0 for a new index: an entry changed in that
    /// second or later may have changed again after it was staged ("racily clean").
    let timestamp: UInt32

    static let headerSize = 12
    static let hashSize = 20
    /// The fixed part of an entry: times, device, inode, mode, owner, size, object id, flags.
    static let fixedSize = 62

    /// Reads `path`; a missing file is an empty index (format 2), as for git.
    init(path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            guard errno == ENOENT else { throw GitError(message: "cannot read the index \(path): \(String(cString: strerror(errno)))") }
            try self.init(bytes: Array("DIRC".utf8) + [0, 0, 0, 2, 0, 0, 0, 0] + [UInt8](repeating: 0, count: Self.hashSize), timestamp: 0, path: path)
            return
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw GitError(message: "cannot read the index \(path): \(String(cString: strerror(errno)))") }
        let size = Int(info.st_size)
        var got = 0
        // Not zeroed first: every byte is read into it (10 MB at 100,000 findings).
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialised in
            while got < size {
                let count = read(descriptor, buffer.baseAddress! + got, size - got)
                if count <= 0 {
                    if count < 0 { got = -1 }
                    break
                }
                got += count
            }
            initialised = max(got, 0)
        }
        guard got == size else { throw GitError(message: "cannot read the index \(path): \(got < 0 ? String(cString: strerror(errno)) : "it changed while being read")") }
        try self.init(bytes: bytes, timestamp: UInt32(truncatingIfNeeded: info.st_mtim.tv_sec), path: path)
    }

    /// Checks the header, finds where the entries end, and refuses an index this cannot write
    /// back faithfully: one with a mandatory extension (a split or sparse index).
    init(bytes: [UInt8], timestamp: UInt32, path: String) throws {
        let damaged = GitError(message: "the index \(path) is damaged (git status says how): rebuild it from HEAD with rm \(path) && git reset")
        guard bytes.count >= Self.headerSize + Self.hashSize, bytes.starts(with: Array("DIRC".utf8)) else { throw damaged }
        let version = Self.uint32(bytes, 4)
        guard (2...4).contains(version) else { throw GitError(message: "the index \(path) is in format \(version), which git secissue cannot write") }
        self.bytes = bytes
        self.version = version
        let count = Int(Self.uint32(bytes, 8))
        self.count = count
        self.timestamp = timestamp
        let end = bytes.withUnsafeBufferPointer { buffer -> Int? in
            var entries = Entries(buffer, version: version, count: count, limit: bytes.count - Self.hashSize)
            while entries.next() {}
            return entries.isDamaged ? nil : entries.end
        }
        guard let end else { throw damaged }
        self.entriesEnd = end
        for (signature, _) in try Self.extensions(bytes, from: end, path: path) where !(65...90).contains(signature[0]) {
            throw GitError(message: "the index \(path) uses git's \(String(decoding: signature, as: UTF8.self)) extension (a split or sparse index), which git secissue cannot write: "
                           + "turn it off (git update-index --no-split-index, git sparse-checkout disable) and run the command again")
        }
    }

    /// The blob of `path`'s stage-0 entry, or nil when the index has none.
    func blob(at path: String) -> ObjectID? {
        let target = Array(path.utf8)
        let found = bytes.withUnsafeBufferPointer { buffer in
            target.withUnsafeBufferPointer { target -> Int? in
                var entries = Entries(buffer, version: version, count: count, limit: entriesEnd)
                while entries.next() {
                    let order = Self.compare(entries.path, target)
                    if order > 0 { break }
                    if order == 0 && Self.stage(bytes, entries.start) == 0 { return entries.start }
                }
                return nil
            }
        }
        return found.map { Self.objectID(bytes, $0 + 40) }
    }

    // MARK: - Reading entries

    /// The extensions after `start`: each one's signature and its whole range (header included).
    static func extensions(_ bytes: [UInt8], from start: Int, path: String) throws -> [(signature: [UInt8], range: Range<Int>)] {
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

    static func stage(_ bytes: [UInt8], _ start: Int) -> Int { Int(uint16(bytes, start + 60) >> 12) & 3 }

    static func objectID(_ bytes: [UInt8], _ offset: Int) -> ObjectID {
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

    static func uint16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
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
