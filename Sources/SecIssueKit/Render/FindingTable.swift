import Foundation

/// The human and spreadsheet forms of a list of findings.
public enum FindingTable {
    static let headers = ["ID", "SEVERITY", "STATUS", "TITLE", "LOCATION", "DUE"]

    /// The table's rows: the shortest unique ID prefix, overdue due dates marked, and the title
    /// the column shortened to fit a terminal (`Listing.table(width:)`).
    public static func listing(_ findings: [Finding], index: FindingIndex, today: String) -> Listing {
        Listing(headers: headers, rows: findings.map { finding in
            [index.shortest(finding.id), finding.severityLabel, finding.status.rawValue, finding.title,
             finding.location?.display ?? "-", dueText(finding, today: today)]
        }, truncatable: 3)
    }

    /// CSV (RFC 4180 quoting, newline-terminated rows for Unix tools) with full IDs; a cell that a
    /// spreadsheet would run as a formula is defused (`SafeText`'s `.csv`).
    public static func csv(_ findings: [Finding]) -> String {
        Listing(headers: ["id", "severity", "status", "title", "path", "line", "due", "assignee", "cwe", "created", "updated"],
                rows: findings.map { finding in
            [finding.id, finding.severityLabel, finding.status.rawValue, finding.title, finding.location?.path ?? "",
             finding.location?.line.map(String.init) ?? "", finding.due ?? "", finding.assignee ?? "",
             finding.cwe.map { "CWE-\($0)" }.joined(separator: " "), finding.created, finding.updated]
        }).csv()
    }

    /// The due date, with `(overdue)` when an active finding is past it.
    public static func dueText(_ finding: Finding, today: String) -> String {
        guard let due = finding.due else { return "-" }
        return finding.status.isActive && due < today ? "\(due) (overdue)" : due
    }
}
