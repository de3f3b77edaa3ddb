import Foundation

/// Untrusted text (titles, paths, rule ids, messages, snippets: anything a scanner or a
/// finding file supplies) made safe for the medium it is shown in. One implementation for
/// every output, so that a new print path cannot invent its own, weaker escaping.
public enum SafeText {
    public enum Medium: Sendable {
        /// A terminal, or a log viewer that interprets escape sequences: control characters
        /// become visible `\u001b` escapes, so a title cannot clear the screen, move the cursor,
        /// retitle the window or plant an OSC 8 hyperlink.
        case terminal
        /// A terminal, on one line: a diagnostic that names untrusted text (a file name, a
        /// title). Line breaks and tabs become visible escapes too, so a file named
        /// `a\ngit secissue: passed` cannot print a line that reads as the tool's own.
        case terminalLine
        /// Inline Markdown (a table cell, a list item), as GitHub and GitLab render it: no
        /// emphasis, links, images, HTML (`<!--` hiding what follows), headings, @mentions or
        /// autolinks; the text reads as typed, on one line.
        case markdownInline
        /// A Markdown code span (paths, rule ids): shown verbatim in monospace, on one line, and
        /// safe inside a table cell.
        case markdownCode
        /// A CSV cell for spreadsheets: a cell that could start a formula (OWASP CSV injection)
        /// gets a leading `'`, and the cell is quoted when RFC 4180 needs it.
        case csv
        /// HTML text or a quoted attribute value: `& < > " '` become character references and
        /// control characters visible escapes, so a title cannot open a tag or leave an attribute.
        case html
        /// Slack's mrkdwn (a webhook message): `&`, `<` and `>` as Slack's entities, so a title
        /// cannot open a link, a `<!channel>` mention or a user mention; on one line.
        case slack
    }

    public static func escape(_ text: String, for medium: Medium) -> String {
        switch medium {
        case .terminal: return terminal(text, keepLineBreaks: true)
        case .terminalLine: return terminalLine(text)
        case .markdownInline: return markdownInline(text)
        case .markdownCode: return markdownCode(text)
        case .csv: return csv(text)
        case .html: return html(text)
        case .slack: return slack(text)
        }
    }

    // MARK: Terminal

    /// True for scalars a terminal acts on instead of showing: C0 controls, DEL, C1 controls
    /// (U+0080–U+009F; U+009B is a one-byte CSI on some terminals), and the bidirectional
    /// overrides and isolates that make text display in an order other than its bytes'.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// Escapes as `\u001b`: visible, and the same escape JSON uses, so JSON printed to a terminal
    /// stays valid JSON with the same value.
    static func visible(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Newline and tab are kept (and CR before LF, so a CRLF finding file shows as it is) when
    /// `keepLineBreaks`; otherwise they become spaces, for one-line media.
    static func terminal(_ text: String, keepLineBreaks: Bool) -> String {
        // Fast paths: most text has nothing to escape, and line breaks and tabs, where they are
        // kept, are not escapes (a listing is many lines). Plain ASCII is checked as bytes.
        let keptBreak = { (byte: UInt8) in keepLineBreaks && (byte == 10 || byte == 9) }
        let plain = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || keptBreak($0) }
        } ?? false
        if plain { return text }
        guard text.unicodeScalars.contains(where: { isControl($0) && !($0.isASCII && keptBreak(UInt8($0.value))) }) else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "\n", "\t":
                out.append(keepLineBreaks ? scalar : " ")
            case "\r" where index + 1 < scalars.count && scalars[index + 1] == "\n":
                if keepLineBreaks { out.append(scalar) }
            case _ where isControl(scalar):
                out.append(contentsOf: visible(scalar).unicodeScalars)
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Every control scalar as a visible escape, line breaks and tabs included.
    static func terminalLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) { out.append(contentsOf: visible(scalar).unicodeScalars) } else { out.append(scalar) }
        }
        return String(out)
    }

    // MARK: Markdown

    /// ASCII punctuation that starts Markdown or HTML syntax; a backslash before ASCII
    /// punctuation always means the character itself (CommonMark 2.4).
    private static let markdownMeta: Set<Character> = ["\\", "`", "*", "_", "[", "]", "(", ")", "<", ">", "!", "|", "#", "~", "&"]

    /// Zero-width space: breaks what GitHub links after rendering, where a backslash no longer
    /// helps (an @mention is found in the rendered text, so `\@org/team` still notifies the team).
    private static let breaker = "\u{200B}"

    static func slack(_ text: String) -> String {
        var out = ""
        for character in terminal(text, keepLineBreaks: false) {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(character)
            }
        }
        return out
    }

    static func markdownInline(_ text: String) -> String {
        var out = ""
        for character in terminal(text, keepLineBreaks: false) {
            if markdownMeta.contains(character) { out.append("\\") }
            out.append(character)
            // @mentions and e-mail autolinks: `@` never directly followed by a name.
            if character == "@" { out += breaker }
        }
        // Bare autolinks (GFM extension): `https://…` and `www.…` are linked without brackets.
        out = out.replacingOccurrences(of: "://", with: ":" + breaker + "//")
        return out.replacingOccurrences(of: #"(?i)(www)\."#, with: "$1" + breaker + ".", options: .regularExpression)
    }

    /// A code span fenced with a backtick run longer than any inside it; `|` still splits a GFM
    /// table cell inside a code span unless escaped, and a line break would end the row.
    static func markdownCode(_ text: String) -> String {
        let body = terminal(text, keepLineBreaks: false).replacingOccurrences(of: "|", with: "\\|")
        var longest = 0, run = 0
        for character in body {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        // A span starting or ending with a backtick needs a space so the fence is not read as longer.
        let padded = body.first == "`" || body.last == "`" || body.isEmpty ? " \(body) " : body
        return fence + padded + fence
    }

    /// A fenced code block holding `text` verbatim: the fence is a backtick run longer than any in
    /// the text, so nothing inside can close it early and let the rest render as Markdown.
    public static func fencedBlock(_ text: String) -> String {
        var longest = 0, run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + "\n" + text + "\n" + fence
    }

    // MARK: HTML

    static func html(_ text: String) -> String {
        var out = ""
        for character in terminal(text, keepLineBreaks: true) {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    // MARK: CSV

    /// Characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"):
    /// `=HYPERLINK(…)`, `+cmd|…`, `-1+1`, `@SUM(…)`, and tab or CR, which some importers drop first.
    private static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    static func csv(_ text: String) -> String {
        var cell = text
        // Leading spaces are no protection: some spreadsheets trim them before reading the cell.
        if let first = cell.first(where: { $0 != " " }), formulaStarts.contains(first) {
            cell = "'" + cell
        }
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
