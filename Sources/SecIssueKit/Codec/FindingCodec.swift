import Foundation

/// Reads and writes finding files. A rewrite changes only the front matter fields whose
/// values changed and appends activity lines; unknown fields, comments, spacing and the
/// body stay byte-for-byte as they were.
public enum FindingCodec {
    static let activityHeading = "## Activity"

    /// The one test of "this line is the activity heading", for reading and rewriting alike, so a
    /// rewrite never appends to a section the next read does not take for the log. `line` has no
    /// line terminator (a CRLF file's "\r" included or not: it is ignored).
    static func isActivityHeading<Line: StringProtocol>(_ line: Line) -> Bool {
        guard line.utf8.starts(with: activityHeading.utf8) else { return false }
        // Then only spaces, and a carriage return as the very last byte.
        var sawReturn = false
        for byte in line.utf8.dropFirst(activityHeading.utf8.count) {
            guard !sawReturn, byte == 32 || byte == 13 else { return false }
            sawReturn = byte == 13
        }
        return true
    }

    /// Parses a finding file; a malformed one throws a `FileProblem` naming the line and field.
    public static func decode(_ text: String, path: String) throws -> Finding {
        let document = try MarkdownDocument(parsing: text, path: path)
        let fields = try YAMLFields.parse(document.frontMatterText, path: path,
                                          lineOffset: MarkdownDocument.frontMatterFirstLine - 1)
        var finding = Finding(
            id: try fields.required("id"),
            title: try fields.required("title"),
            status: try fields.enumValue("status", Status.self) ?? { throw fields.problem("status", "required field is missing") }(),
            // `hidden` (a sealed finding whose policy hides its severity) reads as the worst, so that
            // every threshold counts it; `confidential.hidesSeverity` says it is not known.
            severity: try fields.string("severity") == Confidentiality.hiddenSeverity ? .critical
                : fields.enumValue("severity", Severity.self) ?? { throw fields.problem("severity", "required field is missing") }(),
            created: try fields.required("created"),
            reporter: try fields.string("reporter") ?? ""
        )
        finding.updated = try fields.string("updated") ?? finding.created
        finding.cwe = try fields.strings("cwe").map { text in
            let digits = text.uppercased().hasPrefix("CWE-") ? String(text.dropFirst(4)) : text
            guard let number = Int(digits), number > 0 else { throw fields.problem("cwe", "'\(text)' is not a CWE number (write 89 or CWE-89)") }
            return number
        }
        finding.assignee = try fields.string("assignee")
        finding.due = try fields.string("due")
        finding.lastSeen = try fields.string("last_seen")
        finding.tags = try fields.strings("tags")
        finding.links = try fields.strings("links")
        finding.guidance = try fields.strings("guidance")
        if let source = try fields.nested("source") {
            finding.source = Finding.Source(tool: try source.required("tool"), version: try source.string("version"),
                                            rule: try source.string("rule"), category: try source.string("category"),
                                            fingerprint: try source.string("fingerprint"))
        }
        if let location = try fields.nested("location") {
            finding.location = Finding.Location(path: try location.required("path"), line: try location.int("line"),
                                                column: try location.int("column"), endLine: try location.int("end_line"))
        }
        if let evidence = try fields.nested("evidence") {
            finding.evidence = Finding.Evidence(count: try evidence.int("count") ?? 0, firstSeen: try evidence.required("first_seen"),
                                                lastSeen: try evidence.required("last_seen"),
                                                sources: try evidence.strings("sources").map(Finding.Evidence.Source.init(display:)))
        }
        if let commits = try fields.nested("commits") {
            finding.commits = Finding.Commits(introduced: try commits.string("introduced"), detected: try commits.string("detected"),
                                              fixed: try commits.string("fixed"), linked: try commits.strings("linked"))
        }
        if let triage = try fields.nested("triage") {
            finding.triage = Finding.Triage(reason: try triage.string("reason"), by: try triage.string("by"),
                                            expires: try triage.string("expires"), duplicateOf: try triage.string("duplicate_of"))
        }
        // `confidential: true`, as a person adds it in the editor, is a finding to seal.
        if case .scalar(let flag, _)? = fields.entry("confidential")?.value {
            guard flag == "true" else { throw fields.problem("confidential", "write true, or leave the field out (git secissue disclose makes a finding plain)") }
            finding.confidential = Confidentiality()
        } else if let confidential = try fields.nested("confidential") {
            let sealed = try confidential.string("sealed") ?? "false"
            guard sealed == "true" || sealed == "false" else { throw confidential.problem("sealed", "expected true or false, found '\(sealed)'") }
            finding.confidential = Confidentiality(sealed: sealed == "true", readers: try confidential.strings("readers"),
                                                   hidesSeverity: try fields.string("severity") == Confidentiality.hiddenSeverity
                                                       || confidential.string("hide_severity") == "true",
                                                   scan: try confidential.string("scan"))
        }
        if finding.confidential?.hidesSeverity != true, try fields.string("severity") == Confidentiality.hiddenSeverity {
            throw fields.problem("severity", "'hidden' is only for a sealed confidential finding: write critical, high, medium, low or info")
        }
        (finding.description, finding.activity) = splitBody(document.body)
        return finding
    }

