import SecIssueKit
/// An rpm package header as the rpm database keeps it (the `blob` column of rpmdb.sqlite's
/// `Packages` table): a count of index entries and the size of the data store, both 32-bit
/// big-endian, then the entries (tag, type, offset into the store, count: 16 bytes each), then the
/// store. Only the tags a baseline needs are looked up, and every offset is checked first.
struct RPMHeader {
    /// Why a header cannot be read.
    struct Malformed: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    enum Tag: UInt32 {
        case name = 1000, version = 1001, release = 1002, epoch = 1003, arch = 1022
    }

    /// rpm's limits on a header it will load: 65535 entries, 256 MiB of data.
    static let maximumEntries = 0xffff
    static let maximumData = 256 << 20

    private struct Entry {
        let type: UInt32
        let offset: Int
        let count: Int
    }

    private let store: ArraySlice<UInt8>
    private var entries: [UInt32: Entry] = [:]

    init(_ blob: [UInt8]) throws {
        guard blob.count >= 8 else { throw Malformed("a header of \(blob.count) bytes is too short") }
        let entryCount = Int(SQLiteReader.u32(blob, 0)), dataSize = Int(SQLiteReader.u32(blob, 4))
        guard entryCount >= 1, entryCount <= Self.maximumEntries, dataSize <= Self.maximumData,
              8 + 16 * entryCount + dataSize == blob.count else {
            throw Malformed("a header's sizes (\(entryCount) entries, \(dataSize) bytes of data) do not match its \(blob.count) bytes")
        }
        store = blob[(8 + 16 * entryCount)...]
        for index in 0..<entryCount {
            let at = 8 + 16 * index
            let tag = SQLiteReader.u32(blob, at)
            guard Tag(rawValue: tag) != nil, entries[tag] == nil else { continue }
            entries[tag] = Entry(type: SQLiteReader.u32(blob, at + 4), offset: Int(SQLiteReader.u32(blob, at + 8)),
                                 count: Int(SQLiteReader.u32(blob, at + 12)))
        }
    }

    /// A string tag (or the first string of an array or translated one), nil when absent.
    func string(_ tag: Tag) throws -> String? {
        guard let entry = entries[tag.rawValue] else { return nil }
        // STRING, STRING_ARRAY, I18NSTRING.
        guard [6, 8, 9].contains(entry.type), entry.count >= 1 else { throw Malformed("tag \(tag.rawValue) is not a string (type \(entry.type))") }
        guard entry.offset < store.count, let end = store[(store.startIndex + entry.offset)...].firstIndex(of: 0) else {
            throw Malformed("string tag \(tag.rawValue) runs past the header's data")
        }
        return String(decoding: store[(store.startIndex + entry.offset)..<end], as: UTF8.self)
    }

    /// A 32-bit integer tag (its first value), nil when absent.
    func int32(_ tag: Tag) throws -> UInt32? {
        guard let entry = entries[tag.rawValue] else { return nil }
        guard entry.type == 4, entry.count >= 1 else { throw Malformed("tag \(tag.rawValue) is not a 32-bit integer (type \(entry.type))") }
        guard entry.offset <= store.count - 4 else { throw Malformed("integer tag \(tag.rawValue) runs past the header's data") }
        let at = store.startIndex + entry.offset
        return store[at..<(at + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The package this header describes, or nil for the `gpg-pubkey` entries rpm keeps for imported signing keys.
    func package() throws -> Baseline.Package? {
        guard let name = try string(.name), let version = try string(.version), let release = try string(.release), !name.isEmpty else {
            throw Malformed("a header lacks a name, version or release")
        }
        guard name != "gpg-pubkey" else { return nil }
        let epoch = try int32(.epoch).flatMap { $0 == 0 ? nil : "\($0):" } ?? ""
        return Baseline.Package(name: name, version: "\(epoch)\(version)-\(release)", arch: try string(.arch), manager: .rpm)
    }
}
