/// An error for the person at the terminal: what went wrong, where, and what to do.
public struct SecIssueError: Error, CustomStringConvertible, Sendable {
    /// How the command line reports it: exit status 1 for errors, 64 for usage mistakes.
    /// `missingHistory` (exit 1) is a clone that lacks what a read needs: its message has the fix,
    /// and callers pass it on unwrapped.
    public enum Kind: Sendable { case failure, usage, missingHistory }

    public let message: String
    public let kind: Kind

    public init(_ message: String, kind: Kind = .failure) {
        self.message = message
        self.kind = kind
    }

    public var description: String { message }

    public static func usage(_ message: String) -> SecIssueError { SecIssueError(message, kind: .usage) }
}

/// One problem found in a file, printed as `path:line: message` like a compiler.
public struct FileProblem: Error, CustomStringConvertible, Sendable, Equatable {
    public let path: String
    public let line: Int?
    public let message: String

    public init(path: String, line: Int?, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)"
    }
}
