import Foundation
import SecIssueKit

/// The dependency list of `libs check`.
public enum LibraryTable {
    public static func verdictName(_ verdict: LibraryPolicy.Verdict) -> String {
        switch verdict {
        case .allowed: return "allowed"
        case .trusted: return "trusted"
        case .banned: return "BANNED"
        case .untrusted: return "untrusted"
        }
    }

    /// The dependencies and their verdicts, for the table and CSV forms.
    public static func listing(_ rows: [LibraryCheck.Row]) -> Listing {
        Listing(headers: ["ECOSYSTEM", "NAME", "VERSION", "VERDICT", "DECLARED IN"], rows: rows.map { row in
            [row.dependency.ecosystem.rawValue, row.dependency.name, row.dependency.version ?? "-", verdictName(row.verdict),
             row.dependency.manifest + (row.dependency.line.map { ":\($0)" } ?? "")]
        }, truncatable: 4)
    }

    /// The entries of libraries.yml, one row each, for `libs list`.
    public static func listing(_ policy: LibraryPolicy, ecosystem only: Ecosystem?) -> Listing {
        var rows: [[String]] = []
        for ecosystem in Ecosystem.allCases where only == nil || only == ecosystem {
            guard let rules = policy.ecosystems[ecosystem] else { continue }
            for (kind, entries) in [("trusted", rules.trusted), ("banned", rules.banned)] {
                for entry in entries {
                    rows.append([ecosystem.rawValue, rules.mode.rawValue, kind, entry.name, entry.versions.text,
                                 entry.reason ?? "", entry.alternative ?? ""])
                }
            }
        }
        return Listing(headers: ["ECOSYSTEM", "MODE", "LIST", "NAME", "VERSIONS", "REASON", "ALTERNATIVE"], rows: rows, truncatable: 5)
    }

    public static func json(_ row: LibraryCheck.Row) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("ecosystem", .string(row.dependency.ecosystem.rawValue)), ("name", .string(row.dependency.name)),
            ("version", .optional(row.dependency.version)), ("manifest", .string(row.dependency.manifest)),
            ("line", .optional(row.dependency.line)), ("source", .optional(row.dependency.source)),
            ("verdict", .string(verdictName(row.verdict).lowercased())),
        ]
        if case .banned(let entry) = row.verdict {
            members.append(("reason", .optional(entry.reason)))
            members.append(("alternative", .optional(entry.alternative)))
        }
        return .object(members)
    }
}
