import Foundation
import SecIssueKit

/// Reads the entries of a zip archive held in memory: stored and deflate entries (what osv.dev's
/// `all.zip` exports use), Zip64 sizes and offsets included. Foundation on Linux has no zip
/// reader; zlib (already present for libgit2) inflates. Encrypted entries and other methods are
/// refused, and each entry's size is checked against a limit before it is inflated.
struct ZipArchive {
    struct Entry {
        let name: String
        let method: UInt16
        let flags: UInt16
        let compressedSize: Int
        let size: Int
        let crc: UInt32
        let localHeader: Int
    }

    let path: String
    let bytes: [UInt8]
    let entries: [Entry]
    /// No advisory is this large; a larger entry is a mistake or a zip bomb.
    static let entryLimit = 64 << 20

    init(path: String, bytes: [UInt8]) throws {
        self.path = path
        self.bytes = bytes
        entries = try Self.centralDirectory(bytes, path: path)
    }

    private static func problem(_ path: String, _ text: String) -> SecIssueError {
        SecIssueError("\(path): not a zip archive this tool reads: \(text)")
    }

    private static func centralDirectory(_ bytes: [UInt8], path: String) throws -> [Entry] {
        let reader = ByteReader(bytes)
        // The end-of-central-directory record is in the last 64 KiB + 22 bytes (its comment may be 64 KiB).
        guard bytes.count >= 22 else { throw problem(path, "too short") }
        var eocd: Int?
        var position = bytes.count - 22
        while position >= max(0, bytes.count - 22 - 65_535) {
            if reader.u32(position) == 0x0605_4b50 { eocd = position; break }
            position -= 1
        }
        guard let end = eocd else { throw problem(path, "no end of central directory (is it a zip file, and complete?)") }
        var count = Int(reader.u16(end + 10))
        var size = Int(reader.u32(end + 12))
        var offset = Int(reader.u32(end + 16))
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            // Zip64: a locator just before the record points at the Zip64 end record.
            guard end >= 20, reader.u32(end - 20) == 0x0706_4b50, let record = reader.int64(end - 20 + 8),
                  record >= 0, record + 56 <= bytes.count, reader.u32(record) == 0x0606_4b50,
                  let entries = reader.int64(record + 32), let length = reader.int64(record + 40), let start = reader.int64(record + 48)
            else { throw problem(path, "a Zip64 end record that cannot be read") }
            (count, size, offset) = (entries, length, start)
        }
        guard offset >= 0, size >= 0, offset <= bytes.count, size <= bytes.count - offset else {
            throw problem(path, "the central directory lies outside the file (truncated?)")
        }
        var entries: [Entry] = []
        entries.reserveCapacity(min(count, 1_000_000))
        var cursor = offset
        for _ in 0..<count {
            guard cursor + 46 <= bytes.count, reader.u32(cursor) == 0x0201_4b50 else { throw problem(path, "a damaged central directory") }
            let nameLength = Int(reader.u16(cursor + 28)), extraLength = Int(reader.u16(cursor + 30)), commentLength = Int(reader.u16(cursor + 32))
            guard cursor + 46 + nameLength + extraLength + commentLength <= bytes.count else { throw problem(path, "a damaged central directory") }
            var compressed = Int(reader.u32(cursor + 20)), plain = Int(reader.u32(cursor + 24)), local = Int(reader.u32(cursor + 42))
            // Zip64 extra field (0x0001): the 64-bit values, in this order, of those that are 0xFFFFFFFF.
            var extra = cursor + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = reader.u16(extra), length = Int(reader.u16(extra + 2))
                if id == 0x0001 {
                    var field = extra + 4
                    if plain == 0xFFFF_FFFF, let value = reader.int64(field) { plain = value; field += 8 }
                    if compressed == 0xFFFF_FFFF, let value = reader.int64(field) { compressed = value; field += 8 }
                    if local == 0xFFFF_FFFF, let value = reader.int64(field) { local = value; field += 8 }
                }
                extra += 4 + length
            }
            let name = String(decoding: bytes[(cursor + 46)..<(cursor + 46 + nameLength)], as: UTF8.self)
            entries.append(Entry(name: name, method: reader.u16(cursor + 10), flags: reader.u16(cursor + 8), compressedSize: compressed,
                                 size: plain, crc: reader.u32(cursor + 16), localHeader: local))
            cursor += 46 + nameLength + extraLength + commentLength
        }
        return entries
    }

    /// The entry's contents, inflated and checked against its CRC-32.
    func contents(_ entry: Entry) throws -> [UInt8] {
        let reader = ByteReader(bytes)
        let label = "\(path): \(entry.name)"
        guard entry.flags & 1 == 0 else { throw SecIssueError("\(label) is encrypted: export the advisories without a password") }
        guard entry.size <= Self.entryLimit, entry.compressedSize >= 0, entry.localHeader >= 0,
              entry.localHeader + 30 <= bytes.count, reader.u32(entry.localHeader) == 0x0403_4b50 else {
            throw SecIssueError("\(label): a damaged or oversized entry")
        }
        let start = entry.localHeader + 30 + Int(reader.u16(entry.localHeader + 26)) + Int(reader.u16(entry.localHeader + 28))
        guard start <= bytes.count, entry.compressedSize <= bytes.count - start else { throw SecIssueError("\(label): the entry runs past the end of the file") }
        let data = bytes[start..<(start + entry.compressedSize)]
        let output: [UInt8]
        switch entry.method {
        case 0: output = Array(data)
        case 8: output = entry.size == 0 ? [] : try Inflate.rawDeflate(data, size: entry.size, label: label)
        default: throw SecIssueError("\(label) uses compression method \(entry.method): only stored and deflate entries are read")
        }
        guard Inflate.crc32(output) == entry.crc, output.count == entry.size else { throw SecIssueError("\(label): the contents do not match the archive's checksum") }
        return output
    }
}

/// Little-endian reads at absolute offsets, zero past the end (callers check bounds first).
private struct ByteReader {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func u16(_ at: Int) -> UInt16 {
        guard at >= 0, at + 2 <= bytes.count else { return 0 }
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    func u32(_ at: Int) -> UInt32 {
        guard at >= 0, at + 4 <= bytes.count else { return 0 }
        return UInt32(u16(at)) | UInt32(u16(at + 2)) << 16
    }

    /// A 64-bit field as an Int; nil past the end or above Int.max.
    func int64(_ at: Int) -> Int? {
        guard at >= 0, at + 8 <= bytes.count else { return nil }
        let value = UInt64(u32(at)) | UInt64(u32(at + 4)) << 32
        return value <= UInt64(Int.max) ? Int(value) : nil
    }
}
