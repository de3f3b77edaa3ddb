/// What the tool does to text before it writes it into a finding's body (description and
/// activity entries), so that what a scanner or a teammate wrote cannot change how the file reads.
///
/// Both escapes are one-way and idempotent: reading never turns them back, and escaping escaped
/// text changes nothing, so a finding read and written again stays byte for byte the same.
enum BodyText {
    /// `text` with control characters escaped, for any line of the body.
    ///
    /// NUL and the other C0 controls (except tab, newline and carriage return), DEL and the C1
    /// controls become `\u0000`-style escapes. Why escape rather than refuse: the text comes from
    /// scanners and logs, and refusing would lose the finding. Why this form rather than U+FFFD:
    /// it keeps which byte it was (a NUL or an ESC in a payload is evidence), it is what JSON and
    /// the front matter's YAML write for the same characters, and it is plain ASCII, so git does
    /// not take the file for binary (a NUL makes its merge give up) and a terminal running `show`
    /// or `cat` does not act on an escape sequence.
    static func escapingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isEscaped) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isEscaped(scalar) else {
                out.append(scalar)
                continue
            }
            out.append(contentsOf: SafeText.visible(scalar).unicodeScalars)
        }
        return String(out)
    }

    static func isEscaped(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }

    /// `description` as the tool writes it: control characters escaped, and every line that reads
    /// as an activity heading prefixed with a backslash.
    ///
    /// A description is text from a SARIF message or a teammate's edit; a `## Activity` line in it
    /// followed by `- ...` lines would read as the finding's activity log. `\## Activity` is
    /// Markdown's own escape: it renders as the literal text, and no reader takes it for a heading.
    /// Lines that only look like the heading to a person (`### activity`, indented) are escaped too,
    /// so the rendered file cannot show a second log either.
    static func description(_ description: String) -> String {
        let text = escapingControls(description)
        guard text.contains("#") else { return text }
        // Lines end at LF and also at a lone CR, which CommonMark renders as a line break too;
        // split on scalars, because "\r\n" is a single Character and would hide the break.
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var start = 0
        while start <= scalars.count {
            var end = start
            while end < scalars.count, scalars[end] != "\n", scalars[end] != "\r" { end += 1 }
            let line = scalars[start..<end]
            if looksLikeActivityHeading(String(String.UnicodeScalarView(line))[...]), let hash = line.firstIndex(of: "#") {
                out.append(contentsOf: scalars[start..<hash])
                out.append("\\")
                out.append(contentsOf: scalars[hash..<end])
            } else {
                out.append(contentsOf: line)
            }
            guard end < scalars.count else { break }
            out.append(scalars[end])
            start = end + 1
        }
        return String(out)
    }

    /// True for a line a reader could take for an activity heading: any spaces or tabs, one or more
    /// `#`, then `Activity` in any case, then nothing but spaces, tabs, `#` or a CR.
    static func looksLikeActivityHeading(_ line: Substring) -> Bool {
        var rest = line.drop { $0 == " " || $0 == "\t" }
        guard rest.first == "#" else { return false }
        rest = rest.drop { $0 == "#" }.drop { $0 == " " || $0 == "\t" }
        guard rest.prefix(8).lowercased() == "activity" else { return false }
        return rest.dropFirst(8).allSatisfy { $0 == " " || $0 == "\t" || $0 == "#" || $0 == "\r" }
    }
}