    /// The whole file for a finding, in the canonical field order.
    public static func encode(_ finding: Finding) -> String {
        let frontMatter = blocks(of: finding).flatMap(\.lines).joined(separator: "\n")
        var body = finding.description.isEmpty ? "" : BodyText.description(finding.description) + "\n\n"
        body += activityHeading + "\n" + finding.activity.map(activityLine).joined()
        return "---\n" + frontMatter + "\n---\n" + body
    }

    /// `text` with the changes from `old` (what `text` decodes to) to `new` applied in place.
    public static func rewrite(_ text: String, from old: Finding, to new: Finding, path: String) throws -> String {
        var document = try MarkdownDocument(parsing: text, path: path)
        let oldBlocks = Dictionary(uniqueKeysWithValues: blocks(of: old).map { ($0.key, $0.lines) })
        let newBlocks = blocks(of: new)
        var lines = document.frontMatter.map(String.init)
        for (position, block) in newBlocks.enumerated() where oldBlocks[block.key] != block.lines {
            if let range = blockRange(of: block.key, in: lines) {
                lines.replaceSubrange(range, with: keepingComment(of: lines[range], in: block.lines))
            } else {
                let earlier = newBlocks[..<position].reversed().lazy.compactMap { blockRange(of: $0.key, in: lines) }.first
                lines.insert(contentsOf: block.lines, at: earlier?.upperBound ?? lines.count)
            }
        }
        for key in oldBlocks.keys where !newBlocks.contains(where: { $0.key == key }) {
            if let range = blockRange(of: key, in: lines) { lines.removeSubrange(range) }
        }
        document.frontMatter = lines.map { Substring($0) }
        var body = String(document.body)
        if new.description != old.description {
            body = replacingDescription(of: body, with: new.description, newline: document.newline)
        }
        let added = new.activity.count > old.activity.count ? Array(new.activity[old.activity.count...]) : []
        document.body = Substring(appendingActivity(added, to: body, newline: document.newline))
        return document.text
    }

