import Crypto
import Foundation
import SecIssueKit

/// The parsed records of one advisory source, kept in the git directory so that a second audit
/// neither parses thousands of files nor decodes the records of packages it does not use.
///
/// A header line, then a binary body in `ByteWriter`'s layout (`CacheCoding.swift`):
///
///     secissue-osv-cache 3 <SHA-256 of the body>\n
///     notes:   a list of strings
///     index:   a list of (package key, list of (record, affected) number pairs)
///     records: a list of blobs, one record each (see `OSVRecord.write(to:)`)
///
/// The checksum covers the body, so a truncated, damaged or foreign file (or one an older version
/// wrote) is parsed again, never trusted; the reader checks every length besides, and a record
/// decoded later from a verified file decodes as it was written.
struct AdvisoryCache {
    static let magic = "secissue-osv-cache 3"

    var notes: [String]
    var index: [String: [(record: Int, affected: Int)]]
    var records: AdvisoryRecords

    /// Writes the parsed records with their index, aside and renamed, so a concurrent reader never
    /// sees half a file. A cache that cannot be written is only slower next time.
    func write(to path: String) {
        guard case .parsed(let parsed) = records else { return }
        var body = ByteWriter()
        body.list(notes) { $0.string($1) }
        body.list(index.keys.sorted()) { out, key in   // sorted: the same records give the same file
            out.string(key)
            out.list(index[key]!) { out, entry in
                out.number(entry.record)
                out.number(entry.affected)
            }
        }
        body.list(parsed) { out, record in
            var one = ByteWriter()
            record.write(to: &one)
            out.blob(one.bytes)
        }
        let file = Array("\(Self.magic) \(Self.checksum(body.bytes[...]))\n".utf8) + body.bytes
        let temporary = path + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(file)) else { return }
        if rename(temporary, path) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
    }

    /// The cache at `path`; nil when there is none or it is not one this version wrote whole.
    static func read(_ path: String) -> AdvisoryCache? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        let header = Array("\(magic) ".utf8)
        guard bytes.starts(with: header), let newline = bytes.firstIndex(of: UInt8(ascii: "\n")),
              String(decoding: bytes[header.count..<newline], as: UTF8.self) == checksum(bytes[(newline + 1)...])
        else { return nil }
        return bytes.withUnsafeBytes { raw in
            var body = ByteReader(raw, from: newline + 1)
            return decode(&body, bytes: bytes)
        }
    }

    /// The body after the header line: nil when it holds anything but what `write` wrote.
    private static func decode(_ body: inout ByteReader, bytes: [UInt8]) -> AdvisoryCache? {
        do {
            let notes = try body.list { try $0.string() }
            var index: [String: [(record: Int, affected: Int)]] = [:]
            for (key, entries) in try body.list({ input in
                (try input.string(), try input.list { (record: try $0.number(), affected: try $0.number()) })
            }) {
                index[key] = entries
            }
            let records = try body.list { try $0.span() }
            guard body.isAtEnd, index.values.allSatisfy({ $0.allSatisfy { $0.record < records.count } }) else { return nil }
            return AdvisoryCache(notes: notes, index: index, records: .cached(CachedRecords(bytes: bytes, blobs: records)))
        } catch {
            return nil
        }
    }

    private static func checksum(_ bytes: ArraySlice<UInt8>) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}

/// A source's records: parsed in this run, or still blobs of a verified cache, decoded on first use.
enum AdvisoryRecords {
    case parsed([OSVRecord])
    case cached(CachedRecords)

    var count: Int {
        switch self {
        case .parsed(let records): records.count
        case .cached(let cached): cached.blobs.count
        }
    }

    func record(_ number: Int) throws -> OSVRecord {
        switch self {
        case .parsed(let records): records[number]
        case .cached(let cached): try cached.record(number)
        }
    }
}

/// The records of a cache file, each decoded once when an audit first asks for it.
final class CachedRecords {
    let bytes: [UInt8]
    let blobs: [Range<Int>]
    private var decoded: [Int: OSVRecord] = [:]

    init(bytes: [UInt8], blobs: [Range<Int>]) {
        self.bytes = bytes
        self.blobs = blobs
    }

    func record(_ number: Int) throws -> OSVRecord {
        if let known = decoded[number] { return known }
        let read = bytes.withUnsafeBytes { raw -> OSVRecord? in
            var input = ByteReader(raw, from: blobs[number].lowerBound, to: blobs[number].upperBound)
            guard let record = try? OSVRecord(from: &input), input.isAtEnd else { return nil }
            return record
        }
        guard let record = read else {
            // The file's checksum matched, so this is a record this version cannot read back: stop
            // rather than audit without it.
            throw SecIssueError("advisory cache: record \(number) cannot be decoded; run again with --no-cache")
        }
        decoded[number] = record
        return record
    }
}
