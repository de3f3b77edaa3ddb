import Foundation
import SecIssueKit

/// The output of `baseline check`: a table of drift and a one-line summary, or JSON.
public enum DriftTable {
    /// One row per drifted entry, for the table and CSV forms.
    public static func listing(_ report: BaselineCheck.Report) -> Listing {
        Listing(headers: ["SEVERITY", "DRIFT", "ENTRY", "DETAILS"], rows: report.drift.map {
            [$0.severity.rawValue, $0.kind.rawValue, BaselineCheck.printable(label($0)), BaselineCheck.printable($0.changes.joined(separator: ", "))]
        }, truncatable: 3)
    }

    /// `baseline web: 2 entries drifted (1 high, 1 low); 14 files and 312 packages checked`.
    public static func summary(_ report: BaselineCheck.Report, name: String) -> String {
        var checked = "\(report.checkedFiles) file\(report.checkedFiles == 1 ? "" : "s")"
        if report.checkedPackages > 0 { checked += " and \(report.checkedPackages) package\(report.checkedPackages == 1 ? "" : "s")" }
        guard !report.drift.isEmpty else { return "baseline \(name): no drift; \(checked) checked\n" }
        let counts = Severity.allCases.compactMap { severity -> String? in
            let count = report.drift.filter { $0.severity == severity }.count
            return count == 0 ? nil : "\(count) \(severity.rawValue)"
        }
        let entries = report.drift.count == 1 ? "1 entry" : "\(report.drift.count) entries"
        return "baseline \(name): \(entries) drifted (\(counts.joined(separator: ", "))); \(checked) checked\n"
    }

    public static func json(_ report: BaselineCheck.Report, baseline: Baseline) -> JSONValue {
        .object([
            ("baseline", .string(baseline.name)),
            ("file", .string(Baseline.path(baseline.name))),
            ("checked", .object([("files", .int(report.checkedFiles)), ("packages", .int(report.checkedPackages))])),
            ("complete", .bool(!report.incomplete)),
            ("drift", .array(report.drift.map { item in
                .object([
                    ("rule", .string(item.rule)), ("entry", .string(item.entry)), ("kind", .string(item.kind.rawValue)),
                    ("severity", .string(item.severity.rawValue)), ("changes", .strings(item.changes)),
                    ("title", .string(BaselineCheck.title(item, baseline: baseline))),
                    ("expected", item.expected.isEmpty ? .null : .object(item.expected.map { ($0.0, .string($0.1)) })),
                    ("actual", item.actual.isEmpty ? .null : .object(item.actual.map { ($0.0, .string($0.1)) })),
                    ("line", .optional(item.line)),
                    ("diff", .optional(item.diff)),
                ])
            })),
        ])
    }

    /// The diffs of files recorded with their content, after the table, each under its entry;
    /// terminal-safe, as the live file's text is anyone's.
    public static func diffs(_ report: BaselineCheck.Report) -> String {
        report.drift.compactMap { item in
            item.diff.map { "\n" + SafeText.escape("\(item.entry): changed since it was recorded\n\($0)", for: .terminal) }
        }.joined()
    }

    private static func label(_ drift: BaselineDrift) -> String {
        drift.manager.map { "\(drift.entry) (\($0))" } ?? drift.entry
    }
}
