import SecIssueKit

/// An option every command takes, read off the command line before ArgumentParser sees it
/// (wherever it stands, up to a `--`): `--error-format`, `--identity`.
enum EarlyOption {
    /// The last value given to `name` (`NAME VALUE` or `NAME=VALUE`) and the arguments without it.
    static func take(_ name: String, from arguments: [String], missing: String) throws -> (value: String?, rest: [String]) {
        var value: String?
        var rest: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" {
                rest += arguments[index...]
                break
            }
            if argument == name {
                guard index + 1 < arguments.endIndex else { throw SecIssueError.usage(missing) }
                value = arguments[index + 1]
                index += 2
            } else if argument.hasPrefix(name + "=") {
                value = String(argument.dropFirst(name.count + 1))
                index += 1
            } else {
                rest.append(argument)
                index += 1
            }
        }
        return (value, rest)
    }
}
