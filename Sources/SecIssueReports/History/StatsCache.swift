import Crypto
import Foundation
import SecIssueKit

/// What `stats` and `report` learned from history, kept in the git directory
/// (`secissue/stats-cache`) so a second run reads no finding file twice: the change between two
/// versions of `.security/findings/` keyed by their tree ids, and the record of each finding
/// blob. Both keys are object ids, so an entry can never go stale. The file ends with the
/// SHA-256 of its body: a damaged, truncated or foreign file (another format version) is
/// ignored and rebuilt, never trusted.
public final class StatsCache {
    /// Names what the entries mean: 2 since deltas hold the findings of both layouts
    /// (`FindingLayout`) and records read `severity: hidden`; a build before wrote the same keys
    /// with other values (a fanned-out finding missing, a hidden one unreadable).
    static let header = "secissue-stats-cache 2"
    let path: String?
    var deltas: [String: [(name: String, blob: ObjectID?)]] = [:]
    /// nil for a blob that does not parse as a finding.
    var records: [ObjectID: FindingRecord?] = [:]
    private(set) var changed = false
    /// Why a cache file on disk was not used, for a note; nil when it was used or absent.
    public private(set) var discarded: String?

    /// The cache of `workspace`, or an empty one kept in memory when `path` is nil.
    public init(path: String?) {
        self.path = path
        guard let path, let data = FileManager.default.contents(atPath: path) else { return }
        if !load(Array(data)) {
            deltas = [:]
            records = [:]
            discarded = "the stats cache \(path) was damaged or from another version: rebuilt"
            changed = true
        }
    }

    public static func location(for workspace: Workspace) -> String { workspace.commonDirectory + "/secissue/stats-cache" }

    static func deltaKey(_ old: ObjectID?, _ new: ObjectID?) -> String { "\(old?.hex ?? "-") \(new?.hex ?? "-")" }

    func delta(_ old: ObjectID?, _ new: ObjectID?) -> [(name: String, blob: ObjectID?)]? { deltas[Self.deltaKey(old, new)] }

    func store(delta: [(name: String, blob: ObjectID?)], _ old: ObjectID?, _ new: ObjectID?) {
        deltas[Self.deltaKey(old, new)] = delta
        changed = true
    }

    func store(record: FindingRecord?, for blob: ObjectID) {
        records[blob] = .some(record)
        changed = true
    }

    /// Writes the cache when it learned something: to a temporary file renamed over the old one,
    /// so a reader never sees half a file. A cache that cannot be written is only slower next time.
    public func save() {
        guard changed, let path else { return }
        var body = Self.header + "\n"
        for (key, entries) in deltas.sorted(by: { $0.key < $1.key }) {
            body += "D \(key) \(entries.count)\n"
            for entry in entries { body += "\(Self.escape(entry.name))\t\(entry.blob?.hex ?? "-")\n" }
        }
        for (blob, record) in records.sorted(by: { $0.key.hex < $1.key.hex }) {
            guard let record else { body += "U \(blob.hex)\n"; continue }
            let cwe = record.cwe.map(String.init).joined(separator: ",")
            let fields: [String?] = [record.id, record.title, record.status.rawValue, record.severity.rawValue, record.tool, record.rule,
                                     cwe, record.path, record.line.map(String.init), record.assignee, record.fixedCommit]
            body += "R \(blob.hex)\t" + fields.map { $0.map(Self.escape) ?? "\\0" }.joined(separator: "\t") + "\n"
        }
        body += "end " + Self.digest(Array(body.utf8)) + "\n"
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? Data(body.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        changed = false
    }

    // MARK: Reading

    /// Reads the file as bytes (lines split on LF, fields on tab or space): Character-wise
    /// splitting of a cache of 10,000 findings would cost more than the history walk it saves.
    private func load(_ bytes: [UInt8]) -> Bool {
        // The digest line: `end <64 hex>\n`, over everything before it.
        let trailer = 4 + 64 + 1
        guard bytes.count > trailer, bytes.last == 10 else { return false }
        let body = bytes[..<(bytes.count - trailer)]
        let end = String(decoding: bytes[(bytes.count - trailer)...], as: UTF8.self)
        guard end == "end " + Self.digest(Array(body)) + "\n" else { return false }
        var lines = body.split(separator: 10, omittingEmptySubsequences: false)[...]
        guard let first = lines.popFirst(), first.elementsEqual(Self.header.utf8), lines.popLast()?.isEmpty == true else { return false }
        func text(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
        while let line = lines.popFirst() {
            guard line.count > 2, line[line.startIndex + 1] == 32 else { return false }
            let rest = line.dropFirst(2)
            switch line.first {
            case UInt8(ascii: "D"):
                let parts = rest.split(separator: 32, omittingEmptySubsequences: false)
                guard parts.count == 3, let old = Self.optionalID(text(parts[0])), let new = Self.optionalID(text(parts[1])),
                      let count = Int(text(parts[2])), count >= 0, count <= lines.count else { return false }
                var entries: [(name: String, blob: ObjectID?)] = []
                entries.reserveCapacity(count)
                for _ in 0..<count {
                    let cells = lines.removeFirst().split(separator: 9, omittingEmptySubsequences: false)
                    guard cells.count == 2, let name = Self.unescape(cells[0]), let blob = Self.optionalID(text(cells[1])) else { return false }
                    entries.append((name, blob))
                }
                deltas[Self.deltaKey(old, new)] = entries
            case UInt8(ascii: "U"):
                guard let blob = ObjectID(hex: text(rest)) else { return false }
                records[blob] = .some(nil)
            case UInt8(ascii: "R"):
                let cells = rest.split(separator: 9, omittingEmptySubsequences: false)
                guard cells.count == 12, let blob = ObjectID(hex: text(cells[0])) else { return false }
                let fields = cells.dropFirst().map { $0.elementsEqual("\\0".utf8) ? String?.none : Self.unescape($0) }
                guard let id = fields[0], let title = fields[1], let status = fields[2].flatMap(Status.init(rawValue:)),
                      let severity = fields[3].flatMap(Severity.init(rawValue:)) else { return false }
                let cwe = (fields[6] ?? "").split(separator: ",").compactMap { Int($0) }
                records[blob] = FindingRecord(id: id, title: title, status: status, severity: severity, tool: fields[4], rule: fields[5],
                                              cwe: cwe, path: fields[7], line: fields[8].flatMap { Int($0) }, assignee: fields[9],
                                              fixedCommit: fields[10])
            default:
                return false
            }
        }
        return true
    }

    private static func optionalID(_ text: String) -> ObjectID?? {
        if text == "-" { return .some(nil) }
        return ObjectID(hex: text).map { .some($0) }
    }

    private static func digest(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\".unicodeScalars
            case "\t": out += "\\t".unicodeScalars
            case "\n": out += "\\n".unicodeScalars
            case "\r": out += "\\r".unicodeScalars
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    static func unescape(_ bytes: ArraySlice<UInt8>) -> String? {
        guard bytes.contains(UInt8(ascii: "\\")) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "\\") else { out.append(byte); continue }
            switch iterator.next() {
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "r"): out.append(13)
            default: return nil
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

}
