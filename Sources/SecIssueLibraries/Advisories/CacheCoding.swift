import SecIssueKit

/// The advisory cache's conventions on top of `ByteWriter`'s layout: an optional string or list
/// is written as 0 when missing and as its length plus one when present, so a record reads back
/// exactly as it was written, absent and empty told apart, with no JSON parser (JSONDecoder took
/// a quarter of a second audit).
extension ByteWriter {
    mutating func string(_ text: String?) {
        guard let text else { return number(0) }
        number(text.utf8.count + 1)
        raw(Array(text.utf8))
    }

    mutating func list<T>(_ items: [T]?, _ write: (inout ByteWriter, T) -> Void) {
        guard let items else { return number(0) }
        number(items.count + 1)
        for item in items { write(&self, item) }
    }

    /// Bytes written elsewhere, prefixed by their length (`ByteReader.span` skips them).
    mutating func blob(_ other: [UInt8]) {
        number(other.count)
        raw(other)
    }
}

extension ByteReader {
    mutating func optionalString() throws -> String? {
        let count = try self.count()
        guard count > 0 else { return nil }
        let text = try take(count - 1)
        return String(decoding: UnsafeRawBufferPointer(rebasing: text), as: UTF8.self)
    }

    mutating func optionalList<T>(_ read: (inout ByteReader) throws -> T) throws -> [T]? {
        let count = try self.count()
        guard count > 0 else { return nil }
        return try (0..<(count - 1)).map { _ in try read(&self) }
    }
}

/// An OSV record in the cache's layout: every field, in declaration order.
extension OSVRecord {
    func write(to out: inout ByteWriter) {
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

    init(from input: inout ByteReader) throws {
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
    func write(to out: inout ByteWriter) {
        out.string(type)
        out.string(score)
    }

    init(from input: inout ByteReader) throws {
        self.init(type: try input.string(), score: try input.string())
    }
}
