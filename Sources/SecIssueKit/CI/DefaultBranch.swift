import SecIssueGit

/// Whether this checkout builds the default branch (where `ci` commits) or a pull request
/// (where it only reports), from the CI system's variables, else from git.
public enum DefaultBranch {
    public static func isCurrent(_ workspace: Workspace, environment: [String: String]) throws -> Bool {
        if environment["GITHUB_EVENT_NAME"]?.hasPrefix("pull_request") == true || environment["CI_MERGE_REQUEST_IID"] != nil {
            return false
        }
        if let branch = environment["CI_COMMIT_BRANCH"], let defaultBranch = environment["CI_DEFAULT_BRANCH"] {
            return branch == defaultBranch
        }
        let repository = workspace.repository
        let headBranch = try repository.headBranch()
        let current = environment["GITHUB_REF"] ?? headBranch
        guard let current else { return false }
        if let remoteHead = try repository.symbolicTarget(of: "refs/remotes/origin/HEAD") {
            return current == "refs/heads/" + remoteHead.split(separator: "/").dropFirst(3).joined(separator: "/")
        }
        let configured = try repository.configString("init.defaultBranch").map { ["refs/heads/\($0)"] } ?? []
        return (configured + ["refs/heads/main", "refs/heads/master"]).contains(current)
    }
}