    /// The front matter as (field, lines) pairs in canonical order; optional groups only when set.
    static func blocks(of finding: Finding) -> [(key: String, lines: [String])] {
        func line(_ key: String, _ value: String) -> (key: String, lines: [String]) { (key, ["\(key): \(value)"]) }
        func group(_ key: String, _ entries: [(String, String?)]) -> (key: String, lines: [String]) {
            (key, ["\(key):"] + entries.compactMap { name, value in value.map { "  \(name): \($0)" } })
        }
        var result = [
            line("id", YAMLScalar.string(finding.id)),
            line("title", YAMLScalar.string(finding.title)),
            line("status", finding.status.rawValue),
            line("severity", finding.isSeverityHidden ? Confidentiality.hiddenSeverity : finding.severity.rawValue),
            line("cwe", "[" + finding.cwe.map(String.init).joined(separator: ", ") + "]"),
            line("created", YAMLScalar.string(finding.created)),
            line("updated", YAMLScalar.string(finding.updated)),
            line("reporter", YAMLScalar.string(finding.reporter)),
            line("assignee", YAMLScalar.optional(finding.assignee)),
            line("due", YAMLScalar.optional(finding.due)),
        ]
        if let lastSeen = finding.lastSeen { result.append(line("last_seen", YAMLScalar.string(lastSeen))) }
        if !finding.tags.isEmpty { result.append(line("tags", YAMLScalar.list(finding.tags))) }
        if let source = finding.source {
            result.append(group("source", [
                ("tool", YAMLScalar.string(source.tool)), ("version", source.version.map { YAMLScalar.string($0) }),
                ("rule", source.rule.map { YAMLScalar.string($0) }), ("category", source.category.map { YAMLScalar.string($0) }),
                ("fingerprint", source.fingerprint.map { YAMLScalar.string($0) }),
            ]))
        }
        if let location = finding.location {
            result.append(group("location", [
                ("path", YAMLScalar.string(location.path)), ("line", location.line.map(String.init)),
                ("column", location.column.map(String.init)), ("end_line", location.endLine.map(String.init)),
            ]))
        }
        if let evidence = finding.evidence {
            result.append(group("evidence", [
                ("count", String(evidence.count)), ("first_seen", YAMLScalar.string(evidence.firstSeen)),
                ("last_seen", YAMLScalar.string(evidence.lastSeen)), ("sources", YAMLScalar.list(evidence.sources.map(\.display))),
            ]))
        }
        let commits = finding.commits
        result.append(group("commits", [
            ("introduced", YAMLScalar.optional(commits.introduced)), ("detected", YAMLScalar.optional(commits.detected)),
            ("fixed", YAMLScalar.optional(commits.fixed)), ("linked", commits.linked.isEmpty ? nil : YAMLScalar.list(commits.linked)),
        ]))
        result.append(line("links", YAMLScalar.list(finding.links)))
        result.append(line("guidance", YAMLScalar.list(finding.guidance)))
        if let triage = finding.triage {
            result.append(group("triage", [
                ("reason", triage.reason.map { YAMLScalar.string($0) }), ("by", triage.by.map { YAMLScalar.string($0) }),
                ("expires", triage.expires.map { YAMLScalar.string($0) }),
                ("duplicate_of", triage.duplicateOf.map { YAMLScalar.string($0) }),
            ]))
        }
        if let confidential = finding.confidential {
            result.append(group("confidential", [
                ("sealed", confidential.sealed ? "true" : "false"),
                ("readers", confidential.readers.isEmpty ? nil : YAMLScalar.list(confidential.readers)),
                // Opened, a hidden severity is in clear in memory: this keeps it hidden when sealed again.
                ("hide_severity", confidential.hidesSeverity && !confidential.sealed ? "true" : nil),
                ("scan", confidential.scan),
            ]))
        }
        return result
    }

    /// The lines of top-level field `key`: its own line and the indented (or `- ` list) lines under it.
    static func blockRange(of key: String, in lines: [String]) -> Range<Int>? {
        guard let start = lines.firstIndex(where: { topLevelKey(of: $0) == key }) else { return nil }
        var end = start + 1
        while end < lines.count, lines[end].first == " " || lines[end].first == "\t" || lines[end].hasPrefix("- ") || lines[end] == "-" {
            end += 1
        }
        return start..<end
    }

    private static func topLevelKey(of line: String) -> String? {
        guard let first = line.first, first.isLetter || first.isNumber || first == "_",
              let colon = line.firstIndex(of: ":") else { return nil }
        let key = line[..<colon]
        guard key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { return nil }
        let after = line[line.index(after: colon)...]
        return after.isEmpty || after.first == " " || after.first == "\t" ? String(key) : nil
    }

    /// Keeps a trailing `# comment` of a one-line field when its value is replaced by another one-line value.
    private static func keepingComment(of old: ArraySlice<String>, in new: [String]) -> [String] {
        guard old.count == 1, new.count == 1, let line = old.first,
              let hash = line.range(of: " #"), !line[..<hash.lowerBound].contains("\""), !line[..<hash.lowerBound].contains("'") else {
            return new
        }
        let valueEnd = line[..<hash.lowerBound].lastIndex { $0 != " " }.map { line.index(after: $0) } ?? hash.lowerBound
        return [new[0] + line[valueEnd...]]
    }

