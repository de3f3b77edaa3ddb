import Testing
@testable import SecIssueKit

@Suite("finding codec")
struct FindingCodecTests {
    static func sample(title: String = "SQL injection in user search") -> Finding {
        var finding = Finding(id: "SEC-3k9q7m2x1c", title: title, status: .riskAccepted, severity: .high,
                              created: "2026-11-26T17:00:00Z", reporter: "Alice Example <alice@example.com>")
        finding.updated = "2026-11-27T09:12:00Z"
        finding.cwe = [89, 564]
        finding.assignee = "bob@example.com"
        finding.due = "2026-12-26"
        finding.tags = ["sqli", "needs review"]
        finding.source = .init(tool: "semgrep", version: "1.2.3", rule: "python.flask.security.injection.tainted-sql-string",
                               category: "sast", fingerprint: "v1/5f0c")
        finding.location = .init(path: "app/db.py", line: 42, column: 7, endLine: 44)
        finding.commits = .init(introduced: "1a2b3c", detected: "9f8e7d", fixed: nil, linked: ["abcdef"])
        finding.links = ["github:acme/shop#123", "JIRA-45"]
        finding.guidance = ["sql-injection"]
        finding.triage = .init(reason: "behind the VPN: only staff reach it", by: "Bob <bob@example.com>", expires: "2027-03-01")
        finding.description = "The query is built by concatenation.\n\n## Evidence\n\n```\nname=' OR 1=1 --\n```"
        finding.activity = ["2026-11-26T17:00:00Z Alice Example <alice@example.com> opened",
                            "2026-11-27T09:12:00Z Bob <bob@example.com> commented: first line\nsecond line"]
        return finding
    }

    @Test("what the tool writes reads back identical")
    func roundTrip() throws {
        let finding = Self.sample()
        let text = FindingCodec.encode(finding)
        #expect(try FindingCodec.decode(text, path: "f.md") == finding)
        #expect(FindingCodec.encode(try FindingCodec.decode(text, path: "f.md")) == text)
    }

    @Test("titles that YAML would misread are quoted and read back as written",
          arguments: ["true", "123", "1.5", "null", "~", "- dash", "key: value", "has # hash", "#start", "'single'", "\"double\"",
                      "trailing:", " padded ", "tab\there", "ünïcödé ✓", "[bracket", "{brace", "a, b", "@at", "`tick`", "%pct", "yes", "0x1F"])
    func awkwardTitles(title: String) throws {
        var finding = Self.sample(title: title)
        finding.tags = [title]
        finding.links = [title]
        let text = FindingCodec.encode(finding)
        let decoded = try FindingCodec.decode(text, path: "f.md")
        #expect(decoded.title == title)
        #expect(decoded.tags == [title])
        #expect(decoded.links == [title])
    }

