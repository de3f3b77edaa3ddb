import Foundation

/// The topic list of `guide`: id, CWEs and title in aligned columns.
public enum GuideTable {
    public static func render(_ guides: [GuidanceCatalog.Guide]) -> String {
        let rows = guides.map { [$0.id, $0.cwe.map { "CWE-\($0)" }.joined(separator: " "), $0.title] }
        let widths = (0..<2).map { column in ([["TOPIC", "CWE"]] + rows).map { $0[column].count }.max() ?? 0 }
        return ([["TOPIC", "CWE", "TITLE"]] + rows).map { row in
            row[0].padding(toLength: widths[0], withPad: " ", startingAt: 0) + "  "
                + row[1].padding(toLength: widths[1], withPad: " ", startingAt: 0) + "  " + row[2]
        }.joined(separator: "\n") + "\n"
    }
}
