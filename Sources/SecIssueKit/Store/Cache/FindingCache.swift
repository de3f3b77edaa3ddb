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
    static let magic = Array("git-secissue findings cache 6\n".utf8)
    static let keyLength = 40

    struct Entry {
        var key: String
        var stat: FileStat
    }

    /// The bytes of an entry's stat data after its key (`FileStat.fields`, 8 bytes each).
    static let statLength = 7 * 8

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
    /// The cache file, mapped; it and the renderings this run made stay valid as long as the
    /// cache does (`ListedFindings` keeps it), whatever happens to the indexes below.
    private var file: MappedFile?
    private var madeRenderings: [UnsafeMutableRawBufferPointer] = []
    /// The file's entries in the order of their names' bytes: where each name is, and where its
    /// key and stat data follow it. Looked up by binary search, never copied into strings.
    private var entryNames: [Range<Int>] = []
    private var entryData: [Int] = []
    /// Which entries this listing found a file for (`trustedKey`, `remember`).
    private var seenEntries: [Bool] = []
    /// The file's records in the order of their keys: where each key, record and rendering
    /// (empty when none) are.
    private var recordKeys: [Int] = []
    /// The first 8 bytes of each key as a number (`keyPrefix`), in the same order: what a lookup
    /// searches, in one dense array rather than all over the file.
    private var recordPrefixes: [UInt64] = []
    private var recordSpans: [(fields: Range<Int>, json: Range<Int>)] = []
    private var usedRecords: [Bool] = []
    private var lastRecord: (key: String, index: Int?)?
    /// Whether the renderings in the file were made by this executable.
    private var renderingsUsable = false
    /// The second the cache file was last written: entries changed then or later are racy.
    private var writtenSecond = Int.min
    /// Entries read this run that differ from the file's, by name.
    private var remembered: [String: Entry] = [:]
    /// Whether the working tree's files were all listed, so the file's entries not seen are gone.
    private var forgetsUnseen = false
    private var added: [String: (fields: [UInt8], json: UnsafeRawBufferPointer?)] = [:]
    private var changed = false

    init(path: String, stamp: String? = FindingCache.currentStamp) {
        self.path = path
        self.stamp = stamp
    }

    deinit {
        for rendering in madeRenderings { rendering.deallocate() }
    }

    // MARK: Lookups

    /// The blob id of the working tree's file `name` when its stat data match what the cache
    /// recorded and it is not racily clean; nil when it must be read.
    func trustedKey(name: String, stat: FileStat) -> String? {
        load()
        let key: String
        if !remembered.isEmpty, let entry = remembered[name] {
            guard entry.stat == stat else { return nil }
            key = entry.key
        } else if let index = entryIndex(name) {
            seenEntries[index] = true
            let data = entryData[index]
            guard FileStat(bytes(data + Self.keyLength, count: Self.statLength)) == stat else { return nil }
            key = String(decoding: bytes(data, count: Self.keyLength), as: UTF8.self)
        } else {
            return nil
        }
        guard stat.mtime < writtenSecond else {
            // Racily clean: trust it only after reading it; a rewrite a second later settles it.
            if stat.mtime < Self.currentSecond() { changed = true }
            return nil
        }
        return key
    }

    /// The finding decoded from the blob `key`, if the cache holds it.
    func finding(key: String) -> Finding? {
        load()
        if !added.isEmpty, let record = added[key]?.fields {
            return record.withUnsafeBytes { buffer in
                var reader = ByteReader(buffer)
                return try? FindingRecord.read(from: &reader)
            }
        }
        guard let index = recordIndex(key), let file else { return nil }
        let range = recordSpans[index].fields
        var reader = ByteReader(file.bytes, from: range.lowerBound, to: range.upperBound)
        guard let finding = try? FindingRecord.read(from: &reader), reader.isAtEnd else {
            discardAll()
            return nil
        }
        usedRecords[index] = true
        return finding
    }

    /// Records that the blob `key` decodes to `finding`, which renders to `json`.
    func store(_ finding: Finding, json: [UInt8], key: String) {
        var writer = ByteWriter()
        FindingRecord.write(finding, to: &writer)
        added[key] = (writer.bytes, stamp == nil ? nil : kept(json))
        changed = true
    }

    /// The rendering of the finding of blob `key` that this executable made; nil when there is
    /// none (or it was made by another build). Its bytes belong to the cache: they are valid only
    /// while it lives (`ListedFindings` keeps it).
    func json(key: String) -> UnsafeRawBufferPointer? {
        load()
        if !added.isEmpty, let added = added[key] { return added.json }
        guard renderingsUsable, let index = recordIndex(key), let file, !recordSpans[index].json.isEmpty else { return nil }
        return UnsafeRawBufferPointer(rebasing: file.bytes[recordSpans[index].json])
    }

    /// Keeps `json` as the rendering of the finding of blob `key`, which the cache holds.
    func storeJSON(_ json: [UInt8], key: String) {
        guard stamp != nil, let index = recordIndex(key), let file else { return }
        added[key] = (Array(file.bytes[recordSpans[index].fields]), kept(json))
        changed = true
    }

    /// Records the stat data of the working tree's file `name`, taken before it was read.
    func remember(name: String, key: String, stat: FileStat) {
        load()
        let entry = Entry(key: key, stat: stat)
        if let index = entryIndex(name) {
            seenEntries[index] = true
            let data = entryData[index]
            if remembered[name] == nil, FileStat(bytes(data + Self.keyLength, count: Self.statLength)) == stat,
               bytes(data, count: Self.keyLength).elementsEqual(key.utf8) { return }
        }
        if remembered[name]?.key != key || remembered[name]?.stat != stat { changed = true }
        remembered[name] = entry
    }

    /// Forgets the working tree's files this listing did not find (files deleted since): called
    /// after every file of the working tree went through `trustedKey`.
    func forgetUnseenEntries() {
        load()
        forgetsUnseen = true
        if seenEntries.contains(false) { changed = true }
    }

    // MARK: The file

    /// Writes the cache when this run added or changed anything: the entries, and the records
    /// this run used or the entries name. Best effort: a cache that cannot be written is simply
    /// not there next time.
    func save() {
        guard changed else { return }
        var entries: [(name: [UInt8], key: [UInt8], stat: FileStat)] = []
        for index in entryNames.indices where !forgetsUnseen || seenEntries[index] {
            let name = Array(bytes(entryNames[index].lowerBound, count: entryNames[index].count))
            guard remembered[String(decoding: name, as: UTF8.self)] == nil else { continue }
            let data = entryData[index]
            entries.append((name, Array(bytes(data, count: Self.keyLength)), FileStat(bytes(data + Self.keyLength, count: Self.statLength))))
        }
        for (name, entry) in remembered { entries.append((Array(name.utf8), Array(entry.key.utf8), entry.stat)) }
        entries.sort { $0.name.lexicographicallyPrecedes($1.name) }

        let named = Set(entries.map(\.key))
        var kept: [(key: [UInt8], fields: [UInt8], json: UnsafeRawBufferPointer)] = []
        let none = UnsafeRawBufferPointer(start: nil, count: 0)
        for (key, record) in added { kept.append((Array(key.utf8), record.fields, record.json ?? none)) }
        if let file {
            for index in recordKeys.indices where usedRecords[index] || named.contains(Array(bytes(recordKeys[index], count: Self.keyLength))) {
                let key = Array(bytes(recordKeys[index], count: Self.keyLength))
                guard added[String(decoding: key, as: UTF8.self)] == nil else { continue }
                let spans = recordSpans[index]
                kept.append((key, Array(file.bytes[spans.fields]), renderingsUsable ? UnsafeRawBufferPointer(rebasing: file.bytes[spans.json]) : none))
            }
        }
        kept.sort { $0.key.lexicographicallyPrecedes($1.key) }

        var writer = ByteWriter()
        writer.raw(Self.magic)
        writer.string(stamp ?? "")
        writer.varint(UInt64(entries.count))
        for entry in entries {
            writer.varint(UInt64(entry.name.count))
            writer.raw(entry.name)
            writer.raw(entry.key)
            for field in entry.stat.fields { writer.int(field) }
        }
        writer.varint(UInt64(kept.count))
        for (key, fields, json) in kept {
            writer.raw(key)
            writer.varint(UInt64(fields.count))
            writer.raw(fields)
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

    /// Maps the file once; anything wrong with it leaves the cache empty.
    private func load() {
        guard !loaded else { return }
        loaded = true
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0, info.st_size < Int.max / 2,
              let mapped = MappedFile(descriptor: descriptor, size: Int(info.st_size)) else { return }
        file = mapped
        guard parse(mapped.bytes) else { return discardAll() }
        writtenSecond = Int(info.st_mtim.tv_sec)
    }

    /// Indexes the file's bytes; false when they are not a whole cache of this format (with its
    /// names and keys in order, which the lookups rely on).
    private func parse(_ buffer: UnsafeRawBufferPointer) -> Bool {
        let body = buffer.count - 8
        guard body >= Self.magic.count, buffer.starts(with: Self.magic) else { return false }
        let stored = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: body, as: UInt64.self))
        guard Self.checksum(UnsafeRawBufferPointer(rebasing: buffer[..<body])) == stored else { return false }
        var reader = ByteReader(buffer, from: Self.magic.count, to: body)
        do {
            let writtenBy = try reader.string()
            let entryCount = try reader.count()
            entryNames.reserveCapacity(entryCount)
            entryData.reserveCapacity(entryCount)
            for _ in 0..<entryCount {
                let name = try reader.span()
                let data = reader.offset
                _ = try reader.take(Self.keyLength + Self.statLength)
                if let previous = entryNames.last, compare(previous, name) >= 0 { return false }
                entryNames.append(name)
                entryData.append(data)
            }
            let recordCount = try reader.count()
            recordKeys.reserveCapacity(recordCount)
            recordPrefixes.reserveCapacity(recordCount)
            recordSpans.reserveCapacity(recordCount)
            for _ in 0..<recordCount {
                let key = reader.offset
                _ = try reader.take(Self.keyLength)
                if let previous = recordKeys.last, compare(previous..<(previous + Self.keyLength), key..<(key + Self.keyLength)) >= 0 { return false }
                recordKeys.append(key)
                recordPrefixes.append(Self.keyPrefix(bytes(key, count: Self.keyLength)))
                recordSpans.append((try reader.span(), try reader.span()))
            }
            guard reader.isAtEnd else { return false }
            seenEntries = Array(repeating: false, count: entryNames.count)
            usedRecords = Array(repeating: false, count: recordKeys.count)
            renderingsUsable = stamp?.isEmpty == false && writtenBy == stamp
            return true
        } catch {
            return false
        }
    }

    /// Empties the cache (a record that does not read back): the next `save` rebuilds it from
    /// what this run read. The mapping stays, since renderings handed out point into it.
    private func discardAll() {
        entryNames = []
        entryData = []
        seenEntries = []
        recordKeys = []
        recordPrefixes = []
        recordSpans = []
        usedRecords = []
        lastRecord = nil
        renderingsUsable = false
        writtenSecond = Int.min
        changed = true
    }

    // MARK: Binary search in the mapped file

    private func bytes(_ offset: Int, count: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: file!.bytes[offset..<(offset + count)])
    }

    /// The bytes at `a` against those at `b`, as `memcmp` orders them, shorter first on a tie.
    private func compare(_ a: Range<Int>, _ b: Range<Int>) -> Int {
        compare(bytes(a.lowerBound, count: a.count), bytes(b.lowerBound, count: b.count))
    }

    private func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        let order = common == 0 ? 0 : Int(memcmp(a.baseAddress!, b.baseAddress!, common))
        return order != 0 ? order : a.count - b.count
    }

    /// The index of the first of `count` sorted items not before `target`, and whether it is `target`.
    private func search(_ count: Int, _ target: String, _ item: (Int) -> UnsafeRawBufferPointer) -> Int? {
        var target = target
        return target.withUTF8 { utf8 in
            let wanted = UnsafeRawBufferPointer(utf8)
            var low = 0, high = count
            while low < high {
                let middle = low + (high - low) / 2
                if compare(item(middle), wanted) < 0 { low = middle + 1 } else { high = middle }
            }
            return low < count && compare(item(low), wanted) == 0 ? low : nil
        }
    }

    private func entryIndex(_ name: String) -> Int? {
        search(entryNames.count, name) { bytes(entryNames[$0].lowerBound, count: entryNames[$0].count) }
    }

    /// The record of `key`; the last one found is remembered, since a listing asks for a
    /// finding's record and then its rendering.
    private func recordIndex(_ key: String) -> Int? {
        if let last = lastRecord, last.key == key { return last.index }
        let index = findRecord(key)
        lastRecord = (key, index)
        return index
    }

    /// The record of `key`: a binary search of the keys' prefixes, then the whole key compared
    /// with each record of that prefix (the keys are in order, so they follow one another).
    private func findRecord(_ key: String) -> Int? {
        var key = key
        return key.withUTF8 { utf8 in
            let wanted = UnsafeRawBufferPointer(utf8)
            guard wanted.count == Self.keyLength else { return nil }
            let prefix = Self.keyPrefix(wanted)
            var low = 0, high = recordPrefixes.count
            while low < high {
                let middle = low + (high - low) / 2
                if recordPrefixes[middle] < prefix { low = middle + 1 } else { high = middle }
            }
            while low < recordPrefixes.count && recordPrefixes[low] == prefix {
                if compare(bytes(recordKeys[low], count: Self.keyLength), wanted) == 0 { return low }
                low += 1
            }
            return nil
        }
    }

    /// The first 8 bytes of `key` as a big-endian number: ordered as `memcmp` orders the bytes.
    private static func keyPrefix(_ key: UnsafeRawBufferPointer) -> UInt64 {
        UInt64(bigEndian: key.loadUnaligned(as: UInt64.self))
    }

    /// A copy of `json` that lives as long as the cache.
    private func kept(_ json: [UInt8]) -> UnsafeRawBufferPointer {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(json.count, 1), alignment: 1)
        json.withUnsafeBytes { copy.copyMemory(from: $0) }
        madeRenderings.append(copy)
        return UnsafeRawBufferPointer(rebasing: copy[..<json.count])
    }

    private static func currentSecond() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int(now.tv_sec)
    }

    /// A 64-bit checksum of the bytes (FNV-1a over 8-byte words in four independent lanes,
    /// folded, with the length): it catches a truncated or damaged file, not a forged one;
    /// whoever can write the git directory can change the refs as well.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let prime: UInt64 = 0x0000_0100_0000_01b3
        func mix(_ hash: inout UInt64, _ word: UInt64) {
            hash = (hash ^ word) &* prime
            hash ^= hash >> 29
        }
        var lanes: [UInt64] = [0xcbf2_9ce4_8422_2325, 0x84222325cbf29ce4, 0x9ce484222325cbf2, 0x2325cbf29ce48422]
        var (a, b, c, d) = (lanes[0], lanes[1], lanes[2], lanes[3])
        var offset = 0
        while offset + 32 <= bytes.count {
            mix(&a, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            mix(&b, bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            mix(&c, bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
            mix(&d, bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
            offset += 32
        }
        lanes = [a, b, c, d]
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for lane in lanes { mix(&hash, lane) }
        while offset < bytes.count {
            hash = (hash ^ UInt64(bytes[offset])) &* prime
            offset += 1
        }
        return hash ^ UInt64(bytes.count)
    }
}

/// A file mapped read-only for as long as this lives. The cache file is only ever replaced by a
/// rename, never rewritten in place, so the mapped bytes do not change under a reader.
final class MappedFile {
    let bytes: UnsafeRawBufferPointer

    init?(descriptor: Int32, size: Int) {
        guard let start = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), start != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
        bytes = UnsafeRawBufferPointer(start: start, count: size)
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
    }
}
