/// A `Finding` as bytes in the findings cache: every field, in declaration order, so that reading
/// a record gives exactly what `FindingCodec.decode` gave for the file it was made from.
///
/// Strings are a LEB128 length and UTF-8; optionals a 0 or 1 byte first; lists a count first;
/// integers 8 bytes little-endian. A record never holds anything the file did not: when findings
/// gain a field, `fieldCounts` (checked against `Finding` by a test) and `FindingCache.version`
/// change with it, and every older cache is rebuilt.
enum FindingRecord {
    /// The stored properties this format writes, per type: a test compares them with the types.
    static let fieldCounts = ["Finding": 22, "Source": 5, "Location": 4, "Evidence": 4, "Commits": 4, "Triage": 4, "Confidentiality": 4]

    static func write(_ finding: Finding, to out: inout ByteWriter) {
        out.string(finding.id)
        out.string(finding.title)
        out.string(finding.status.rawValue)
        out.string(finding.severity.rawValue)
        out.list(finding.cwe) { $0.int($1) }
        out.string(finding.created)
        out.string(finding.updated)
        out.string(finding.reporter)
        out.optional(finding.assignee) { $0.string($1) }
        out.optional(finding.due) { $0.string($1) }
        out.optional(finding.lastSeen) { $0.string($1) }
        out.list(finding.tags) { $0.string($1) }
        out.optional(finding.source) { out, source in
            out.string(source.tool)
            for field in [source.version, source.rule, source.category, source.fingerprint] { out.optional(field) { $0.string($1) } }
        }
        out.optional(finding.location) { out, location in
            out.string(location.path)
            for field in [location.line, location.column, location.endLine] { out.optional(field) { $0.int($1) } }
        }
        out.optional(finding.evidence) { out, evidence in
            out.int(evidence.count)
            out.string(evidence.firstSeen)
            out.string(evidence.lastSeen)
            out.list(evidence.sources) { out, source in
                out.string(source.name)
                out.int(source.count)
            }
        }
        for field in [finding.commits.introduced, finding.commits.detected, finding.commits.fixed] { out.optional(field) { $0.string($1) } }
        out.list(finding.commits.linked) { $0.string($1) }
        out.list(finding.links) { $0.string($1) }
        out.list(finding.guidance) { $0.string($1) }
        out.optional(finding.triage) { out, triage in
            for field in [triage.reason, triage.by, triage.expires, triage.duplicateOf] { out.optional(field) { $0.string($1) } }
        }
        out.string(finding.description)
        out.list(finding.activity) { $0.string($1) }
        // As stored: a confidential finding's file is sealed, so only its clear fields are here.
        out.optional(finding.confidential) { out, confidential in
            out.int(confidential.sealed ? 1 : 0)
            out.list(confidential.readers) { $0.string($1) }
            out.int(confidential.hidesSeverity ? 1 : 0)
            out.optional(confidential.scan) { $0.string($1) }
        }
    }

    /// The finding of one record; throws `ByteReader.Malformed` for bytes no `write` made.
    static func read(from input: inout ByteReader) throws -> Finding {
        let id = try input.string(), title = try input.string()
        guard let status = Status(rawValue: try input.string()), let severity = Severity(rawValue: try input.string()) else {
            throw ByteReader.Malformed()
        }
        let cwe = try input.list { try $0.int() }
        let created = try input.string()
        var finding = Finding(id: id, title: title, status: status, severity: severity, created: created, reporter: "")
        finding.cwe = cwe
        finding.updated = try input.string()
        finding.reporter = try input.string()
        finding.assignee = try input.optional { try $0.string() }
        finding.due = try input.optional { try $0.string() }
        finding.lastSeen = try input.optional { try $0.string() }
        finding.tags = try input.list { try $0.string() }
        finding.source = try input.optional { input in
            Finding.Source(tool: try input.string(), version: try input.optional { try $0.string() }, rule: try input.optional { try $0.string() },
                           category: try input.optional { try $0.string() }, fingerprint: try input.optional { try $0.string() })
        }
        finding.location = try input.optional { input in
            Finding.Location(path: try input.string(), line: try input.optional { try $0.int() },
                             column: try input.optional { try $0.int() }, endLine: try input.optional { try $0.int() })
        }
        finding.evidence = try input.optional { input in
            Finding.Evidence(count: try input.int(), firstSeen: try input.string(), lastSeen: try input.string(),
                             sources: try input.list { Finding.Evidence.Source(name: try $0.string(), count: try $0.int()) })
        }
        finding.commits = Finding.Commits(introduced: try input.optional { try $0.string() }, detected: try input.optional { try $0.string() },
                                          fixed: try input.optional { try $0.string() }, linked: try input.list { try $0.string() })
        finding.links = try input.list { try $0.string() }
        finding.guidance = try input.list { try $0.string() }
        finding.triage = try input.optional { input in
            Finding.Triage(reason: try input.optional { try $0.string() }, by: try input.optional { try $0.string() },
                           expires: try input.optional { try $0.string() }, duplicateOf: try input.optional { try $0.string() })
        }
        finding.description = try input.string()
        finding.activity = try input.list { try $0.string() }
        finding.confidential = try input.optional { input in
            Confidentiality(sealed: try input.int() != 0, readers: try input.list { try $0.string() },
                            hidesSeverity: try input.int() != 0, scan: try input.optional { try $0.string() })
        }
        return finding
    }
}