    /// An activity entry as written: its lines after the first indented under the `- `, control
    /// characters escaped (see `BodyText`). Lines are split at LF, CRLF and a lone CR alike: split
    /// on Characters, "\r\n" is one and would leave a line that a reader takes for a heading unindented.
    static func activityLine(_ entry: String) -> String {
        let text = BodyText.escapingControls(entry)
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) else { return "- " + text + "\n" }
        // Each line break (`\r\n`, `\n` or a lone `\r`) goes on as an indented line; no
        // Foundation here: its first string replacement costs more than `show`'s rendering.
        var out = String.UnicodeScalarView("- ".unicodeScalars)
        var afterCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n" where afterCR: afterCR = false
            case "\n", "\r": out.append(contentsOf: "\n  ".unicodeScalars); afterCR = scalar == "\r"
            default: out.append(scalar); afterCR = false
            }
        }
        out.append("\n")
        return String(out)
    }

    /// Splits a body into its description and its activity entries (continuation lines joined with newlines).
    ///
    /// The log is the section under the LAST activity heading: the tool always writes the log after
    /// the description, so a heading earlier in the body is text someone put in the description
    /// (a scanner message, a hand edit), which must not replace the real entries.
    static func splitBody(_ body: Substring) -> (String, [String]) {
        var lines: [Substring] = []
        var position = body.utf8.startIndex
        while position < body.utf8.endIndex {
            let end = body.utf8[position...].firstIndex(of: UInt8(ascii: "\n")) ?? body.utf8.endIndex
            var line = body[position..<end]
            if line.utf8.last == UInt8(ascii: "\r") { line = line.dropLast() }
            lines.append(line)
            position = end < body.utf8.endIndex ? body.utf8.index(after: end) : end
        }
        guard let heading = lines.lastIndex(where: isActivityHeading) else {
            return (trimmingBlankLines(lines[...]), [])
        }
        var entries: [String] = []
        for line in lines[(heading + 1)...] {
            if line.hasPrefix("#") { break }
            if line.hasPrefix("- ") {
                entries.append(String(line.dropFirst(2)))
            } else if line.hasPrefix("  "), !entries.isEmpty {
                entries[entries.count - 1] += "\n" + line.dropFirst(2)
            }
        }
        return (trimmingBlankLines(lines[..<heading]), entries)
    }

    /// The lines joined, without blank lines at either end.
    private static func trimmingBlankLines(_ lines: ArraySlice<Substring>) -> String {
        let isBlank: (Substring) -> Bool = { $0.utf8.allSatisfy { $0 == 32 || $0 == 9 } }
        guard let first = lines.firstIndex(where: { !isBlank($0) }), let last = lines.lastIndex(where: { !isBlank($0) }) else { return "" }
        return lines[first...last].joined(separator: "\n")
    }

    /// The body with everything before the activity section replaced by `description`;
    /// the activity section stays byte for byte.
    static func replacingDescription(of body: String, with description: String, newline: String) -> String {
        let lines = body.utf8.split(separator: 10, omittingEmptySubsequences: false)
        let isHeading = { (line: Substring.UTF8View.SubSequence) in isActivityHeading(String(decoding: line, as: UTF8.self)) }
        let text = BodyText.description(description).replacingOccurrences(of: "\n", with: newline)
        guard let heading = lines.lastIndex(where: isHeading) else { return text.isEmpty ? "" : text + newline }
        let rest = String(decoding: body.utf8[lines[heading].startIndex...], as: UTF8.self)
        return text.isEmpty ? rest : text + newline + newline + rest
    }

    /// The body with `entries` added after the last activity line (a new section when there is
    /// none), in the file's own line ending.
    static func appendingActivity(_ entries: [String], to body: String, newline: String = "\n") -> String {
        guard !entries.isEmpty else { return body }
        let added = entries.map(activityLine).joined().replacingOccurrences(of: "\n", with: newline)
        // Split on the byte, not the Character: "\r\n" is one Character in Swift.
        var lines = body.utf8.split(separator: 10, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard let heading = lines.lastIndex(where: isActivityHeading) else {
            let separator = body.isEmpty || body.hasSuffix(newline + newline) ? "" : body.hasSuffix(newline) ? newline : newline + newline
            return body + separator + activityHeading + newline + added
        }
        var insertAt = heading + 1
        var index = heading + 1
        while index < lines.count, !lines[index].hasPrefix("#") {
            if lines[index].hasPrefix("- ") || (lines[index].hasPrefix("  ") && insertAt > heading + 1) { insertAt = index + 1 }
            index += 1
        }
        // Drop the final "\n" byte only: with CRLF endings the line keeps its "\r", as the others do.
        lines.insert(String(decoding: added.utf8.dropLast(), as: UTF8.self), at: insertAt)
        return lines.joined(separator: "\n")
    }
}
