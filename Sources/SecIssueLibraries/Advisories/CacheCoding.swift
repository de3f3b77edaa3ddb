import SecIssueKit

/// The advisory cache's binary layout: numbers as LEB128 varints, strings and lists prefixed by
/// their length. An optional string or list is written as 0 when missing and as its length plus
/// one when present, an optional part as 0 or 1 before it, so a record reads back exactly as it
/// was written, with no JSON parser (JSONDecoder took a quarter of a second audit).
struct CacheWriter {
    private(set) var bytes: [UInt8] = []

    mutating func number(_ value: Int) {
        var rest = UInt64(value)
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7f) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func string(_ text: String) {
        number(text.utf8.count)
        bytes += text.utf8
    }

    mutating func string(_ text: String?) {
        guard let text else { return number(0) }
        number(text.utf8.count + 1)
        bytes += text.utf8
    }

    mutating func list<T>(_ items: [T], _ write: (inout CacheWriter, T) -> Void) {
        number(items.count)
        for item in items { write(&self, item) }
    }

    mutating func list<T>(_ items: [T]?, _ write: (inout CacheWriter, T) -> Void) {
        guard let items else { return number(0) }
        number(items.count + 1)
        for item in items { write(&self, item) }
    }

    mutating func optional<T>(_ value: T?, _ write: (inout CacheWriter, T) -> Void) {
        guard let value else { return number(0) }
        number(1)
        write(&self, value)
    }

    /// Bytes written elsewhere, prefixed by their length.
    mutating func blob(_ other: [UInt8]) {
        number(other.count)
        bytes += other
    }
}

/// Reads what `CacheWriter` wrote, checking every length against the bytes left: a file that is
/// not what this version wrote throws `Damaged`, it never traps or reads out of bounds.
struct CacheReader {
    struct Damaged: Error {}

    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int

    init(_ bytes: [UInt8], _ range: Range<Int>) {
        self.bytes = bytes
        position = range.lowerBound
        end = range.upperBound
    }

    var isAtEnd: Bool { position == end }

    mutating func number() throws -> Int {
        var value = 0
        for shift in stride(from: 0, to: 63, by: 7) {
            guard position < end else { throw Damaged() }
            let byte = bytes[position]
            position += 1
            value |= Int(byte & 0x7f) << shift
            if byte < 0x80 { return value }   // at most 63 bits: never negative
        }
        throw Damaged()
    }

    /// A length or count that the remaining bytes can hold (each item takes at least one byte).
    private func length(_ value: Int) throws -> Int {
        guard value <= end - position else { throw Damaged() }
        return value
    }

    private mutating func text(_ count: Int) throws -> String {
        let count = try length(count)
        defer { position += count }
        return String(decoding: bytes[position..<(position + count)], as: UTF8.self)
    }

    mutating func string() throws -> String {
        try text(number())
    }

    mutating func optionalString() throws -> String? {
        let count = try number()
        return count == 0 ? nil : try text(count - 1)
    }

    mutating func list<T>(_ read: (inout CacheReader) throws -> T) throws -> [T] {
        let count = try length(number())
        var items: [T] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(try read(&self)) }
        return items
    }

    mutating func optionalList<T>(_ read: (inout CacheReader) throws -> T) throws -> [T]? {
        let count = try number()
        guard count > 0 else { return nil }
        let items = try length(count - 1)
        return try (0..<items).map { _ in try read(&self) }
    }

    mutating func optional<T>(_ read: (inout CacheReader) throws -> T) throws -> T? {
        switch try number() {
        case 0: return nil
        case 1: return try read(&self)
        default: throw Damaged()
        }
    }

    /// The range of a blob `CacheWriter.blob` wrote, skipped over.
    mutating func blob() throws -> Range<Int> {
        let count = try length(number())
        defer { position += count }
        return position..<(position + count)
    }
}

/// An OSV record in the cache's layout: every field, in declaration order.
extension OSVRecord {
    func write(to out: inout CacheWriter) {
        out.string(id)
        out.string(summary)
        out.string(details)
        out.list(aliases) { $0.string($1) }
        out.string(modified)
        out.string(published)
        out.string(withdrawn)
        out.list(severity) { $1.write(to: &$0) }
        out.list(affected) { out, affected in
            out.optional(affected.package) { out, package in
                out.string(package.ecosystem)
                out.string(package.name)
                out.string(package.purl)
            }
            out.list(affected.ranges) { out, range in
                out.string(range.type)
                out.list(range.events) { out, event in
                    for bound in [event.introduced, event.fixed, event.lastAffected, event.limit] { out.string(bound) }
                }
            }
            out.list(affected.versions) { $0.string($1) }
            out.list(affected.severity) { $1.write(to: &$0) }
            out.optional(affected.rustsec) { out, requirements in
                out.list(requirements.patched) { $0.string($1) }
                out.list(requirements.unaffected) { $0.string($1) }
            }
        }
        out.list(references) { out, reference in
            out.string(reference.type)
            out.string(reference.url)
        }
        out.optional(databaseSpecific) { $0.string($1.severity) }
    }

    init(from input: inout CacheReader) throws {
        self.init(id: try input.string())
        summary = try input.optionalString()
        details = try input.optionalString()
        aliases = try input.optionalList { try $0.string() }
        modified = try input.optionalString()
        published = try input.optionalString()
        withdrawn = try input.optionalString()
        severity = try input.optionalList { try Score(from: &$0) }
        affected = try input.optionalList { input in
            var affected = Affected(package: try input.optional { input in
                Package(ecosystem: try input.string(), name: try input.string(), purl: try input.optionalString())
            })
            affected.ranges = try input.optionalList { input in
                Range(type: try input.string(), events: try input.list { input in
                    Event(introduced: try input.optionalString(), fixed: try input.optionalString(),
                          lastAffected: try input.optionalString(), limit: try input.optionalString())
                })
            }
            affected.versions = try input.optionalList { try $0.string() }
            affected.severity = try input.optionalList { try Score(from: &$0) }
            affected.rustsec = try input.optional { input in
                Requirements(patched: try input.list { try $0.string() }, unaffected: try input.list { try $0.string() })
            }
            return affected
        }
        references = try input.optionalList { input in
            Reference(type: try input.optionalString(), url: try input.string())
        }
        databaseSpecific = try input.optional { DatabaseSpecific(severity: try $0.optionalString()) }
    }
}

extension OSVRecord.Score {
    func write(to out: inout CacheWriter) {
        out.string(type)
        out.string(score)
    }

    init(from input: inout CacheReader) throws {
        self.init(type: try input.string(), score: try input.string())
    }
}
