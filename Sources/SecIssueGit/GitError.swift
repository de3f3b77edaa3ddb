import CLibgit2

/// An error reported by libgit2, or by this layer about the repository.
public struct GitError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is, for callers that react differently to each.
    public enum Kind: Sendable, Equatable {
        case notFound
        case exists
        case locked
        case modified
        case unbornBranch
        /// The history or objects a read needs are not in this clone (shallow or partial).
        case incompleteHistory
        case other
    }

    public let kind: Kind
    public let code: Int32
    public let message: String

    public init(kind: Kind = .other, code: Int32 = -1, message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// Turns a libgit2 return code into a thrown `GitError`, reading `git_error_last()` at once
/// because libgit2 keeps the last error per thread and the next call may replace it.
@discardableResult
func check(_ code: Int32, _ context: @autoclosure () -> String) throws -> Int32 {
    guard code < 0 else { return code }
    var detail = ""
    if let last = git_error_last(), let text = last.pointee.message {
        detail = String(cString: text)
    }
    let kind: GitError.Kind
    switch code {
    case GIT_ENOTFOUND.rawValue: kind = .notFound
    case GIT_EEXISTS.rawValue: kind = .exists
    case GIT_ELOCKED.rawValue: kind = .locked
    case GIT_EMODIFIED.rawValue: kind = .modified
    case GIT_EUNBORNBRANCH.rawValue: kind = .unbornBranch
    default: kind = .other
    }
    let where_ = context()
    let message = detail.isEmpty ? where_ : "\(where_): \(detail)"
    throw GitError(kind: kind, code: code, message: message)
}
