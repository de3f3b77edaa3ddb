import Testing
@testable import SecIssueKit

@Suite("finding IDs")
struct FindingIDTests {
    @Test("random IDs are valid and differ")
    func random() {
        let ids = (0..<200).map { _ in FindingID.random(prefix: "SEC") }
        #expect(ids.allSatisfy(FindingID.isValid))
        #expect(Set(ids).count == ids.count)
    }

    @Test("derived IDs depend only on the key")
    func derived() {
        let a = FindingID.derived(prefix: "SEC", key: "semgrep\0rule\0v1/abc")
        #expect(a == FindingID.derived(prefix: "SEC", key: "semgrep\0rule\0v1/abc"))
        #expect(a != FindingID.derived(prefix: "SEC", key: "semgrep\0rule\0v1/abd"))
        #expect(FindingID.isValid(a))
    }

    @Test("validity", arguments: [("SEC-3k9q7m2x1c", true), ("ACME2-0000000000", true), ("SEC-3k9q7m2x1", false),
                                  ("SEC-3k9q7m2x1u", false), ("3k9q7m2x1c", false), ("-3k9q7m2x1c", false), ("SEC-3K9Q7M2X1C", false)])
    func validity(id: String, valid: Bool) {
        #expect(FindingID.isValid(id) == valid)
    }

    @Test("prefixes resolve case-insensitively, with or without PREFIX-")
    func resolve() throws {
        let index = FindingIndex(ids: ["SEC-3k9q7m2x1c", "SEC-3k9r000000", "SEC-zzzz000000"])
        for typed in ["3k9q", "SEC-3k9q", "sec-3K9Q", "3K9Q7M2X1C", " 3k9q "] {
            #expect(try index.resolve(typed) == "SEC-3k9q7m2x1c", "\(typed)")
        }
        #expect(try index.resolve("zzzzOOO") == "SEC-zzzz000000")
        #expect(throws: SecIssueError.self) { try index.resolve("ABC-3k9q") }
        #expect(throws: SecIssueError.self) { try index.resolve("3k9") }
        #expect {
            try index.resolve("3k9")
        } throws: { ($0 as? SecIssueError)?.kind == .usage }
        #expect {
            try index.resolve("SEC-3k9x")
        } throws: { ($0 as? SecIssueError)?.message.contains("no finding matches") == true }
    }

    @Test("an ambiguous prefix names every candidate")
    func ambiguous() {
        let index = FindingIndex(ids: ["SEC-abcd000001", "SEC-abcd000002", "SEC-bbbb000000"])
        #expect {
            try index.resolve("abcd")
        } throws: { error in
            let message = (error as? SecIssueError)?.message ?? ""
            return message.contains("ambiguous") && message.contains("SEC-abcd000001") && message.contains("SEC-abcd000002")
        }
    }

    @Test("the shortest unique prefix is at least 4 characters")
    func shortest() {
        let index = FindingIndex(ids: ["SEC-abcd000001", "SEC-abcd000002", "SEC-abce000000", "SEC-zzzz000000"])
        #expect(index.shortest("SEC-abcd000001") == "SEC-abcd000001")
        #expect(index.shortest("SEC-abce000000") == "SEC-abce")
        #expect(index.shortest("SEC-zzzz000000") == "SEC-zzzz")
    }

    @Test("every shortest prefix names its finding alone, and one character less would not")
    func shortestIsUniqueAndMinimal() throws {
        var ids = (0..<3000).map { _ in FindingID.random(prefix: "SEC") }
        // Prefixes that share a long start, and the same suffix under another PREFIX-.
        ids += ["SEC-abcdefgh00", "SEC-abcdefgh01", "SEC-abcdefg000", "VULN-abcdefgh00", "SEC-4444444444"]
        let index = FindingIndex(ids: ids.shuffled())
        for id in ids {
            let short = index.shortest(id)
            #expect(id.hasPrefix(short), "\(short) is not a prefix of \(id)")
            let typed = String(short.drop { $0 != "-" }.dropFirst())
            guard short != id else { continue }
            #expect(try index.resolve(short) == id)
            if typed.count > 4 {
                #expect(throws: SecIssueError.self, "\(short) is longer than needed") { try index.resolve(String(short.dropLast())) }
            }
        }
        #expect(index.shortest("SEC-abcdefgh00") == "SEC-abcdefgh00")
        #expect(index.shortest("SEC-nothere000") == "SEC-nothere000")
    }

    @Test("the prefixes of every ID at once are each ID's shortest prefix, in the order of the IDs")
    func shortestOfAll() {
        var ids = (0..<2000).map { _ in FindingID.random(prefix: "SEC") }
        // Long shared starts, one suffix under two PREFIX-es, upper case, and non-ASCII.
        ids += ["SEC-abcdefgh00", "SEC-abcdefgh01", "VULN-abcdefgh00", "SEC-ABCDEFGH02", "SEC-ünïcödé000", "SEC-ünïcödé001"]
        let index = FindingIndex(ids: ids.shuffled())
        #expect(index.shortestOfAll() == index.ids.map(index.shortest))
        #expect(FindingIndex(ids: []).shortestOfAll().isEmpty)
    }

    @Test("IDs in order, as a listing gives them, get the same prefixes as the index gives, however they differ")
    func shortestOfAllInOrder() {
        let random = (0..<2000).map { _ in FindingID.random(prefix: "SEC") }
        let cases: [[String]] = [
            random.sorted(),
            // Long shared starts, a suffix that is a prefix of the next, no dash, short IDs.
            ["SEC-abcdefgh00", "SEC-abcdefgh000", "SEC-abcdefgh01", "SEC-abcdefg000", "SEC-b", "SEC-bbbb", "nodash00000"].sorted(),
            // The same suffix under two PREFIX-es, upper case, non-ASCII, a control byte: not in
            // suffix order or not plain bytes, so the index sorts them.
            (random.prefix(50) + ["VULN-" + random[0].dropFirst(4)]).sorted(),
            (random.prefix(50) + ["SEC-ABCDEFGH02"]).sorted(),
            (random.prefix(50) + ["SEC-ünïcödé000", "SEC-ünïcödé001"]).sorted(),
            (random.prefix(50) + ["SEC-abc\u{1b}defgh"]).sorted(),
            ["SEC-zzzz000000", "SEC-aaaa000000"], [], ["SEC-only000000"],
        ]
        for ids in cases {
            let index = FindingIndex(ids: ids)
            #expect(FindingIndex.shortestOfAll(ids) == ids.map(index.shortest))
            #expect(index.shortestOfAll() == ids.map(index.shortest))
        }
    }
}
