import Foundation
import SecIssueGit

/// `mine`: a person's findings, that is those in code they wrote (whose introducing commit,
/// `commits.introduced`, filled by blame at import, they authored) or assigned to them.
public struct MineQuery {
    /// The author's email, compared ignoring case.
    public let email: String
    /// Every status, not only the active ones (open, confirmed).
    public var all: Bool
    /// Which of the two ties count.
    public var ties: Ties

    /// How a finding can be a person's.
    public struct Ties: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// They authored the commit that introduced it.
        public static let introduced = Ties(rawValue: 1)
        /// It is assigned to them.
        public static let assigned = Ties(rawValue: 2)
        public static let both: Ties = [.introduced, .assigned]
    }

    public init(email: String, all: Bool = false, ties: Ties = .both) {
        self.email = email
        self.all = all
        self.ties = ties
    }

    /// What `mine` found.
    public struct Result: Sendable {
        /// The person's findings, most severe first, as `list` orders them.
        public let findings: [Finding]
        /// Findings left out because their introducing commit is not in the repository (a shallow clone).
        public let skipped: Int
        /// How many distinct introducing commits are missing.
        public let missingCommits: Int
    }

    /// The email to look for: `given` (an email, or `Name <email>`), else `user.email` from git config,
    /// else GIT_AUTHOR_EMAIL; an error that says what to do when there is none.
    public static func email(_ given: String?, in workspace: Workspace) throws -> String {
        let candidates = [given.map(emailPart), try workspace.configString("user.email"), workspace.environment["GIT_AUTHOR_EMAIL"]]
        guard let email = candidates.compactMap({ $0?.trimmingCharacters(in: .whitespaces) }).first(where: { !$0.isEmpty }) else {
            throw SecIssueError("no email to look for: pass --author EMAIL, or set yours with git config user.email EMAIL")
        }
        return email
    }

    /// The findings whose introducing commit `email` authored or that are assigned to `email`, as `ties` says.
    public func run(_ findings: [Finding], in workspace: Workspace) -> Result {
        var filter = FindingFilter()
        filter.all = all
        let wanted = email.lowercased()
        // One import blames many findings on the same few commits: read each commit once.
        var authors: [String: String?] = [:]
        var mine: [Finding] = []
        var skipped = 0
        for finding in findings where filter.matches(finding) {
            if ties.contains(.assigned), FindingFilter.samePerson(finding.assignee, email) {
                mine.append(finding)
                continue
            }
            guard ties.contains(.introduced), let hash = finding.commits.introduced, !hash.isEmpty else { continue }
            let author: String?
            if let known = authors[hash] {
                author = known
            } else {
                author = Self.commit(hash, in: workspace.repository).flatMap { try? workspace.repository.commitInfo($0).author.email }
                authors[hash] = .some(author)
            }
            guard let author else {
                skipped += 1
                continue
            }
            if author.lowercased() == wanted { mine.append(finding) }
        }
        return Result(findings: filter.apply(mine), skipped: skipped, missingCommits: authors.values.filter { $0 == nil }.count)
    }

    /// The commit a stored hash names; a short one (hand-written) is resolved as git would.
    private static func commit(_ hash: String, in repository: Repository) -> ObjectID? {
        if let id = ObjectID(hex: hash) { return id }
        guard hash.count >= 4, hash.allSatisfy(\.isHexDigit) else { return nil }
        return try? repository.resolveCommit(hash)
    }

    /// `alice@example.com` from `Alice <alice@example.com>`; the text itself when it has no angle brackets.
    private static func emailPart(_ text: String) -> String {
        guard let open = text.firstIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close else { return text }
        return String(text[text.index(after: open)..<close])
    }
}
