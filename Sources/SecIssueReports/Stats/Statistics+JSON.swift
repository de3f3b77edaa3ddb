import Foundation
import SecIssueKit

extension Statistics {
    /// The numbers as JSON (docs/reports.md describes the fields). Times are whole seconds.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("since", .optional(query.since.map(Self.day))), ("until", .string(Timestamp.string(Date(timeIntervalSince1970: TimeInterval(query.until))))),
            ("by", .string(query.by.rawValue)),
            ("open", Self.severities(open)), ("overdue", Self.severities(overdue)),
            ("periods", .array(periods.map { period in
                .object([("period", .string(period.label)), ("open", Self.severities(period.open)), ("new", .int(period.new)), ("fixed", .int(period.fixed))])
            })),
            ("remediation", .array(Severity.allCases.compactMap { severity in
                remediation(severity).map { .object([("severity", .string(severity.rawValue)), ("fixed", .int($0.count)),
                                                     ("mean_seconds", .int(Int($0.mean))), ("median_seconds", .int(Int($0.median)))]) }
            })),
            ("sla", .array(slaRows.map { row in
                .object([("severity", .string(row.severity.rawValue)), ("sla_days", .optional(row.days)), ("fixed", .int(row.fixed)),
                         ("fixed_within_sla", .int(row.within)), ("open", .int(row.open)), ("overdue", .int(row.overdue))])
            })),
            ("age", .array(zip(Self.ageBuckets, ages).map { .object([("bucket", .string($0.label)), ("open", .int($1))]) })),
        ]
        for (name, breakdown) in breakdowns {
            members.append((name, .array(Self.ranked(breakdown).map {
                .object([("key", .string($0.key)), ("open", .int($0.value.open)), ("fixed", .int($0.value.fixed))])
            })))
        }
        if !repositories.isEmpty {
            members.append(("repositories", .array(repositories.map { name, stats in
                .object([("repository", .string(name)), ("open", Self.severities(stats.open)), ("overdue", Self.severities(stats.overdue)),
                         ("new", .int(stats.periods.reduce(0) { $0 + $1.new })), ("fixed", .int(stats.fixes.count))])
            })))
        }
        if unreadable > 0 { members.append(("unreadable_versions", .int(unreadable))) }
        return .object(members)
    }

    public var breakdowns: [(name: String, breakdown: [String: Breakdown])] {
        [("by_tool", byTool), ("by_rule", byRule), ("by_cwe", byCWE), ("by_path", byPath), ("by_owner", byOwner)]
    }

    /// Per severity: its SLA, fixes in the window (and how many within it), open and overdue now.
    public var slaRows: [(severity: Severity, days: Int?, fixed: Int, within: Int, open: Int, overdue: Int)] {
        Severity.allCases.map { severity in
            let fixed = fixes.filter { $0.severity == severity }
            return (severity, repositories.isEmpty ? slaDays[severity] : nil, fixed.count, fixed.filter { $0.withinSLA == true }.count,
                    open[severity.rank], overdue[severity.rank])
        }
    }

    static func severities(_ counts: [Int]) -> JSONValue {
        .object(Severity.allCases.map { ($0.rawValue, .int(counts[$0.rank])) } + [("total", .int(counts.reduce(0, +)))])
    }

    static func day(_ time: Int64) -> String { Timestamp.day(Date(timeIntervalSince1970: TimeInterval(time))) }

    /// Seconds as days with one decimal: `3.5`.
    public static func days(_ seconds: Int64) -> String {
        let tenths = (seconds * 10 + 43_200) / 86_400
        return "\(tenths / 10).\(tenths % 10)"
    }
}
