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

    public static func render(_ rows: [LibraryCheck.Row]) -> String {
        let table = rows.map { row in
            [row.dependency.ecosystem.rawValue, row.dependency.name, row.dependency.version ?? "-", verdictName(row.verdict),
             row.dependency.manifest + (row.dependency.line.map { ":\($0)" } ?? "")]
        }
        let header = ["ECOSYSTEM", "NAME", "VERSION", "VERDICT", "DECLARED IN"]
        let widths = (0..<4).map { column in ([header] + table).map { $0[column].count }.max() ?? 0 }
        return ([header] + table).map { row in
            (0..<4).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ") + "  " + row[4]
        }.joined(separator: "\n") + "\n"
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
