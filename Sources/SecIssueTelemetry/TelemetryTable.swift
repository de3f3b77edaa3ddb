import SecIssueKit
/// The output of `telemetry ingest`: one row per rule and resource seen in this run.
public enum TelemetryTable {
    public static func render(_ ingest: TelemetryIngest, report: ImportReport, width: Int?) -> String {
        let text = ingest.files.map { file in
            "\(file.path == "-" ? "standard input" : file.path): \(file.format.rawValue), \(file.stats.records) records"
                + (file.stats.skipped > 0 ? ", \(file.stats.skipped) skipped" : "")
        }.joined(separator: "\n") + "\n"
        guard !ingest.summaries.isEmpty else {
            guard ingest.alreadyCounted == 0 else {
                return text + "nothing new: the \(ingest.alreadyCounted) suspicious event(s) in it were counted by an earlier ingest\n"
            }
            return text + "nothing suspicious found\n"
        }
        return text + listing(ingest, report: report).table(width: width)
    }

    /// One row per rule and resource seen in this run, for the table and CSV forms.
    public static func listing(_ ingest: TelemetryIngest, report: ImportReport) -> Listing {
        let byID = Dictionary(report.findings.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return Listing(headers: ["SEVERITY", "RULE", "NEW", "TOTAL", "FINDING", "RESOURCE"], rows: rows(ingest, report).map { summary, result, id in
            return [result.severity.rawValue, summary.rule, String(summary.count), String(byID[id]?.evidence?.count ?? summary.count),
                    id, summary.resource + (result.location.map { " (\($0.display))" } ?? "")]
        }, truncatable: 5)
    }

    public static func json(_ ingest: TelemetryIngest, report: ImportReport, gate: [String]) -> JSONValue {
        let byID = Dictionary(report.findings.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let findings: [JSONValue] = rows(ingest, report).map { summary, result, id in
            let stored = byID[id]
            return .object([
                ("id", .string(id)), ("rule", .string(summary.rule)), ("resource", .string(summary.resource)),
                ("severity", .string((stored?.severity ?? result.severity).rawValue)), ("cwe", .array(result.cwe.map { .int($0) })),
                ("attempt", .bool(result.tags.contains(TelemetryFindings.attemptedTag))),
                ("code_findings", .strings(ingest.routes.byResource[summary.resource]?.map(\.id) ?? [])),
                ("status", .optional(stored?.status.rawValue)), ("count", .int(summary.count)),
                ("total", .int(stored?.evidence?.count ?? summary.count)),
                ("first_seen", .string(TelemetryFindings.time(summary.firstSeen))),
                ("last_seen", .string(TelemetryFindings.time(summary.lastSeen))),
                ("sources", .array(summary.topSources().map { .object([("source", .string($0.source)), ("count", .int($0.count))]) })),
                ("samples", .strings(summary.samples)),
                ("location", result.location.map { .object([("path", .string($0.path)), ("line", .optional($0.line))]) } ?? .null),
            ])
        }
        let files: [JSONValue] = ingest.files.map { file in
            .object([("path", .string(file.path)), ("format", .string(file.format.rawValue)), ("records", .int(file.stats.records)),
                     ("skipped", .int(file.stats.skipped)), ("problems", .strings(file.stats.problems))])
        }
        return .object([("files", .array(files)), ("findings", .array(findings)), ("overflow", .int(ingest.overflow)),
                        ("already_counted", .int(ingest.alreadyCounted)),
                        ("gate", .strings(gate))])
    }

    /// Each summary of the run with its result and the ID the filing gave it.
    private static func rows(_ ingest: TelemetryIngest, _ report: ImportReport)
        -> [(summary: TelemetryAggregate.Summary, result: ScanResult, id: String)] {
        zip(zip(ingest.summaries, ingest.results), report.resultIDs).map { ($0.0, $0.1, $1) }
    }
}
