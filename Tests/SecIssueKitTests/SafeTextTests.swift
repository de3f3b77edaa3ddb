import Foundation
import Testing
@testable import SecIssueKit

@Suite("SafeText")
struct SafeTextTests {
    static let esc = "\u{1b}"
    /// Clears the screen; an OSC 8 hyperlink whose visible text hides where it goes.
    static let clear = "\(esc)[2J"
    static let osc8 = "\(esc)]8;;https://evil.example/\(esc)\\click me\(esc)]8;;\(esc)\\"

    @Test("terminal: control bytes, C1 and bidi overrides become visible escapes; newline, tab and CRLF stay")
    func terminal() {
        let text = "title \(Self.clear) \(Self.osc8)\u{07}\u{9b}31m\u{202e}gpj.exe\nnext\tcol\r\nend\rover"
        let safe = SafeText.escape(text, for: .terminal)
        #expect(!safe.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" })
        #expect(!safe.unicodeScalars.contains { (0x7f...0x9f).contains($0.value) || $0 == "\u{202e}" })
        #expect(safe.contains("\\u001b[2J") && safe.contains("\\u001b]8;;https://evil.example/"))
        #expect(safe.contains("\\u0007") && safe.contains("\\u009b31m") && safe.contains("\\u202egpj.exe"))
        #expect(safe.contains("\nnext\tcol\r\nend\\u000dover"), "a lone CR could overwrite the line, CRLF is a line break")
        #expect(SafeText.escape(safe, for: .terminal) == safe, "escaping twice changes nothing")
        #expect(SafeText.escape("plain text: app/db.py:42", for: .terminal) == "plain text: app/db.py:42")
    }

    @Test("a terminal line: line breaks, tabs and CR become visible too, so one diagnostic stays one line")
    func terminalLine() {
        let name = "a.py\ngit secissue: the commit passed\tok\r\n\(Self.clear)"
        let safe = SafeText.escape(name, for: .terminalLine)
        #expect(safe == "a.py\\u000agit secissue: the commit passed\\u0009ok\\u000d\\u000a\\u001b[2J")
        #expect(SafeText.escape(safe, for: .terminalLine) == safe, "escaping twice changes nothing")
        #expect(SafeText.escape("app/db.py:42: AWS key", for: .terminalLine) == "app/db.py:42: AWS key")
    }

    @Test("terminal escapes keep JSON valid and its value unchanged")
    func terminalJSON() throws {
        let json = "[\"a\u{9b}b\u{202e}c\"]"
        let safe = SafeText.escape(json, for: .terminal)
        let value = try JSONSerialization.jsonObject(with: Data(safe.utf8)) as? [String]
        #expect(value == ["a\u{9b}b\u{202e}c"])
    }

    @Test("inline Markdown: no comment, mention, image, link, autolink, HTML or table break survives")
    func markdownInline() {
        let hostile = "<!-- hide --> @org/team ![x](http://x/p.png) [click](https://evil.example) https://evil.example www.evil.example a|b *em* `code` # h\nnext \(Self.clear) mail@example.com"
        let safe = SafeText.escape(hostile, for: .markdownInline)
        #expect(!safe.contains("<!--"))
        #expect(safe.contains("\\<\\!--"))
        #expect(!safe.contains("@org") && safe.contains("@\u{200B}org"))
        #expect(!safe.contains("![") && !safe.contains("]("))
        #expect(!safe.contains("://") && !safe.lowercased().contains("www."))
        #expect(safe.contains("a\\|b") && safe.contains("\\*em\\*") && safe.contains("\\`code\\`"))
        #expect(!safe.contains("\n") && !safe.contains(Self.esc))
        #expect(!safe.contains("mail@example"))
        #expect(SafeText.escape("SQL injection in user search", for: .markdownInline) == "SQL injection in user search")
    }

    @Test("Markdown code spans: fenced longer than any backtick run, no table break, one line")
    func markdownCode() {
        #expect(SafeText.escape("app/db.py:42", for: .markdownCode) == "`app/db.py:42`")
        #expect(SafeText.escape("a``b", for: .markdownCode) == "```a``b```")
        #expect(SafeText.escape("`x", for: .markdownCode) == "`` `x ``")
        #expect(SafeText.escape("a|b\nc", for: .markdownCode) == "`a\\|b c`")
    }

    @Test("fenced blocks cannot be closed from inside")
    func fencedBlock() {
        #expect(SafeText.fencedBlock("x = 1") == "```\nx = 1\n```")
        #expect(SafeText.fencedBlock("a\n```\n~~~~\nb") == "````\na\n```\n~~~~\nb\n````")
    }

    @Test("CSV: cells that start a formula get a leading quote (OWASP); RFC 4180 quoting kept",
          arguments: [
              ("=HYPERLINK(\"http://evil.example\",\"x\")", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""),
              ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
              ("-1+1", "'-1+1"),
              ("@SUM(1+1)", "'@SUM(1+1)"),
              ("\t=1", "'\t=1"),
              ("\r=1", "\"'\r=1\""),
              ("  =1", "'  =1"),
              ("plain, with comma", "\"plain, with comma\""),
              ("SQL injection", "SQL injection"),
              ("", ""),
          ])
    func csv(input: String, expected: String) {
        #expect(SafeText.escape(input, for: .csv) == expected)
    }
}
