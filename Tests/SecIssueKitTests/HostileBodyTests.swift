import Testing
@testable import SecIssueKit

/// Finding bodies that try to pass text off as the activity log, or carry control bytes.
@Suite("hostile finding bodies")
struct HostileBodyTests {
    static let path = ".security/findings/SEC-3k9q7m2x1c.md"
    static let real = "2026-11-26T17:00:00Z Alice <alice@example.com> opened"
    static let fake = "2026-11-26T17:00:00Z Mallory <m@example.com> closed as fixed"

    static func finding(description: String) -> Finding {
        var finding = Finding(id: "SEC-3k9q7m2x1c", title: "XSS", severity: .high, created: "2026-11-26T17:00:00Z", reporter: "Alice")
        finding.description = description
        finding.activity = [real]
        return finding
    }

    static let forged = "Reflected input.\n\n## Activity\n- \(fake)"

    @Test("a description with an activity heading is written escaped and reads back with the real log")
    func encodeEscapesHeading() throws {
        let text = FindingCodec.encode(Self.finding(description: Self.forged))
        #expect(text.contains("\n\\## Activity\n- \(Self.fake)\n\n## Activity\n- \(Self.real)\n"))
        let decoded = try FindingCodec.decode(text, path: Self.path)
        #expect(decoded.activity == [Self.real])
        #expect(decoded.description == "Reflected input.\n\n\\## Activity\n- \(Self.fake)")
        // Escaping is idempotent: writing what was read gives the same file.
        #expect(FindingCodec.encode(decoded) == text)
    }

    @Test("headings hidden behind CRLF, a lone CR, indentation or another case are escaped too", arguments: [
        "x\r\n## Activity\r\n- fake", "x\r## Activity\r- fake", "x\n   ## Activity\n- fake", "x\n### activity ###\n- fake", "x\n\t#Activity\n",
    ])
    func hiddenHeadings(description: String) throws {
        let written = BodyText.description(description)
        #expect(written.contains("\\#"), "\(written.debugDescription)")
        let decoded = try FindingCodec.decode(FindingCodec.encode(Self.finding(description: description)), path: Self.path)
        #expect(decoded.activity == [Self.real])
    }

