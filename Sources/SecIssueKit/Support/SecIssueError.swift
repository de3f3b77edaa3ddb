/// An error for the person at the terminal: what went wrong, where, and what to do.
public struct SecIssueError: Error, CustomStringConvertible, Sendable {
    /// How the command line reports it: exit status 1 for errors, 64 for usage mistakes.
    /// `missingHistory` (exit 1) is a clone that lacks what a read needs: its message has the fix,
    /// and callers pass it on unwrapped.
    public enum Kind: Sendable { case failure, usage, missingHistory }

    public let message: String
    public let kind: Kind
    /// A stable name for what went wrong (`not-initialised`), for scripts that read errors as
    /// JSON (`--error-format json`): the message may be reworded, the code is not. See `Code`.
    public let code: String

    public init(_ message: String, kind: Kind = .failure, code: String? = nil) {
        self.message = message
        self.kind = kind
        self.code = code ?? (kind == .usage ? Code.usage : kind == .missingHistory ? Code.missingHistory : Code.failed)
    }

    public var description: String { message }

    public static func usage(_ message: String, code: String? = nil) -> SecIssueError { SecIssueError(message, kind: .usage, code: code) }

    /// The codes errors carry. Once published a code keeps its meaning; new ones may be added.
    public enum Code {
        /// Any failure without a more precise code.
        public static let failed = "failed"
        /// A mistake on the command line (exit status 64).
        public static let usage = "usage"
        /// A policy gate failed (exit status 2); the JSON form lists the gate's `reasons`.
        public static let gateFailed = "gate-failed"
        public static let notARepository = "not-a-repository"
        public static let noCommits = "no-commits"
        public static let notInitialised = "not-initialised"
        public static let noSuchFinding = "no-such-finding"
        public static let ambiguousID = "ambiguous-id"
        /// A file the command was given (SARIF, a log, a manifest) that it cannot read or use.
        public static let invalidInput = "invalid-input"
        /// A file of `.security/` that does not parse (`path:line: message`).
        public static let invalidFile = "invalid-file"
        /// Another writer holds a lock or moved a reference first; running again may succeed.
        public static let conflict = "conflict"
        /// git (libgit2) could not do what was asked.
        public static let git = "git"
        /// The file system refused a read or a write.
        public static let io = "io"
        /// The clone lacks history or objects a read needs (shallow or partial): the message names the fix.
        public static let missingHistory = "missing-history"
        /// A confidential finding's content was needed and no identity here can decrypt it.
        public static let noIdentity = "no-identity"
    }
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
