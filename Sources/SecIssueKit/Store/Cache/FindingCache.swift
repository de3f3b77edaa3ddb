import Foundation

/// The parsed-findings cache, `secissue-findings.cache` in the git directory: for each finding
/// file, the `Finding` that `FindingCodec.decode` made of it, keyed by the file's git blob id, and
/// for each file of the working tree the stat data it had when its blob id was taken, as git's
/// index keeps them. A listing then neither reads nor parses a file whose stat data still match.
///
/// Never stale, never trusted blindly:
/// - a record is the decoding of the blob its key names, and keys are content hashes, so a
///   record cannot describe other content;
/// - a file's stat data (size, mtime and ctime to the nanosecond, inode, device) must all match,
///   and a file changed in the same second the cache was written is "racily clean" as git calls
///   it: its mtime is not older than the cache file's, so it is read and hashed again (the same
///   rule as git's `is_racy_timestamp`);
/// - the file ends with a checksum of everything before it; a truncated, corrupt or foreign
///   file (or a record that does not read back) makes the whole cache empty, rebuilt by the next
///   listing;
/// - it is written to `secissue-findings.cache.lock` (created only if absent, as git's lock
///   files are) and renamed into place: of two concurrent builders one writes and the other
///   leaves it, and readers never see half a cache.
///
/// Records hold what decoding the stored bytes gives, nothing derived later: any step after
/// decoding (such as decrypting a confidential finding) runs on what comes out of the cache.
/// `SECISSUE_NO_CACHE=1` turns it off (`Workspace.store`).
///
/// Beside each record, the `--format json` element that finding renders to
/// (`Finding.jsonElement`), so a listing can write it out as it is. A rendering is code's output,
/// not the file's: the cache names the executable that made its renderings (`currentStamp`), and
/// renderings of any other build, or of a build that cannot name itself, are never used. A
/// listing uses a rendering only for a finding shown exactly as its file says (`ListedFindings`).
final class FindingCache {
    static let fileName = "secissue-findings.cache"
    /// Names the format; a change of `FindingRecord` changes the number.
    static let magic = Array("git-secissue findings cache 5\n".utf8)
    static let keyLength = 40

    /// The stat data of a file that tell git, and us, that it has not changed.
    struct FileStat: Equatable {
        var size = 0, mtime = 0, mtimeNanoseconds = 0, ctime = 0, ctimeNanoseconds = 0, inode = 0, device = 0

        init?(path: String) {
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
            size = Int(info.st_size)
            mtime = Int(info.st_mtim.tv_sec)
            mtimeNanoseconds = Int(info.st_mtim.tv_nsec)
            ctime = Int(info.st_ctim.tv_sec)
            ctimeNanoseconds = Int(info.st_ctim.tv_nsec)
            inode = Int(bitPattern: UInt(info.st_ino))
            device = Int(bitPattern: UInt(info.st_dev))
        }

        init() {}

        var fields: [Int] { [size, mtime, mtimeNanoseconds, ctime, ctimeNanoseconds, inode, device] }
    }

    struct Entry {
        var key: String
        var stat: FileStat
    }

