import SecIssueKit

/// What `libs audit` prints: one row per advisory affecting a dependency.
public enum AdvisoryTable {
    public static func render(_ matches: [AdvisoryAudit.Match]) -> String {
        let header = ["ECOSYSTEM", "NAME", "VERSION", "ADVISORY", "SEVERITY", "FIXED", "UPGRADE", "DECLARED IN"]
        let rows = matches.map { match in
            [match.dependency.ecosystem.rawValue, match.dependency.name, match.dependency.version ?? "-",
             ([match.record.id] + match.record.sortedAliases.filter { $0.hasPrefix("CVE-") }.prefix(1)).joined(separator: " "),
             match.severity.rawValue, match.fixed.first ?? "-", match.upgrade ?? "-",
             match.dependency.manifest + (match.dependency.line.map { ":\($0)" } ?? "")]
        }
        let last = header.count - 1
        let widths = (0..<last).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            (0..<last).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ") + "  " + row[last]
        }.joined(separator: "\n") + "\n"
    }

    public static func json(_ match: AdvisoryAudit.Match) -> JSONValue {
        let rating = match.record.rating
        return .object([
            ("ecosystem", .string(match.dependency.ecosystem.rawValue)), ("name", .string(match.dependency.name)),
            ("version", .optional(match.dependency.version)), ("manifest", .string(match.dependency.manifest)),
            ("line", .optional(match.dependency.line)), ("advisory", .string(match.record.id)),
            ("aliases", .strings(match.record.sortedAliases)), ("summary", .optional(AdvisoryAudit.title(match))),
            ("severity", .string(match.severity.rawValue)), ("cvss", .optional(rating?.vector)),
            ("score", rating?.score.map { .string(String($0)) } ?? .null),
            ("fixed", .strings(match.fixed)), ("upgrade", .optional(match.upgrade)),
        ])
    }
}
