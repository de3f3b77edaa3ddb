import Foundation
import SecIssueGit

/// The repository a command runs in, and where its reads come from.
public final class Workspace {
    let repository: Repository
    /// The process environment the command runs with (CI variables, GIT_* overrides).
    public let environment: [String: String]

    public init(repository: Repository, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.repository = repository
        self.environment = environment
    }

    /// Opens the repository as git does for `git secissue` (GIT_DIR, GIT_WORK_TREE, `-C`, discovery).
    public static func discover() throws -> Workspace {
        do {
            return Workspace(repository: try Repository.discover())
        } catch let error as GitError where error.kind == .notFound {
            throw SecIssueError("\(error.message): run git secissue inside a git repository (or use git -C DIR secissue)",
                                code: SecIssueError.Code.notARepository)
        }
    }

    /// Opens the repository at `path` (a clone's top directory or a bare repository), for the
    /// commands that read several repositories.
    public static func repository(at path: String) throws -> Workspace {
        do {
            return Workspace(repository: try Repository.open(at: path))
        } catch let error as GitError where error.kind == .notFound || error.message.contains("not a git repository") {
            throw SecIssueError("not a git repository: \(path): name the top directory of a clone, or a bare repository",
                                code: SecIssueError.Code.notARepository)
        }
    }

    /// The store to read: a revision when given, else the working tree (HEAD in a bare repository).
    /// The store at `revision` (the working tree when nil), which must be initialised, and its
    /// policy: what every command that files findings starts from.
    public func initialisedStore(at revision: String? = nil) throws -> (store: SecurityStore, config: Config) {
        let store = try store(at: revision)
        try store.requireInitialised()
        return (store, try store.config())
    }

    /// Confidential findings are opened with the user's keyring (`Keyring`) where it can.
    public func store(at revision: String? = nil) throws -> SecurityStore {
        let files: SecurityFiles
        if let revision {
            let commit = try repository.resolveCommit(revision)
            files = try CommitFiles(repository: repository, commit: commit)
        } else if let root = repository.workingDirectory {
            // A write killed half way is finished (or discarded) first: see writeToWorkingTree.
            try repairInterruptedWrite()
            files = WorkingTreeFiles(root: root)
        } else {
            guard let head = try repository.headCommit() else { throw Self.noCommits }
            files = try CommitFiles(repository: repository, commit: head)
        }
        return try liveStore(files)
    }

    /// The parsed-findings cache of this working tree's git directory; nil with
    /// `SECISSUE_NO_CACHE=1`, which reads and parses every file as a check of the cache.
    func findingCache() -> FindingCache? {
        environment["SECISSUE_NO_CACHE"] == "1" ? nil : FindingCache(path: repository.gitDirectory + "/" + FindingCache.fileName)
    }

    /// A store of `files` with the live values of `refs/secissue/state` merged into its findings.
    func liveStore(_ files: SecurityFiles, state: LiveState? = nil) throws -> SecurityStore {
        let state = try state ?? liveState()
        try requireLiveState(state, files: files)
        return SecurityStore(files: files, live: state, cache: findingCache(), keyring: try keyring())
    }

    /// Who is acting, and when: the commit author identity and time, also used in activity lines.
    public func stamp() throws -> Stamp {
        let author = try repository.signature(.author, environment: environment)
        return Stamp(person: author.person, email: author.email, date: Date(timeIntervalSince1970: TimeInterval(author.time)))
    }

    /// Resolves a revision to a full commit hash, with a clear error for an unknown one.
    public func commitHash(_ revision: String) throws -> String {
        try repository.resolveCommit(revision).hex
    }

    public static let noCommits = SecIssueError(
        "this repository has no commits yet: make a first commit (git commit --allow-empty -m 'Initial commit'), then run the command again",
        code: SecIssueError.Code.noCommits)
}

/// Who did something and when, as activity lines and `updated` record it.
public struct Stamp: Sendable {
    public let person: String
    public let email: String
    public let date: Date

    public init(person: String, email: String, date: Date) {
        self.person = person
        self.email = email
        self.date = date
    }

    public var timestamp: String { Timestamp.string(date) }
}
