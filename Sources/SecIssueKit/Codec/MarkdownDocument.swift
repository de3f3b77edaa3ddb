/// A Markdown file with YAML front matter, split into the front matter's lines and the body,
/// so a rewrite can change some lines and leave every other byte as it was.
struct MarkdownDocument {
    /// The lines between the opening and closing `---`, without line terminators.
    var frontMatter: [Substring]
    /// Everything after the closing `---` line.
    var body: Substring
    /// The file's line ending, kept on every line a rewrite writes: `\n`, or `\r\n` for CRLF files.
    var newline = "\n"

    /// The file line of the first front matter line (the opening `---` is line 1).
    static let frontMatterFirstLine = 2

    init(frontMatter: [Substring], body: Substring) {
        self.frontMatter = frontMatter
        self.body = body
    }

    init(parsing text: String, path: String) throws {
        // Works on UTF-8 code units: finding files are read by the thousand and Character
        // iteration would dominate the time.
        let utf8 = text.utf8
        var lines: [Substring] = []
        var position = utf8.startIndex
        var bodyStart: String.Index?
        while position < utf8.endIndex {
            let end = utf8[position...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
            var lineEnd = end
            if lineEnd > position, utf8[utf8.index(before: lineEnd)] == UInt8(ascii: "\r") { lineEnd = utf8.index(before: lineEnd) }
            let line = text[position..<lineEnd]
            if position == utf8.startIndex && lineEnd != end { newline = "\r\n" }
            let next = end < utf8.endIndex ? utf8.index(after: end) : end
            if lines.isEmpty && line != "---" {
                throw FileProblem(path: path, line: 1,
                                  message: "no front matter: the file must start with a '---' line, the YAML fields, then a closing '---' line")
            }
            if !lines.isEmpty, line == "---" || line == "..." {
                bodyStart = next
                break
            }
            lines.append(line)
            position = next
        }
        guard let bodyStart else {
            throw FileProblem(path: path, line: lines.count + 1,
                              message: "front matter is not closed: add a '---' line after the YAML fields")
        }
        self.frontMatter = Array(lines.dropFirst())
        self.body = text[bodyStart...]
    }

    var frontMatterText: String { frontMatter.joined(separator: "\n") + "\n" }

    var text: String { "---" + newline + frontMatter.joined(separator: newline) + newline + "---" + newline + body }
}
