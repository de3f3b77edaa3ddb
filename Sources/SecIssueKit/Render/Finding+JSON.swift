/// `--format json` uses the same keys, in the same order, as the front matter.
extension Finding {
    /// `json` as an element of a listing's array (indented one level), as the findings cache keeps it.
    var jsonElement: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        json.write(to: &out, indent: 1)
        return out
    }

    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(id)), ("title", .string(title)), ("status", .string(status.rawValue)),
            ("severity", .string(severityLabel)), ("cwe", .array(cwe.map { .int($0) })),
            ("created", .string(created)), ("updated", .string(updated)), ("reporter", .string(reporter)),
            ("assignee", .optional(assignee)), ("due", .optional(due)), ("last_seen", .optional(lastSeen)), ("tags", .strings(tags)),
        ]
        if let source {
            members.append(("source", .object([
                ("tool", .string(source.tool)), ("version", .optional(source.version)), ("rule", .optional(source.rule)),
                ("category", .optional(source.category)), ("fingerprint", .optional(source.fingerprint)),
            ])))
        } else {
            members.append(("source", .null))
        }
        if let location {
            var fields: [(String, JSONValue)] = [("path", .string(location.path)), ("line", .optional(location.line))]
            if let column = location.column { fields.append(("column", .int(column))) }
            if let endLine = location.endLine { fields.append(("end_line", .int(endLine))) }
            members.append(("location", .object(fields)))
        } else {
            members.append(("location", .null))
        }
        if let evidence {
            members.append(("evidence", .object([
                ("count", .int(evidence.count)), ("first_seen", .string(evidence.firstSeen)),
                ("last_seen", .string(evidence.lastSeen)), ("sources", .strings(evidence.sources.map(\.display))),
            ])))
        }
        members.append(("commits", .object([
            ("introduced", .optional(commits.introduced)), ("detected", .optional(commits.detected)),
            ("fixed", .optional(commits.fixed)), ("linked", .strings(commits.linked)),
        ])))
        members.append(("links", .strings(links)))
        members.append(("guidance", .strings(guidance)))
        if let triage {
            members.append(("triage", .object([
                ("reason", .optional(triage.reason)), ("by", .optional(triage.by)), ("expires", .optional(triage.expires)),
                ("duplicate_of", .optional(triage.duplicateOf)),
            ])))
        } else {
            members.append(("triage", .null))
        }
        if let confidential {
            members.append(("confidential", .object([("sealed", .bool(confidential.sealed)), ("readers", .strings(confidential.readers))])))
        }
        // A sealed finding's body is ciphertext: nothing a program could use.
        members.append(("description", .string(isSealed ? "" : description)))
        members.append(("activity", .strings(activity)))
        return .object(members)
    }
}
