import Testing
@testable import SecIssueKit

/// The fast reader must read exactly what a full YAML parser reads, or step aside.
@Suite("fast YAML subset reader")
struct YAMLSubsetTests {
    static let accepted = [
        "id: SEC-3k9q7m2x1c\ntitle: SQL injection\nstatus: open\n",
        "status: open   # open | confirmed\ncwe: [89, 79]\nassignee: null\ndue: ~\nempty:\n",
        "title: \"quoted: with \\\"escapes\\\" \\\\ and \\u00e9 \\n\\t\"\nother: 'single ''quoted'' # not a comment'\n",
        "links: [github:acme/shop#123, \"JIRA-45\", 'x, y', https://example.com/a?b=c]\n",
        "commits:\n  introduced: null\n  detected: 9f8e7d6\n  linked: [a, b]\nlinks: []\n",
        "# a comment\n\nkey: value with spaces and a [bracket] and colon:free\n  \n",
        "title: a#b c #comment\nurl: http://example.com/#frag\n",
        "title: ünïcödé ✓ text\ndate: 2026-11-26T17:00:00Z\n",
        "triage:\n    reason: four-space indent\n    by: Bob <bob@example.com>\n",
        "key: value\r\nother: x\r\n",
    ]

    static let declined = [
        "list:\n  - a\n  - b\n", "- a\n", "key: |\n  block\n", "key: &anchor x\nother: *anchor\n", "key:\n  deeper:\n    x: 1\n",
        "key: [a, [b]]\n", "key: {a: 1}\n", "key: \"unterminated\n", "key: a: b\n", "key: x\nkey: y\n", "key:\tx\n",
        "key: \"\\x41\"\n", "title: plain\n  continued\n", "key: 'unterminated\n", "key: [a, b\n", "key: \"a\"#c\n", "? complex\n",
    ]

    @Test("reads what Yams reads", arguments: accepted)
    func agrees(text: String) throws {
        let fast = try #require(YAMLSubset.parse(text), "declined: \(text)")
        #expect(fast == (try YAMLTree.parseWithYams(text)))
    }

    @Test("steps aside for YAML outside the subset", arguments: declined)
    func declines(text: String) {
        #expect(YAMLSubset.parse(text) == nil)
    }

    @Test("every file the tool writes takes the fast path and reads back the same")
    func toolOutput() throws {
        for title in ["plain", "true", "a: b", "#x", "\"q\"", "tab\there", "ünï ✓", "[x", "a, b", "trailing:", " pad "] {
            let text = FindingCodec.encode(FindingCodecTests.sample(title: title))
            let frontMatter = try MarkdownDocument(parsing: text, path: "f.md").frontMatterText
            let fast = try #require(YAMLSubset.parse(frontMatter), "declined the encoding of \(title)")
            #expect(fast == (try YAMLTree.parseWithYams(frontMatter)))
        }
    }
}