    @Test("a rewrite changes only the changed fields and appends activity")
    func rewriteInPlace() throws {
        let text = """
            ---
            id: SEC-3k9q7m2x1c
            title: Kept as is   # a comment
            status: open  # open | confirmed
            severity: high
            created: 2026-11-26T17:00:00Z
            mystery:
              - 1
            ---
            Body text.

            ## Activity
            - 2026-11-26T17:00:00Z A <a@example.com> opened

            ## Notes after the log
            kept
            """
        let old = try FindingCodec.decode(text, path: "f.md")
        var new = old
        new.status = .confirmed
        new.assignee = "carol"
        new.activity.append("2026-11-27T00:00:00Z B <b@example.com> status open -> confirmed")
        let rewritten = try FindingCodec.rewrite(text, from: old, to: new, path: "f.md")
        #expect(rewritten == """
            ---
            id: SEC-3k9q7m2x1c
            title: Kept as is   # a comment
            status: confirmed  # open | confirmed
            severity: high
            created: 2026-11-26T17:00:00Z
            assignee: carol
            mystery:
              - 1
            ---
            Body text.

            ## Activity
            - 2026-11-26T17:00:00Z A <a@example.com> opened
            - 2026-11-27T00:00:00Z B <b@example.com> status open -> confirmed

            ## Notes after the log
            kept
            """)
        #expect(try FindingCodec.decode(rewritten, path: "f.md").assignee == "carol")
    }

    @Test("a rewrite with a new description replaces it and keeps the activity log byte for byte, CRLF too")
    func rewritesDescription() throws {
        for newline in ["\n", "\r\n"] {
            let original = FindingCodec.encode(Self.sample()).replacingOccurrences(of: "\n", with: newline)
            let old = try FindingCodec.decode(original, path: "f.md")
            var new = old
            new.description = "Seen 42 times.\n\nTop source: 203.0.113.5"
            new.activity.append("2026-11-28T00:00:00Z T <t@example.com> updated by telemetry: description")
            let rewritten = try FindingCodec.rewrite(original, from: old, to: new, path: "f.md")
            #expect(try FindingCodec.decode(rewritten, path: "f.md") == new)
            let oldLog = original[original.range(of: "## Activity")!.lowerBound...]
            #expect(rewritten.hasSuffix(oldLog + "- 2026-11-28T00:00:00Z T <t@example.com> updated by telemetry: description" + newline))
            #expect(!rewritten.contains("concatenation"))
            #expect(newline == "\n" || !rewritten.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        }
    }

    @Test("an evidence source edited by hand without its count reads as a name with no events")
    func evidenceSourceWithoutCount() throws {
        var finding = Self.sample()
        finding.evidence = .init(count: 3, firstSeen: "2026-11-20T10:00:00Z", lastSeen: "2026-11-27T08:00:00Z")
        let text = FindingCodec.encode(finding).replacingOccurrences(of: "sources: []", with: #"sources: ["203.0.113.5", "x (y)", "z (-4)"]"#)
        let sources = try FindingCodec.decode(text, path: "f.md").evidence?.sources
        #expect(sources == [.init(name: "203.0.113.5", count: 0), .init(name: "x (y)", count: 0), .init(name: "z (-4)", count: 0)])
    }

    @Test("telemetry evidence reads back as written, also in JSON")
    func evidenceRoundTrip() throws {
        var finding = Self.sample()
        finding.evidence = .init(count: 1234, firstSeen: "2026-11-20T10:00:00Z", lastSeen: "2026-11-27T08:00:00Z",
                                 sources: [.init(name: "203.0.113.5", count: 1200),
                                           .init(name: "arn:aws:iam::123456789012:user/alice (198.51.100.7)", count: 34)])
        let text = FindingCodec.encode(finding)
        #expect(text.contains("evidence:\n  count: 1234\n"))
        // The file keeps the display form, so files written before the typed model read the same.
        #expect(text.contains("sources: [203.0.113.5 (1200), arn:aws:iam::123456789012:user/alice (198.51.100.7) (34)]"))
        #expect(try FindingCodec.decode(text, path: "f.md") == finding)
        let json = String(decoding: finding.json.renderedBytes(), as: UTF8.self).filter { !$0.isWhitespace }
        #expect(json.contains("\"evidence\":{\"count\":1234,\"first_seen\":\"2026-11-20T10:00:00Z\""))
    }

    @Test("a body without an activity section gets one")
    func addsActivitySection() {
        #expect(FindingCodec.appendingActivity(["x"], to: "Text.\n") == "Text.\n\n## Activity\n- x\n")
        #expect(FindingCodec.appendingActivity(["x"], to: "") == "## Activity\n- x\n")
    }

    @Test("malformed files name the line and field", arguments: [
        ("no front matter", "title: x\n", 1, "no front matter"),
        ("unclosed", "---\nid: SEC-0000000000\n", 3, "not closed"),
        ("bad yaml", "---\nid: SEC-0000000000\ntitle: [x\n---\n", 3, "invalid YAML"),
        ("bad status", "---\nid: SEC-0000000000\ntitle: x\nstatus: done\nseverity: low\ncreated: 2026-01-01T00:00:00Z\n---\n", 4, "status: 'done'"),
        ("bad line", "---\nid: SEC-0000000000\ntitle: x\nstatus: open\nseverity: low\ncreated: 2026-01-01T00:00:00Z\nlocation:\n  path: a\n  line: ten\n---\n", 9, "location.line"),
        ("list for a scalar", "---\nid: SEC-0000000000\ntitle: [a, b]\n---\n", 3, "title: expected a single value"),
    ])
    func malformed(name: String, text: String, line: Int, message: String) {
        #expect {
            try FindingCodec.decode(text, path: "x.md")
        } throws: { error in
            guard let problem = error as? FileProblem else { return false }
            return problem.line == line && problem.description.contains(message)
        }
    }
}
