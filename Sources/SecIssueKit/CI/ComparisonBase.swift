/// What a pull or merge request is compared with: the merge-base of HEAD and its target branch.
/// The findings there are the ones the request did not bring; what it adds is judged.
public struct ComparisonBase: Sendable {
    /// How the target was found: `origin/main (GITHUB_BASE_REF)`, `--base v1.2`.
    public let label: String
    /// The target branch's commit (or the revision given).
    public let target: ObjectID
    /// The best common ancestor of HEAD and `target`: the findings there are the base's.
    public let mergeBase: ObjectID

    /// `--base REV` when given; else the CI system's target branch (`GITHUB_BASE_REF` as
    /// `origin/<ref>`, GitLab's `CI_MERGE_REQUEST_TARGET_BRANCH_NAME`, else its
    /// `CI_MERGE_REQUEST_DIFF_BASE_SHA`); else the default branch (origin/HEAD, `CI_DEFAULT_BRANCH`,
    /// `init.defaultBranch`, main, master); else HEAD itself.
    public static func find(_ workspace: Workspace, explicit: String?, head: ObjectID, environment: [String: String]) throws -> ComparisonBase {
        let (label, target) = try Self.target(workspace, explicit: explicit, environment: environment) ?? ("HEAD (no default branch found)", head)
        return ComparisonBase(label: label, target: target, mergeBase: target == head ? head : try workspace.mergeBase(head, target))
    }

    private static func target(_ workspace: Workspace, explicit: String?, environment: [String: String]) throws -> (String, ObjectID)? {
        if let explicit { return ("--base \(explicit)", try workspace.resolveCommit(explicit)) }
        func variable(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let ref = variable("GITHUB_BASE_REF") {
            guard let found = try branch(ref, in: workspace) else {
                throw workspace.missingHistory("the pull request's target branch \(ref) (GITHUB_BASE_REF) is not in this clone as origin/\(ref); "
                                               + "check out with fetch-depth: 0 (actions/checkout), or run git fetch origin \(ref)")
            }
            return ("\(found.name) (GITHUB_BASE_REF)", found.id)
        }
        let gitlabBranch = variable("CI_MERGE_REQUEST_TARGET_BRANCH_NAME")
        if let name = gitlabBranch, let found = try branch(name, in: workspace) {
            return ("\(found.name) (CI_MERGE_REQUEST_TARGET_BRANCH_NAME)", found.id)
        }
        if let sha = variable("CI_MERGE_REQUEST_DIFF_BASE_SHA") {
            guard let id = try? workspace.resolveCommit(sha) else {
                throw workspace.missingHistory("the merge request's base \(sha.prefix(12)) (CI_MERGE_REQUEST_DIFF_BASE_SHA) is not in this clone; "
                                               + "set GIT_DEPTH: 0, or run git fetch origin \(gitlabBranch ?? "<target branch>")")
            }
            return ("\(sha.prefix(12)) (CI_MERGE_REQUEST_DIFF_BASE_SHA)", id)
        }
        if let name = gitlabBranch {
            throw workspace.missingHistory("the merge request's target branch \(name) (CI_MERGE_REQUEST_TARGET_BRANCH_NAME) is not in this clone; "
                                           + "set GIT_DEPTH: 0, or run git fetch origin \(name)")
        }
        if let remoteHead = try workspace.symbolicTarget(of: "refs/remotes/origin/HEAD"), let id = try workspace.referenceTarget(remoteHead) {
            return (String(remoteHead.dropFirst("refs/remotes/".count)), id)
        }
        let names = [variable("CI_DEFAULT_BRANCH"), try workspace.configString("init.defaultBranch"), "main", "master"].compactMap { $0 }
        for name in names where !name.isEmpty {
            if let found = try branch(name, in: workspace) { return (found.name, found.id) }
        }
        return nil
    }

    /// A branch as merged upstream (`origin/NAME`), else the local one.
    private static func branch(_ name: String, in workspace: Workspace) throws -> (name: String, id: ObjectID)? {
        for (reference, label) in [("refs/remotes/origin/\(name)", "origin/\(name)"), ("refs/heads/\(name)", name)] {
            if let id = try workspace.referenceTarget(reference) { return (label, id) }
        }
        return nil
    }
}
