import Foundation
import SecIssueGit

/// The one place where an error of any layer becomes what the person at the terminal reads and
/// the exit status: libgit2's errors, the file system's and the tool's own all end here, so no
/// command wraps calls one by one.
public enum ErrorBoundary {
    /// The sentence to print after `git secissue: error: `, and the exit status (1, or 64 for a
    /// usage mistake); nil for an error the boundary does not know (the command line's own).
    public static func report(_ error: any Error) -> (message: String, status: Int32)? {
        switch error {
        case let error as SecIssueError: return (error.message, error.kind == .usage ? 64 : 1)
        case let problem as FileProblem: return (problem.description, 1)
        case let error as GitError: return (error.message, 1)
        case let error as CocoaError: return (error.localizedDescription, 1)
        case let error as POSIXError: return (error.localizedDescription, 1)
        case let error as DecodingError: return ("\(error)", 1)
        default: return nil
        }
    }

    /// The sentence for `error`, whatever its layer.
    public static func message(_ error: any Error) -> String {
        report(error)?.message ?? String(describing: error)
    }
}
