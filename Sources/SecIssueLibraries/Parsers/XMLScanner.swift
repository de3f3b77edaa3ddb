import Foundation
import SecIssueKit

/// Just enough XML for `pom.xml`: start and end tags with their lines, and text with entities decoded.
///
/// Foundation's XMLParser lives in FoundationXML on Linux and would tie the binary to libxml2.
enum XMLScanner {
    enum Event: Equatable {
        case start(String, line: Int)
        case end(String, line: Int)
        case text(String)
    }

    static func events(_ text: String, path: String) throws -> [Event] {
        let scalars = Array(text.unicodeScalars)
        var events: [Event] = []
        var open: [(name: String, line: Int)] = []
        var index = 0
        var line = 1
        /// Moves past `terminator`, counting lines; false when the file ends first.
        func skip(past terminator: String) -> Bool {
            let target = Array(terminator.unicodeScalars)
            while index < scalars.count {
                if scalars[index...].starts(with: target) { index += target.count; return true }
                if scalars[index] == "\n" { line += 1 }
                index += 1
            }
            return false
        }
        while index < scalars.count {
            let start = index
            let startLine = line
            guard scalars[index] == "<" else {
                while index < scalars.count, scalars[index] != "<" {
                    if scalars[index] == "\n" { line += 1 }
                    index += 1
                }
                events.append(.text(decode(String(String.UnicodeScalarView(scalars[start..<index])))))
                continue
            }
            let rest = scalars[index...]
            let closer = rest.starts(with: "<!--".unicodeScalars) ? "-->"
                : rest.starts(with: "<![CDATA[".unicodeScalars) ? "]]>"
                : rest.starts(with: "<?".unicodeScalars) ? "?>" : ">"
            guard skip(past: closer) else {
                throw FileProblem(path: path, line: startLine, message: "markup that never ends: is the file cut short?")
            }
            let markup = String(String.UnicodeScalarView(scalars[start..<index]))
            if closer == "]]>" {
                events.append(.text(String(markup.dropFirst(9).dropLast(3))))
            } else if markup.hasPrefix("</") {
                let name = markup.dropFirst(2).dropLast().trimmingCharacters(in: .whitespacesAndNewlines)
                let top = open.popLast()
                guard let top, top.name == name else {
                    let expected = top.map { "<\($0.name)> of line \($0.line)" } ?? "any open element"
                    throw FileProblem(path: path, line: startLine, message: "</\(name)> does not close \(expected)")
                }
                events.append(.end(name, line: startLine))
            } else if closer == ">" && !markup.hasPrefix("<!") {
                let name = String(markup.dropFirst().prefix { !$0.isWhitespace && $0 != "/" && $0 != ">" })
                events.append(.start(name, line: startLine))
                if markup.hasSuffix("/>") { events.append(.end(name, line: startLine)) } else { open.append((name, startLine)) }
            }
        }
        if let unclosed = open.last {
            throw FileProblem(path: path, line: unclosed.line, message: "<\(unclosed.name)> is never closed: is the file cut short?")
        }
        return events
    }

    private static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&amp;", "&")]
            .reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }
}