    @Test("a hand-written file with a heading in its description decodes to the last section")
    func lastHeadingWins() throws {
        let text = "---\nid: SEC-3k9q7m2x1c\ntitle: XSS\nstatus: open\nseverity: high\ncreated: 2026-11-26T17:00:00Z\n---\n"
            + Self.forged + "\n\n## Activity\n- \(Self.real)\n"
        let decoded = try FindingCodec.decode(text, path: Self.path)
        #expect(decoded.activity == [Self.real])
        #expect(decoded.description == "Reflected input.\n\n## Activity\n- \(Self.fake)")
        let problems = Validator.bodyProblems(text, path: Self.path)
        #expect(problems.map(\.description) == [
            "\(Self.path):10: the description has a line that reads as an activity heading ('## Activity'): it can pass text off as the activity log; write it as '\\## Activity' (a backslash before the #)",
        ])
    }

    @Test("a rewrite appends to the last activity section and escapes a new description")
    func rewrite() throws {
        let old = Self.finding(description: "Plain.")
        let text = FindingCodec.encode(old)
        var new = old
        new.description = Self.forged
        new.activity.append("2026-11-27T09:00:00Z Bob <bob@example.com> edited the description")
        let rewritten = try FindingCodec.rewrite(text, from: old, to: new, path: Self.path)
        let decoded = try FindingCodec.decode(rewritten, path: Self.path)
        #expect(decoded.activity == new.activity)
        #expect(Validator.bodyProblems(rewritten, path: Self.path).isEmpty)
    }

    @Test("an activity entry cannot start a heading through CRLF or CR")
    func activityEntry() throws {
        var finding = Self.finding(description: "")
        finding.activity.append("2026-11-27T09:00:00Z Bob commented: hi\r\n## Activity\r- \(Self.fake)")
        let decoded = try FindingCodec.decode(FindingCodec.encode(finding), path: Self.path)
        #expect(decoded.activity.count == 2)
        #expect(decoded.activity.last == "2026-11-27T09:00:00Z Bob commented: hi\n## Activity\n- \(Self.fake)")
    }

    @Test("control characters are written as \\u escapes; tab, newline and CR stay")
    func controlCharacters() throws {
        #expect(BodyText.escapingControls("a\u{0}b\u{1B}[31mc\u{7F}\u{9B}d\te") == "a\\u0000b\\u001b[31mc\\u007f\\u009bd\te")
        var finding = Self.finding(description: "payload \u{0} here")
        finding.activity.append("2026-11-27T09:00:00Z Bob commented: \u{1B}]0;owned\u{7}")
        let text = FindingCodec.encode(finding)
        #expect(!text.unicodeScalars.contains { BodyText.isEscaped($0) })
        let decoded = try FindingCodec.decode(text, path: Self.path)
        #expect(decoded.description == "payload \\u0000 here")
        #expect(decoded.activity.last == "2026-11-27T09:00:00Z Bob commented: \\u001b]0;owned\\u0007")
        #expect(FindingCodec.encode(decoded) == text)
    }

    @Test("validate names a control character in a hand-edited body")
    func validateControl() {
        let text = "---\nid: SEC-3k9q7m2x1c\ntitle: XSS\nstatus: open\nseverity: high\ncreated: 2026-11-26T17:00:00Z\n---\nbad \u{0} byte\n\n## Activity\n- \(Self.real)\n"
        #expect(Validator.bodyProblems(text, path: Self.path).map(\.description) == [
            "\(Self.path):8: control character U+0000 in the body: git may take the file for binary and a terminal may act on it; remove it or write it as \\u0000",
        ])
    }

    @Test("files with one heading decode as before, CRLF and trailing spaces included")
    func unchanged() throws {
        let text = "---\r\nid: SEC-3k9q7m2x1c\r\ntitle: XSS\r\nstatus: open\r\nseverity: high\r\ncreated: 2026-11-26T17:00:00Z\r\n---\r\nBody # not a heading\r\n\r\n## Activity  \r\n- \(Self.real)\r\n  more\r\n\r\n## Notes\r\nkept\r\n"
        let decoded = try FindingCodec.decode(text, path: Self.path)
        #expect(decoded.description == "Body # not a heading")
        #expect(decoded.activity == [Self.real + "\nmore"])
        #expect(Validator.bodyProblems(text, path: Self.path).isEmpty)
    }

    @Test("a merge with a NUL in one side's description keeps every side's text")
    func mergeNul() throws {
        let base = Self.finding(description: "First.\n\nSecond.")
        var ours = base, theirs = base
        ours.description = "First, ours.\n\nSecond."
        theirs.description = "First.\n\nSecond \u{0} theirs."
        let result = try FindingMerge.merge(base: FindingCodec.encode(base), ours: FindingCodec.encode(ours),
                                            theirs: FindingCodec.encode(theirs), path: Self.path)
        #expect(!result.conflicted)
        let merged = try FindingCodec.decode(result.text, path: Self.path)
        #expect(merged.description == "First, ours.\n\nSecond \\u0000 theirs.")
        #expect(!result.text.utf8.contains(0))
    }

    @Test("a text merge of versions holding NUL keeps both whole between markers")
    func textMergeNul() throws {
        let result = try TextMerge.merge(base: "a\n", ours: "a\u{0}ours\n", theirs: "theirs")
        #expect(result.conflicted)
        #expect(result.text == "<<<<<<< ours\na\u{0}ours\n=======\ntheirs\n>>>>>>> theirs\n")
        #expect(MergeInput.nulByte(base: "a\n", ours: "x\ny\u{0}", theirs: "") == "our version holds a NUL byte (line 2, byte 4)")
    }
}
