import Foundation

/// The topic list of `guide`: id, CWEs and title, the title shortened to fit a terminal.
public enum GuideTable {
    public static func listing(_ guides: [GuidanceCatalog.Guide]) -> Listing {
        Listing(headers: ["TOPIC", "CWE", "TITLE"],
                rows: guides.map { [$0.id, $0.cwe.map { "CWE-\($0)" }.joined(separator: " "), $0.title] }, truncatable: 2)
    }
}