    /// The running executable, as its file is now (device, inode, size, change time): a rebuilt or
    /// replaced binary is another one. Nil when it cannot be told, and then no rendering is kept.
    static let currentStamp: String? = {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return nil }
        return "\(info.st_dev) \(info.st_ino) \(info.st_size) \(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec)"
    }()

    let path: String
    /// Who may use and write renderings (`currentStamp`, or another in tests).
    let stamp: String?
    private var loaded = false
    private var bytes: [UInt8] = []
    /// The working tree's files by name in `.security/findings/`.
    private var entries: [String: Entry] = [:]
    /// Where each record's bytes, and its rendering (empty when none), are in `bytes`.
    private var records: [String: (fields: Range<Int>, json: Range<Int>)] = [:]
    /// Whether the renderings in `bytes` were made by this executable.
    private var renderingsUsable = false
    /// The second the cache file was last written: entries changed then or later are racy.
    private var writtenSecond = Int.min
    private var added: [String: (fields: [UInt8], json: [UInt8]?)] = [:]
    private var used: Set<String> = []
    private var changed = false

    init(path: String, stamp: String? = FindingCache.currentStamp) {
        self.path = path
        self.stamp = stamp
    }

    // MARK: Lookups

    /// The blob id of the working tree's file `name` when its stat data match what the cache
    /// recorded and it is not racily clean; nil when it must be read.
    func trustedKey(name: String, stat: FileStat) -> String? {
        load()
        guard let entry = entries[name], entry.stat == stat else { return nil }
        guard stat.mtime < writtenSecond else {
            // Racily clean: trust it only after reading it; a rewrite a second later settles it.
            if stat.mtime < Self.currentSecond() { changed = true }
            return nil
        }
        return entry.key
    }

    /// The finding decoded from the blob `key`, if the cache holds it.
    func finding(key: String) -> Finding? {
        load()
        if let record = added[key]?.fields {
            used.insert(key)
            return record.withUnsafeBytes { buffer in
                var reader = ByteReader(buffer)
                return try? FindingRecord.read(from: &reader)
            }
        }
        guard let range = records[key]?.fields else { return nil }
        let finding: Finding? = bytes.withUnsafeBytes { buffer in
            var reader = ByteReader(buffer, from: range.lowerBound, to: range.upperBound)
            guard let finding = try? FindingRecord.read(from: &reader), reader.isAtEnd else { return nil }
            return finding
        }
        guard let finding else {
            discardAll()
            return nil
        }
        used.insert(key)
        return finding
    }

    /// Records that the blob `key` decodes to `finding`, which renders to `json`.
    func store(_ finding: Finding, json: [UInt8], key: String) {
        var writer = ByteWriter()
        FindingRecord.write(finding, to: &writer)
        added[key] = (writer.bytes, stamp == nil ? nil : json)
        used.insert(key)
        changed = true
    }

    /// The rendering of the finding of blob `key` that this executable made; nil when there is
    /// none (or it was made by another build).
    func json(key: String) -> ArraySlice<UInt8>? {
        load()
        if let added = added[key] { return added.json?[...] }
        guard renderingsUsable, let range = records[key]?.json, !range.isEmpty else { return nil }
        return bytes[range]
    }

    /// Keeps `json` as the rendering of the finding of blob `key`, which the cache holds.
    func storeJSON(_ json: [UInt8], key: String) {
        guard stamp != nil, let range = records[key]?.fields else { return }
        added[key] = (Array(bytes[range]), json)
        changed = true
    }

    /// Records the stat data of the working tree's file `name`, taken before it was read.
    func remember(name: String, key: String, stat: FileStat) {
        let entry = Entry(key: key, stat: stat)
        if entries[name]?.key != key || entries[name]?.stat != stat { changed = true }
        entries[name] = entry
    }

    /// Forgets the working tree's files other than `names` (files deleted since).
    func keepEntries(_ names: Set<String>) {
        let before = entries.count
        entries = entries.filter { names.contains($0.key) }
        if entries.count != before { changed = true }
    }

    // MARK: The file

    /// Writes the cache when this run added or changed anything: the entries, and the records
    /// this run used or the entries name. Best effort: a cache that cannot be written is simply
    /// not there next time.
    func save() {
        guard changed else { return }
        var writer = ByteWriter()
        writer.raw(Self.magic)
        writer.string(stamp ?? "")
        writer.varint(UInt64(entries.count))
        for (name, entry) in entries.sorted(by: { $0.key < $1.key }) {
            writer.string(name)
            writer.raw(Array(entry.key.utf8))
            for field in entry.stat.fields { writer.int(field) }
        }
        let keys = used.union(entries.values.map(\.key)).sorted()
        var kept: [(String, ArraySlice<UInt8>, ArraySlice<UInt8>)] = []
        for key in keys {
            if let record = added[key] {
                kept.append((key, record.fields[...], record.json?[...] ?? []))
            } else if let range = records[key] {
                kept.append((key, bytes[range.fields], renderingsUsable ? bytes[range.json] : []))
            }
        }
        writer.varint(UInt64(kept.count))
        for (key, record, json) in kept {
            writer.raw(Array(key.utf8))
            writer.varint(UInt64(record.count))
            writer.bytes.append(contentsOf: record)
            writer.varint(UInt64(json.count))
            writer.bytes.append(contentsOf: json)
        }
        let sum = writer.bytes.withUnsafeBytes(Self.checksum)
        withUnsafeBytes(of: sum.littleEndian) { writer.bytes.append(contentsOf: $0) }
        let temporary = path + ".lock"
        guard let descriptor = Self.createLock(temporary) else { return }
        let written = writer.bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        if written != writer.bytes.count || rename(temporary, path) != 0 { unlink(temporary) }
    }

    /// Creates `lock` for writing only if it does not exist, as git takes `index.lock`: while
    /// another listing writes the cache, this one leaves it to that one. A lock older than a
    /// minute was left by a killed process and is replaced, so at most one stale file remains.
    private static func createLock(_ lock: String) -> Int32? {
        for attempt in 0..<2 {
            let descriptor = open(lock, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if descriptor >= 0 { return descriptor }
            var info = stat()
            guard attempt == 0, errno == EEXIST, lstat(lock, &info) == 0, Int(info.st_mtim.tv_sec) < currentSecond() - 60 else { return nil }
            unlink(lock)
        }
        return nil
    }

    /// Reads the file once; anything wrong with it leaves the cache empty.
    private func load() {
        guard !loaded else { return }
        loaded = true
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0, info.st_size < Int.max / 2 else { return }
        var data = [UInt8](repeating: 0, count: Int(info.st_size))
        let count = data.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count == data.count, parse(data) else { return discardAll() }
        bytes = data
        writtenSecond = Int(info.st_mtim.tv_sec)
    }

    /// Indexes `data`; false when it is not a whole cache of this format.
    private func parse(_ data: [UInt8]) -> Bool {
        data.withUnsafeBytes { buffer in
            let body = buffer.count - 8
            guard body >= Self.magic.count, buffer.starts(with: Self.magic) else { return false }
            let stored = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: body, as: UInt64.self))
            guard Self.checksum(UnsafeRawBufferPointer(rebasing: buffer[..<body])) == stored else { return false }
            var reader = ByteReader(buffer, from: Self.magic.count, to: body)
            do {
                let writtenBy = try reader.string()
                var entries: [String: Entry] = [:]
                for _ in 0..<(try reader.count()) {
                    let name = try reader.string()
                    let key = String(decoding: UnsafeRawBufferPointer(rebasing: try reader.take(Self.keyLength)), as: UTF8.self)
                    var stat = FileStat()
                    stat.size = try reader.int(); stat.mtime = try reader.int(); stat.mtimeNanoseconds = try reader.int()
                    stat.ctime = try reader.int(); stat.ctimeNanoseconds = try reader.int()
                    stat.inode = try reader.int(); stat.device = try reader.int()
                    entries[name] = Entry(key: key, stat: stat)
                }
                var records: [String: (fields: Range<Int>, json: Range<Int>)] = [:]
                records.reserveCapacity(entries.count)
                for _ in 0..<(try reader.count()) {
                    let key = String(decoding: UnsafeRawBufferPointer(rebasing: try reader.take(Self.keyLength)), as: UTF8.self)
                    let fields = try reader.span()
                    records[key] = (fields, try reader.span())
                }
                guard reader.isAtEnd else { return false }
                self.entries = entries
                self.records = records
                self.renderingsUsable = stamp?.isEmpty == false && writtenBy == stamp
                return true
            } catch {
                return false
            }
        }
    }

    /// Empties the cache (a record that does not read back): the next `save` rebuilds it from
    /// what this run read.
    private func discardAll() {
        entries = [:]
        records = [:]
        renderingsUsable = false
        bytes = []
        writtenSecond = Int.min
        changed = true
    }

    private static func currentSecond() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int(now.tv_sec)
    }

    /// A 64-bit checksum of the bytes (FNV-1a over 8-byte words, with the length): it catches a
    /// truncated or damaged file, not a forged one; whoever can write the git directory can
    /// change the refs as well.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x0000_0100_0000_01b3
            hash ^= hash >> 29
            offset += 8
        }
        while offset < bytes.count {
            hash = (hash ^ UInt64(bytes[offset])) &* 0x0000_0100_0000_01b3
            offset += 1
        }
        return hash ^ UInt64(bytes.count)
    }
}
