extension Validator {
    /// Problems in the body of a finding file that decodes: lines before the activity log that read
    /// as an activity heading, and control characters anywhere in the body.
    ///
    /// Both are what the tool escapes when it writes a body (`BodyText`), so they can only come from
    /// a hand edit or an older version. A heading in the description is how fake entries get passed
    /// off as the log (the reader takes the last heading, but a person reading the file may not);
    /// a control character can make git take the file for binary, or drive a terminal.
    static func bodyProblems(_ text: String, path: String) -> [FileProblem] {
        guard let document = try? MarkdownDocument(parsing: text, path: path) else { return [] }
        // The opening `---`, the front matter, the closing `---`: the body starts on the line after.
        let firstBodyLine = document.frontMatter.count + 3
        let lines = document.body.utf8.split(separator: 10, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        let log = lines.lastIndex(where: FindingCodec.isActivityHeading) ?? lines.count
        var problems: [FileProblem] = []
        for (index, line) in lines[..<log].enumerated() where BodyText.looksLikeActivityHeading(line[...]) {
            problems.append(FileProblem(path: path, line: firstBodyLine + index, message:
                "the description has a line that reads as an activity heading ('\(line.trimmingCharacters(in: .whitespaces))'): "
                + "it can pass text off as the activity log; write it as '\\## Activity' (a backslash before the #)"))
        }
        for (index, line) in lines.enumerated() {
            guard let scalar = line.unicodeScalars.first(where: BodyText.isEscaped) else { continue }
            let code = String(scalar.value, radix: 16, uppercase: true)
            let name = "U+" + String(repeating: "0", count: max(0, 4 - code.count)) + code
            problems.append(FileProblem(path: path, line: firstBodyLine + index, message:
                "control character \(name) in the body: git may take the file for binary and a terminal may act on it; "
                + "remove it or write it as \\u\(name.dropFirst(2))"))
        }
        return problems
    }
}
