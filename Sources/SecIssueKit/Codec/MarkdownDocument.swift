/// A Markdown file with YAML front matter, split into the front matter's lines and the body,
/// so a rewrite can change some lines and leave every other byte as it was.
struct MarkdownDocument {
    /// The lines between the opening and closing `---`, without line terminators.
    var frontMatter: [Substring]
    /// Everything after the closing `---` line.
    var body: Substring

    /// The file line of the first front matter line (the opening `---` is line 1).
    static let frontMatterFirstLine = 2

    init(frontMatter: [Substring], body: Substring) {
        self.frontMatter = frontMatter
        self.body = body
    }

    init(parsing text: String, path: String) throws {
        var lines: [Substring] = []
        var position = text.startIndex
        var bodyStart: String.Index?
        while position < text.endIndex {
            let end = text[position...].firstIndex(of: "\n") ?? text.endIndex
            var line = text[position..<end]
            if line.hasSuffix("\r") { line = line.dropLast() }
            let next = end < text.endIndex ? text.index(after: end) : end
            if lines.isEmpty && bodyStart == nil && !(line == "---") {
                throw FileProblem(path: path, line: 1,
                                  message: "no front matter: the file must start with a '---' line, the YAML fields, then a closing '---' line")
            }
            if position != text.startIndex, line == "---" || line == "..." {
                bodyStart = next
                break
            }
            lines.append(line)
            position = next
        }
        guard let bodyStart, !lines.isEmpty else {
            throw FileProblem(path: path, line: lines.count + 1,
                              message: "front matter is not closed: add a '---' line after the YAML fields")
        }
        self.frontMatter = Array(lines.dropFirst())
        self.body = text[bodyStart...]
    }

    var frontMatterText: String { frontMatter.joined(separator: "\n") + "\n" }

    var text: String { "---\n" + frontMatterText + "---\n" + body }
}
