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
        let (value, rest) = try EarlyOption.take("--error-format", from: arguments, missing: "--error-format needs a value: text or json")
        if let value {
            guard let format = ErrorFormat(rawValue: value) else { throw SecIssueError.usage("--error-format must be text or json, not '\(value)'") }
            return (format, rest)
        }
        let options = rest.prefix { $0 != "--" }
        let formatJSON = options.contains("--format=json") || zip(options, options.dropFirst()).contains { $0 == "--format" && $1 == "json" }
        return (formatJSON ? .json : .text, rest)
    }

    /// The format of this process's command line.
    static let current: ErrorFormat = (try? split(Array(CommandLine.arguments.dropFirst())).format) ?? .text
}
