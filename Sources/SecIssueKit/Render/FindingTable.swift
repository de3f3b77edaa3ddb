import Foundation

/// The human and spreadsheet forms of a list of findings.
public enum FindingTable {
    static let headers = ["ID", "SEVERITY", "STATUS", "TITLE", "LOCATION", "DUE"]

    /// The table's rows: the shortest unique ID prefix, overdue due dates marked, and the title
    /// the column shortened to fit a terminal (`Listing.table(width:)`).
    public static func listing(_ findings: [Finding], index: FindingIndex, today: String) -> Listing {
        Listing(headers: headers, rows: findings.map { finding in
            row(finding, shortID: index.shortest(finding.id), today: today)
        }, truncatable: 3)
    }

    /// The same table of `findings[selection]`, in that order, where `ids` (sorted, as a listing
    /// gives them) holds the ID of each of `findings`: the short IDs are taken in one pass over
    /// both, and the selected findings are not copied.
    public static func listing(_ findings: [Finding], selection: [Int], ids: [String], today: String) -> Listing {
        let prefixes = FindingIndex.shortestOfAll(ids)
        // Through the buffer, so that each finding is read in place rather than copied.
        let rows = findings.withUnsafeBufferPointer { findings in
            // The findings come in the order of `ids`, less the files that did not parse; a
            // finding found elsewhere (not in that order) is searched for.
            var shortIDs: [String] = []
            shortIDs.reserveCapacity(findings.count)
            var cursor = 0
            var index: FindingIndex?
            for position in findings.indices {
                let id = findings[position].id
                while cursor < ids.count, ids[cursor] != id, ids[cursor] < id { cursor += 1 }
                if cursor < ids.count, ids[cursor] == id {
                    shortIDs.append(prefixes[cursor])
                    cursor += 1
                } else {
                    if index == nil { index = FindingIndex(ids: ids) }
                    shortIDs.append(index!.shortest(id))
                }
            }
            return selection.map { row(findings[$0], shortID: shortIDs[$0], today: today) }
        }
        return Listing(headers: headers, rows: rows, truncatable: 3)
    }

    private static func row(_ finding: Finding, shortID: String, today: String) -> [String] {
        [shortID, finding.severityLabel, finding.status.rawValue, finding.title, finding.location?.display ?? "-", dueText(finding, today: today)]
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
