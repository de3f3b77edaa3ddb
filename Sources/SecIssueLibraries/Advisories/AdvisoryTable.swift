import SecIssueKit

/// What `libs audit` prints: one row per advisory affecting a dependency.
public enum AdvisoryTable {
    /// One row per advisory affecting a dependency, for the table and CSV forms.
    public static func listing(_ matches: [AdvisoryAudit.Match]) -> Listing {
        Listing(headers: ["ECOSYSTEM", "NAME", "VERSION", "ADVISORY", "SEVERITY", "FIXED", "UPGRADE", "DECLARED IN"], rows: matches.map { match in
            [match.dependency.ecosystem.rawValue, match.dependency.name, match.dependency.version ?? "-",
             ([match.record.id] + match.record.sortedAliases.filter { $0.hasPrefix("CVE-") }.prefix(1)).joined(separator: " "),
             match.severity.rawValue, match.fixed.first ?? "-", match.upgrade ?? "-",
             match.dependency.manifest + (match.dependency.line.map { ":\($0)" } ?? "")]
        })
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
