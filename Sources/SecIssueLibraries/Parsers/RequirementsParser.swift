import Foundation
import SecIssueKit

/// Reads pip's `requirements*.txt`: PEP 508 lines, `-e`/URL lines with `#egg=`, and the `-r` includes.
enum RequirementsParser {
    static func parse(_ text: String, path: String) throws -> (dependencies: [Dependency], includes: [String]) {
        var dependencies: [Dependency] = []
        var includes: [String] = []
        for (number, line) in logicalLines(text) {
            guard line.hasPrefix("-") else {
                if let found = try requirement(line, path: path, line: number) { dependencies.append(found) }
                continue
            }
            let (option, argument) = RequirementLine.option(line)
            switch option {
            case "-r", "--requirement":
                guard let argument else { throw FileProblem(path: path, line: number, message: "\(option) needs a file name") }
                includes.append(RequirementLine.resolve(argument, from: path))
            case "-e", "--editable":
                guard let argument else { throw FileProblem(path: path, line: number, message: "\(option) needs a path or URL") }
                if let found = RequirementLine.url(argument, name: nil, path: path, line: number) { dependencies.append(found) }
            default:
                // Index, hash, binary and constraint options change how pip installs, not what.
                continue
            }
        }
        return (dependencies, includes)
    }

    /// The lines pip reads: `\`-continued lines joined (numbered by their first line), comments and blanks gone.
    private static func logicalLines(_ text: String) -> [(Int, String)] {
        var out: [(Int, String)] = []
        var pending: (start: Int, text: String)?
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            var line = String(raw)
            let isComment = line.trimmingCharacters(in: .whitespaces).hasPrefix("#")
            if !isComment, line.hasSuffix("\\") {
                line.removeLast()
                pending = (pending?.start ?? index + 1, (pending?.text ?? "") + line)
                continue
            }
            let start = pending?.start ?? index + 1
            let joined = (pending?.text ?? "") + (isComment ? "" : line)
            pending = nil
            // A comment starts at a '#' that begins the line or follows whitespace; `#egg=` in a URL is no comment.
            let code = joined.range(of: #"(^|\s)#.*$"#, options: .regularExpression).map { String(joined[..<$0.lowerBound]) } ?? joined
            let trimmed = code.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty { out.append((start, trimmed)) }
        }
        if let pending, !pending.text.trimmingCharacters(in: .whitespaces).isEmpty {
            out.append((pending.start, pending.text.trimmingCharacters(in: .whitespaces)))
        }
        return out
    }

    /// A PEP 508 line: `name[extras] spec ; markers`, or `name @ url`; per-line options (`--hash`) dropped.
    private static func requirement(_ line: String, path: String, line number: Int) throws -> Dependency? {
        let text = line.range(of: #"\s--"#, options: .regularExpression).map { String(line[..<$0.lowerBound]) } ?? line
        if RequirementLine.isURL(text) {
            return RequirementLine.url(text, name: nil, path: path, line: number)
        }
        let name = String(text.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
        guard !name.isEmpty else {
            throw FileProblem(path: path, line: number, message: "expected a package name, found '\(line)'")
        }
        var rest = text.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                throw FileProblem(path: path, line: number, message: "extras of \(name) are missing their ']'")
            }
            rest = rest[rest.index(after: close)...].trimmingCharacters(in: .whitespaces)
        }
        if rest.hasPrefix("@") {
            let url = rest.dropFirst().components(separatedBy: " ;")[0].trimmingCharacters(in: .whitespaces)
            return RequirementLine.url(url, name: name, path: path, line: number)
        }
        var spec = rest.components(separatedBy: ";")[0].filter { !$0.isWhitespace }
        if spec.hasPrefix("("), spec.hasSuffix(")") { spec = String(spec.dropFirst().dropLast()) }
        guard spec.isEmpty || spec.first.map("<>=!~".contains) == true else {
            throw FileProblem(path: path, line: number, message: "expected a version like '==1.2' or '>=1,<2' after \(name), found '\(rest)'")
        }
        return Dependency(ecosystem: .pypi, name: name, version: RequirementLine.version(spec), manifest: path, line: number)
    }
}
