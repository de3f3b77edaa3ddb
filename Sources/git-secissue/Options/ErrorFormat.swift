import SecIssueKit

/// How the error that ends a command is printed: `git secissue: error: ...` for people, or
/// `{"error": {"code": ..., "message": ...}}` for programs (`--error-format json`, or any
/// `--format json`). The option is taken from the command line before ArgumentParser sees it,
/// wherever it stands, so that a usage mistake in the same command line is reported as JSON too.
enum ErrorFormat: String, CaseIterable {
    case text, json

    /// The format asked for by `arguments` and the arguments without `--error-format`; a value
    /// other than text or json is a usage error, reported as text.
    static func split(_ arguments: [String]) throws -> (format: ErrorFormat, arguments: [String]) {
        var chosen: ErrorFormat?
        var formatJSON = false
        var rest: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" {
                rest += arguments[index...]
                break
            }
            if argument == "--error-format" || argument.hasPrefix("--error-format=") {
                let value: String
                if argument == "--error-format" {
                    guard index + 1 < arguments.endIndex else { throw SecIssueError.usage("--error-format needs a value: text or json") }
                    value = arguments[index + 1]
                    index += 2
                } else {
                    value = String(argument.dropFirst("--error-format=".count))
                    index += 1
                }
                guard let format = ErrorFormat(rawValue: value) else {
                    throw SecIssueError.usage("--error-format must be text or json, not '\(value)'")
                }
                chosen = format
                continue
            }
            if argument == "--format=json" || (argument == "--format" && index + 1 < arguments.endIndex && arguments[index + 1] == "json") {
                formatJSON = true
            }
            rest.append(argument)
            index += 1
        }
        return (chosen ?? (formatJSON ? .json : .text), rest)
    }

    /// The format of this process's command line.
    static let current: ErrorFormat = (try? split(Array(CommandLine.arguments.dropFirst())).format) ?? .text
}
