import Foundation
import SecIssueKit

/// The commits `protect check` looks at, oldest first, and how to name them to the user.
public struct ProtectRange: Sendable {
    /// `main..HEAD`, or the range as given.
    public let label: String
    public let commits: [ObjectID]
    /// The range's tip (the scanned commit of the findings filed).
    public let tip: ObjectID
    /// The commit the range is measured from (A of `A..B`, the default branch), if any.
    public let base: ObjectID?

    /// `A..B` (B's commits that A lacks; an empty side means HEAD), a single revision (it and its
    /// whole history, as `git log REV`), or nil: the commits on HEAD that the default branch lacks.
    public static func resolve(_ text: String?, in workspace: Workspace) throws -> ProtectRange {
        guard let head = try workspace.headCommit() else { throw Workspace.noCommits }
        guard let text else {
            guard let base = try defaultBase(workspace) else {
                throw SecIssueError("cannot tell which branch is the default (no origin/HEAD, main or master): give a RANGE, such as main..HEAD")
            }
            let commits = try workspace.commits(from: [head], hiding: [base.id]).commits
            return ProtectRange(label: "\(base.name)..HEAD", commits: commits.reversed(), tip: head, base: base.id)
        }
        if text.contains("...") {
            throw SecIssueError("bad range '\(text)': A...B is not supported here; use A..B (the commits of B that A lacks)")
        }
        do {
            let parts = text.components(separatedBy: "..")
            switch parts.count {
            case 1:
                let tip = try workspace.resolveCommit(text)
                return ProtectRange(label: text, commits: try workspace.commits(from: [tip]).commits.reversed(), tip: tip, base: nil)
            case 2:
                let tip = try workspace.resolveCommit(parts[1].isEmpty ? "HEAD" : parts[1])
                let base = try workspace.resolveCommit(parts[0].isEmpty ? "HEAD" : parts[0])
                return ProtectRange(label: text, commits: try workspace.commits(from: [tip], hiding: [base]).commits.reversed(), tip: tip, base: base)
            default:
                throw SecIssueError("expected A..B or a single revision")
            }
        } catch let error as SecIssueError where error.kind == .missingHistory {
            // The range is fine; the clone lacks its history, and the message says how to fetch it.
            throw error
        } catch {
            throw SecIssueError("bad range '\(text)': \(ErrorBoundary.message(error)) (give A..B, or one revision, as git log takes them)")
        }
    }

    /// The policy to judge the range by: `protect:` as the base commit has it, since the range
    /// itself may change config.yml (adding an approver, dropping a path) and must not judge
    /// itself by its own rules. Without a base, or when the base has no config.yml yet, `fallback`.
    public func policy(in workspace: Workspace, fallback: Config) throws -> (policy: ProtectPolicy, fromBase: Bool) {
        guard let base else { return (fallback.protect, false) }
        let store = try workspace.store(at: base.hex)
        guard try store.files.read(Config.path) != nil else { return (fallback.protect, false) }
        return (try store.config().protect, true)
    }

    /// The default branch to compare HEAD with: the pull request's target branch named by CI,
    /// else what origin/HEAD points to, else the configured, `main` or `master` branch; the
    /// remote-tracking branch when there is one, since that is what has been merged upstream.
    static func defaultBase(_ workspace: Workspace) throws -> (name: String, id: ObjectID)? {
        let environment = workspace.environment
        var names = ["GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME"].compactMap { environment[$0] }.filter { !$0.isEmpty }
        if let remoteHead = try workspace.symbolicTarget(of: "refs/remotes/origin/HEAD"),
           let id = try workspace.referenceTarget(remoteHead), names.isEmpty {
            return (String(remoteHead.dropFirst("refs/remotes/".count)), id)
        }
        names += [environment["CI_DEFAULT_BRANCH"], try workspace.configString("init.defaultBranch"), "main", "master"].compactMap { $0 }
        for name in names where !name.isEmpty {
            for (reference, label) in [("refs/remotes/origin/\(name)", "origin/\(name)"), ("refs/heads/\(name)", name)] {
                if let id = try workspace.referenceTarget(reference) { return (label, id) }
            }
        }
        return nil
    }
}
