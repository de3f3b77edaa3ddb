import Testing
@testable import SecIssueKit

@Suite("finding table")
struct FindingTableTests {
    /// Findings in the order of their sorted IDs, as a listing gives them, with titles that need
    /// escaping or are not ASCII, and locations with and without a line.
    static func findings() -> [Finding] {
        let titles = ["plain title", "Ünïcödé title", "bell\u{07} and \u{1b}[31mred", "tab\there", "日本語のタイトル"]
        return (0..<40).map { number in
            var finding = Finding(id: "SEC-abcd\(String(format: "%06d", number * 7))", title: titles[number % titles.count],
                                  status: number % 3 == 0 ? .fixed : .open, severity: number % 2 == 0 ? .high : .low,
                                  created: "2026-01-01T00:00:00Z", reporter: "A <a@example.com>")
            if number % 4 != 0 { finding.location = Finding.Location(path: "src/file\(number).py", line: number % 8 == 1 ? nil : number) }
            if number % 5 != 0 { finding.due = number % 2 == 0 ? "2026-01-01" : "2027-01-01" }
            return finding
        }.sorted { $0.id < $1.id }
    }

    @Test("the table of a selection from the listing equals the table of the selected findings", arguments: [nil, 60, 100, 150])
    func selectionEqualsCopies(width: Int?) {
        let findings = Self.findings()
        // Every ID of the listing, with the files that did not parse, and one ID under another PREFIX-.
        let ids = (findings.map(\.id) + ["SEC-abcd000003", "SEC-abcd999999", "VULN-abcd000007"]).sorted()
        let selection = Array(findings.indices.filter { $0 % 3 != 1 }.reversed())
        let fast = FindingTable.listing(findings, selection: selection, ids: ids, today: "2026-06-01").table(width: width)
        let copied = FindingTable.listing(selection.map { findings[$0] }, index: FindingIndex(ids: ids), today: "2026-06-01").table(width: width)
        #expect(fast == copied)
        if width == nil { #expect(fast.contains("\\u001b[31mred")) }
    }

    @Test("a finding missing from the listing's IDs, or out of their order, still gets its shortest prefix")
    func unorderedFindings() {
        let findings = Array(Self.findings().reversed())
        let ids = findings.map(\.id).sorted()
        let selection = Array(findings.indices)
        let fast = FindingTable.listing(findings, selection: selection, ids: ids, today: "2026-06-01").table()
        #expect(fast == FindingTable.listing(findings, index: FindingIndex(ids: ids), today: "2026-06-01").table())
        let lonely = FindingTable.listing(findings, selection: selection, ids: [], today: "2026-06-01").table()
        #expect(lonely.contains(findings[0].id))
    }
}
