import Foundation
import SecIssueKit

/// Reads RustSec's own advisory format (a Markdown file whose ```toml block holds `[advisory]` and
/// `[versions]`) into an OSV record, as osv.dev converts it: the title is the summary, the rest of
/// the Markdown the details; `patched` and `unaffected` requirements are kept as they are and
/// checked with Cargo's operators (`>=`, `<`, `^`, `~`, `=`).
enum RustSecAdvisory {
    /// nil when the text does not start with a TOML block naming an advisory id and package.
    static func record(_ text: String) -> OSVRecord? {
        guard text.hasPrefix("```toml") else { return nil }
        let afterFence = text.dropFirst(7)
        guard let close = afterFence.range(of: "\n```") else { return nil }
        let toml = parse(afterFence[..<close.lowerBound])
        let markdown = afterFence[close.upperBound...].drop { $0 != "\n" }.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let id = toml["advisory.id"]?.first, let package = toml["advisory.package"]?.first else { return nil }
        var lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        var title: String?
        if let first = lines.first, first.hasPrefix("# ") {
            title = first.dropFirst(2).trimmingCharacters(in: .whitespaces)
            lines.removeFirst()
        }
        var record = OSVRecord(id: id)
        record.summary = title
        record.details = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        record.aliases = toml["advisory.aliases"]
        record.published = toml["advisory.date"]?.first
        record.modified = record.published
        record.withdrawn = toml["advisory.withdrawn"]?.first
        if let cvss = toml["advisory.cvss"]?.first {
            record.severity = [OSVRecord.Score(type: cvss.hasPrefix("CVSS:4") ? "CVSS_V4" : "CVSS_V3", score: cvss)]
        }
        if let informational = toml["advisory.informational"]?.first {
            // unmaintained, unsound, notice: advice rather than a vulnerability.
            record.databaseSpecific = OSVRecord.DatabaseSpecific(severity: "informational")
            record.summary = "\(title ?? id) (\(informational))"
        }
        var references = (toml["advisory.url"] ?? []) + (toml["advisory.references"] ?? [])
        references.append("https://rustsec.org/advisories/\(id).html")
        record.references = references.map { OSVRecord.Reference(type: "WEB", url: $0) }
        var affected = OSVRecord.Affected(package: OSVRecord.Package(ecosystem: "crates.io", name: package))
        affected.rustsec = OSVRecord.Requirements(patched: toml["versions.patched"] ?? [], unaffected: toml["versions.unaffected"] ?? [])
        record.affected = [affected]
        return record
    }

    /// `table.key` -> its string values (one for a string, each element for an array of strings).
    /// Enough TOML for RustSec's front matter: strings, arrays of strings over several lines, and
    /// tables; other values are kept as written.
    static func parse(_ text: Substring) -> [String: [String]] {
        var values: [String: [String]] = [:]
        var table = ""
        var pendingKey: String?
        var pendingText = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if let key = pendingKey {
                pendingText += "\n" + line
                if closesArray(pendingText) {
                    values[key] = strings(in: pendingText)
                    pendingKey = nil
                }
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") && !line.contains("=") {
                table = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = table + "." + line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("[") {
                if closesArray(value) { values[key] = strings(in: value) } else { (pendingKey, pendingText) = (key, value) }
            } else if value.hasPrefix("\"") || value.hasPrefix("'") {
                values[key] = strings(in: value).prefix(1).map { $0 }
            } else {
                values[key] = [value]
            }
        }
        return values
    }

    /// True when the brackets outside strings balance.
    private static func closesArray(_ text: String) -> Bool {
        var depth = 0
        var quote: Character?
        var escaped = false
        var comment = false
        for character in text {
            if comment {
                comment = character != "\n"
                continue
            }
            if let open = quote {
                if escaped { escaped = false } else if character == "\\" && open == "\"" { escaped = true } else if character == open { quote = nil }
                continue
            }
            switch character {
            case "\"", "'": quote = character
            case "[": depth += 1
            case "]": depth -= 1
            case "#": comment = true
            default: break
            }
        }
        return depth <= 0
    }

    /// The quoted strings in `text`, escapes undone.
    private static func strings(in text: String) -> [String] {
        var found: [String] = []
        var current = ""
        var quote: Character?
        var escaped = false
        for character in text {
            if let open = quote {
                if escaped {
                    current.append(["n": "\n", "t": "\t"][character] ?? character)
                    escaped = false
                } else if character == "\\" && open == "\"" {
                    escaped = true
                } else if character == open {
                    found.append(current)
                    current = ""
                    quote = nil
                } else {
                    current.append(character)
                }
            } else if character == "\"" || character == "'" {
                quote = character
            }
        }
        return found
    }
}
