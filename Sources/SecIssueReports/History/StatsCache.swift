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
    static let header = "secissue-stats-cache 1"
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

    private func load(_ bytes: [UInt8]) -> Bool {
        // The digest line: `end <64 hex>\n`, over everything before it.
        let trailer = 4 + 64 + 1
        guard bytes.count > trailer, bytes.last == 10 else { return false }
        let body = Array(bytes[..<(bytes.count - trailer)])
        let end = String(decoding: bytes[(bytes.count - trailer)...], as: UTF8.self)
        guard end == "end " + Self.digest(body) + "\n" else { return false }
        var lines = String(decoding: body, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard lines.popFirst() == Substring(Self.header), lines.popLast() == "" else { return false }
        while let line = lines.popFirst() {
            let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
            switch parts.first {
            case "D":
                guard parts.count == 4, let old = Self.optionalID(parts[1]), let new = Self.optionalID(parts[2]),
                      let count = Int(parts[3]), count >= 0, count <= lines.count else { return false }
                var entries: [(name: String, blob: ObjectID?)] = []
                for _ in 0..<count {
                    let cells = lines.removeFirst().split(separator: "\t", omittingEmptySubsequences: false)
                    guard cells.count == 2, let name = Self.unescape(cells[0]), let blob = Self.optionalID(cells[1]) else { return false }
                    entries.append((name, blob))
                }
                deltas[Self.deltaKey(old, new)] = entries
            case "U":
                guard parts.count == 2, let blob = ObjectID(hex: String(parts[1])) else { return false }
                records[blob] = .some(nil)
            case "R":
                let cells = line.dropFirst(2).split(separator: "\t", omittingEmptySubsequences: false)
                guard cells.count == 12, let blob = ObjectID(hex: String(cells[0])) else { return false }
                let fields = cells.dropFirst().map { $0 == "\\0" ? String?.none : Self.unescape($0) }
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

    private static func optionalID(_ text: Substring) -> ObjectID?? {
        if text == "-" { return .some(nil) }
        return ObjectID(hex: String(text)).map { .some($0) }
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

    static func unescape(_ text: Substring) -> String? {
        guard text.contains("\\") else { return String(text) }
        var out = ""
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            guard character == "\\" else { out.append(character); continue }
            switch iterator.next() {
            case "\\": out += "\\"
            case "t": out += "\t"
            case "n": out += "\n"
            case "r": out += "\r"
            default: return nil
            }
        }
        return out
    }
}
