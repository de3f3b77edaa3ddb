import Foundation
import SecIssueGit

/// The one place where an error of any layer becomes what the person at the terminal reads and
/// the exit status: libgit2's errors, the file system's and the tool's own all end here, so no
/// command wraps calls one by one.
public enum ErrorBoundary {
    /// The sentence to print after `git secissue: error: `, and the exit status (1, or 64 for a
    /// usage mistake); nil for an error the boundary does not know (the command line's own).
    public static func report(_ error: any Error) -> (message: String, status: Int32)? {
        describe(error).map { ($0.message, $0.status) }
    }

    /// What an error is: its sentence, exit status and stable code (`SecIssueError.Code`).
    public struct Description: Sendable, Equatable {
        public let message: String
        public let status: Int32
        public let code: String

        public init(message: String, status: Int32, code: String) {
            self.message = message
            self.status = status
            self.code = code
        }
    }

    /// The description of `error`; nil for an error the boundary does not know (the command line's own).
    public static func describe(_ error: any Error) -> Description? {
        typealias Code = SecIssueError.Code
        switch error {
        case let error as SecIssueError: return Description(message: error.message, status: error.kind == .usage ? 64 : 1, code: error.code)
        case let problem as FileProblem: return Description(message: problem.description, status: 1, code: Code.invalidFile)
        case let error as GitError:
            let code: String
            switch error.kind {
            case .locked, .modified: code = Code.conflict
            case .unbornBranch: code = Code.noCommits
            case .incompleteHistory: code = Code.missingHistory
            case .notFound, .exists, .other: code = Code.git
            }
            return Description(message: error.message, status: 1, code: code)
        case let error as CocoaError: return Description(message: error.localizedDescription, status: 1, code: Code.io)
        case let error as POSIXError: return Description(message: error.localizedDescription, status: 1, code: Code.io)
        case let error as DecodingError: return Description(message: "\(error)", status: 1, code: Code.invalidInput)
        default: return nil
        }
    }

    /// The error as one line of JSON, `{"error":{"code":...,"message":...}}`, for
    /// `--error-format json`; `extra` adds members (a gate's reasons).
    public static func json(code: String, message: String, extra: [(String, JSONValue)] = []) -> JSONValue {
        .object([("error", .object([("code", .string(code)), ("message", .string(message))] + extra))])
    }

    /// The sentence for `error`, whatever its layer.
    public static func message(_ error: any Error) -> String {
        report(error)?.message ?? String(describing: error)
    }
}
