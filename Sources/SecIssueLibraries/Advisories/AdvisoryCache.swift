import Crypto
import Foundation
import SecIssueKit

/// The parsed records of one advisory source, kept in the git directory so that a second audit
/// neither parses thousands of files nor decodes the records of packages it does not use.
///
/// One text file, one item per line:
///
///     secissue-osv-cache 2 <SHA-256 of everything below this line>
///     <number of notes>, then one note per line
///     <number of keys>, then per key: the package key, a tab, and `record:affected` pairs
///     <number of records>, then one record per line as compact JSON
///
/// Keys and notes have backslash, tab and newline escaped; compact JSON has no raw newline. The
/// checksum covers the body, so a truncated, damaged or foreign file is parsed again, never trusted,
/// and a record decoded later from a verified file decodes as it was written.
struct AdvisoryCache {
    static let magic = "secissue-osv-cache 2"

    var notes: [String]
    var index: [String: [(record: Int, affected: Int)]]
    var records: AdvisoryRecords

    /// Writes the parsed records with their index, aside and renamed, so a concurrent reader never
    /// sees half a file. A cache that cannot be written is only slower next time.
    func write(to path: String) {
        guard case .parsed(let parsed) = records else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys   // the same records give the same file
        var body = "\(notes.count)\n" + notes.map { Self.escape($0) + "\n" }.joined()
        body += "\(index.count)\n"
        for key in index.keys.sorted() {
            body += Self.escape(key) + "\t" + index[key]!.map { "\($0.record):\($0.affected)" }.joined(separator: ",") + "\n"
        }
        body += "\(parsed.count)\n"
        var bytes = Array(body.utf8)
        for record in parsed {
            guard let line = try? encoder.encode(record) else { return }
            bytes += line
            bytes.append(Self.newline)
        }
        let file = Array("\(Self.magic) \(Self.checksum(bytes[...]))\n".utf8) + bytes
        let temporary = path + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(file)) else { return }
        if rename(temporary, path) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
    }

    /// The cache at `path`; nil when there is none or it is not one this version wrote whole.
    static func read(_ path: String) -> AdvisoryCache? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        var lines = LineCursor(bytes: bytes)
        guard let header = lines.next().map({ String(decoding: bytes[$0], as: UTF8.self) }),
              header.hasPrefix(magic + " "), String(header.dropFirst(magic.count + 1)) == checksum(bytes[lines.position...])
        else { return nil }
        guard let noteCount = lines.count() else { return nil }
        var notes: [String] = []
        for _ in 0..<noteCount {
            guard let line = lines.next() else { return nil }
            notes.append(unescape(String(decoding: bytes[line], as: UTF8.self)))
        }
        guard let keyCount = lines.count() else { return nil }
        var index: [String: [(record: Int, affected: Int)]] = [:]
        for _ in 0..<keyCount {
            guard let line = lines.next(), let tab = bytes[line].firstIndex(of: tabByte) else { return nil }
            let key = unescape(String(decoding: bytes[line.lowerBound..<tab], as: UTF8.self))
            var entries: [(record: Int, affected: Int)] = []
            for pair in bytes[(tab + 1)..<line.upperBound].split(separator: commaByte) {
                let parts = pair.split(separator: colonByte)
                guard parts.count == 2, let record = Int(String(decoding: parts[0], as: UTF8.self)),
                      let affected = Int(String(decoding: parts[1], as: UTF8.self)) else { return nil }
                entries.append((record, affected))
            }
            index[key] = entries
        }
        guard let recordCount = lines.count() else { return nil }
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(recordCount)
        for _ in 0..<recordCount {
            guard let line = lines.next() else { return nil }
            ranges.append(line)
        }
        guard lines.position == bytes.count,
              index.values.allSatisfy({ $0.allSatisfy { $0.record >= 0 && $0.record < recordCount } }) else { return nil }
        return AdvisoryCache(notes: notes, index: index, records: .cached(CachedRecords(bytes: bytes, lines: ranges)))
    }

    private static let newline = UInt8(ascii: "\n")
    private static let tabByte = UInt8(ascii: "\t")
    private static let commaByte = UInt8(ascii: ",")
    private static let colonByte = UInt8(ascii: ":")

    private static func checksum(_ bytes: ArraySlice<UInt8>) -> String {
        SHA256.hash(data: Array(bytes)).map { String(format: "%02x", $0) }.joined()
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t").replacingOccurrences(of: "\n", with: "\\n")
    }

    private static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var result = ""
        var escaped = false
        for character in text {
            if escaped {
                result.append(character == "t" ? "\t" : character == "n" ? "\n" : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// Walks a byte buffer line by line.
    private struct LineCursor {
        let bytes: [UInt8]
        var position = 0

        /// The next line without its newline; nil at the end or on a last line with no newline.
        mutating func next() -> Range<Int>? {
            guard position < bytes.count, let end = bytes[position...].firstIndex(of: AdvisoryCache.newline) else { return nil }
            defer { position = end + 1 }
            return position..<end
        }

        mutating func count() -> Int? {
            guard let line = next(), let value = Int(String(decoding: bytes[line], as: UTF8.self)), value >= 0 else { return nil }
            return value
        }
    }
}

/// A source's records: parsed in this run, or still JSON lines of a verified cache, decoded on first use.
enum AdvisoryRecords {
    case parsed([OSVRecord])
    case cached(CachedRecords)

    var count: Int {
        switch self {
        case .parsed(let records): records.count
        case .cached(let cached): cached.lines.count
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
    let lines: [Range<Int>]
    private var decoded: [Int: OSVRecord] = [:]
    private let decoder = JSONDecoder()

    init(bytes: [UInt8], lines: [Range<Int>]) {
        self.bytes = bytes
        self.lines = lines
    }

    func record(_ number: Int) throws -> OSVRecord {
        if let known = decoded[number] { return known }
        do {
            let record = try decoder.decode(OSVRecord.self, from: Data(bytes[lines[number]]))
            decoded[number] = record
            return record
        } catch {
            // The file's checksum matched, so this is a record this version cannot read back: stop
            // rather than audit without it.
            throw SecIssueError("advisory cache: record \(number) cannot be decoded (\(error)); run again with --no-cache")
        }
    }
}
