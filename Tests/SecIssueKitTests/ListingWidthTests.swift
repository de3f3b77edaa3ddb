import Testing
@testable import SecIssueKit

@Suite("listing width")
struct ListingWidthTests {
    let listing = Listing(headers: ["ID", "TITLE", "DUE"],
                          rows: [["SEC-1", "a title long enough to be cut short", "2026-01-01"], ["SEC-2", "short", "-"]], truncatable: 1)

    @Test("the truncatable column is cut with … so each row fits the width")
    func fits() {
        let table = listing.table(width: 32)
        #expect(table == "ID     TITLE          DUE\nSEC-1  a title long…  2026-01-01\nSEC-2  short          -\n")
        #expect(table.split(separator: "\n").allSatisfy { $0.count <= 32 })
    }

    @Test("no width, or room enough, shows every cell whole; the column never goes below 12")
    func whole() {
        #expect(listing.table() == listing.table(width: 200))
        #expect(listing.table().contains("a title long enough to be cut short"))
        #expect(listing.table(width: 10).contains("a title lon…"))
    }

    @Test("rows of ASCII and rows with other text line up alike, and no row ends in spaces")
    func mixedRows() {
        let mixed = Listing(headers: ["ID", "TITLE", "NOTE"],
                            rows: [["SEC-1", "Ünïcödé", ""], ["SEC-2", "plain", "x"], ["SEC-3", "日本", "  "], ["SEC-4", "tab\there", "é"]])
        #expect(mixed.table() == "ID     TITLE     NOTE\nSEC-1  Ünïcödé\nSEC-2  plain     x\nSEC-3  日本\nSEC-4  tab here  é\n")
    }
}
