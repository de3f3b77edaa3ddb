import Foundation
import SecIssueKit

/// A JSON lock file parsed with Foundation, plus an index of which line each `"key": value` starts on.
///
/// `JSONSerialization` forgets where things were; package managers write one member per line, so the
/// first member of each line is enough to give every dependency its line without a parser of our own.
struct JSONLines {
    /// The first `"key": value` of a line: the value when it is a string, and whether it opens an object.
    struct Member {
        let key: String
        let value: String?
        let opensObject: Bool
    }

    let root: [String: Any]
    private var members: [Int: Member] = [:]
    private var linesByKey: [String: [Int]] = [:]

    /// Parses `text`, throwing a `FileProblem` with the line where the JSON breaks when it is not an object.
    /// `regenerate` is the command that writes the file again, for the message.
    init(_ text: String, path: String, regenerate: String) throws {
        let data = Data(text.utf8)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            // Deep nesting is well-formed JSON Foundation will not read: say so, not "cut short".
            if let problem = JSONLimits.problem(in: data) {
                throw FileProblem(path: path, line: nil, message: "\(problem): regenerate it with `\(regenerate)`")
            }
            let line = JSONLines.line(ofError: error, in: data)
            throw FileProblem(path: path, line: line, message: "not valid JSON (cut short or edited by hand): regenerate it with `\(regenerate)`")
        }
        guard let root = object as? [String: Any] else {
            throw FileProblem(path: path, line: 1, message: "expected a JSON object at the top: regenerate it with `\(regenerate)`")
        }
        self.root = root
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            guard let member = JSONLines.member(in: line) else { continue }
            members[index + 1] = member
            linesByKey[member.key, default: []].append(index + 1)
        }
    }

    /// The first line after `after` whose first member is `key` (with this string value, when given).
    func line(ofKey key: String, value: String? = nil, object: Bool = false, after: Int = 0) -> Int? {
        linesByKey[key]?.first { line in
            guard line > after, let member = members[line] else { return false }
            return (value == nil || member.value == value) && (!object || member.opensObject)
        }
    }

    /// The first line after `after` opening an object under `key` whose next line is `"inner": "value"`.
    func line(ofObject key: String, firstMember inner: String, value: String?, after: Int = 0) -> Int? {
        linesByKey[key]?.first { line in
            guard line > after, members[line]?.opensObject == true else { return false }
            guard let value, let next = members[line + 1] else { return true }
            return next.key == inner && next.value == value
        }
    }

    private static func member(in line: Substring) -> Member? {
        var scalars = Substring.UnicodeScalarView(line.unicodeScalars.drop { $0 == " " || $0 == "\t" })
        guard let key = string(&scalars) else { return nil }
        scalars = scalars.drop { $0 == " " || $0 == "\t" }
        guard scalars.first == ":" else { return nil }
        scalars = scalars.dropFirst().drop { $0 == " " || $0 == "\t" }
        if scalars.first == "{" { return Member(key: key, value: nil, opensObject: true) }
        return Member(key: key, value: string(&scalars), opensObject: false)
    }

    /// Reads one JSON string from the front of `scalars`, consuming it; nil when there is none.
    private static func string(_ scalars: inout Substring.UnicodeScalarView) -> String? {
        guard scalars.first == "\"" else { return nil }
        var out = String.UnicodeScalarView()
        var index = scalars.index(after: scalars.startIndex)
        while index < scalars.endIndex {
            var scalar = scalars[index]
            if scalar == "\"" {
                scalars = scalars[scalars.index(after: index)...]
                return String(out)
            }
            if scalar == "\\" {
                index = scalars.index(after: index)
                guard index < scalars.endIndex else { return nil }
                // Simple escapes only: a key with \u escapes then fails to match, and gets no line.
                switch scalars[index] {
                case "n": scalar = "\n"
                case "t": scalar = "\t"
                default: scalar = scalars[index]
                }
            }
            out.append(scalar)
            index = scalars.index(after: index)
        }
        return nil
    }

    /// Foundation says "around character N" (a UTF-8 offset) or "Unexpected end of file": turn either into a line.
    private static func line(ofError error: Error, in data: Data) -> Int? {
        let message = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? ""
        let newlines = { (bytes: Data.SubSequence) in bytes.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 } }
        if message.contains("end of file") {
            // The last line with anything on it is where the file was cut.
            let end = data.lastIndex { !Character(UnicodeScalar($0)).isWhitespace } ?? data.startIndex
            return newlines(data[..<end])
        }
        guard let range = message.range(of: "character "),
              let offset = Int(message[range.upperBound...].prefix { $0.isNumber }) else { return nil }
        return newlines(data.prefix(offset))
    }
}
