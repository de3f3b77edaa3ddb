import Foundation

/// The topic list of `guide`: id, CWEs and title in aligned columns.
public enum GuideTable {
    public static func render(_ guides: [GuidanceCatalog.Guide]) -> String {
        Listing(headers: ["TOPIC", "CWE", "TITLE"],
                rows: guides.map { [$0.id, $0.cwe.map { "CWE-\($0)" }.joined(separator: " "), $0.title] }).table()
    }
}
