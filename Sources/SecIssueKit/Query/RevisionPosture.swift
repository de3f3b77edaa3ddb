import Foundation

/// The findings as they stood at a past revision, corrected by what was learned later: `sync`
/// and `close --commit` record a fix after the fact, so a release that already contained the
/// fixing commit still stores the finding as open. A finding active at the revision is shown
/// fixed when the current store (working tree, or HEAD in a bare repository) says it is fixed by
/// a commit that the revision contains.
public enum RevisionPosture {
    public static func findings(_ stored: [Finding], at revision: String, in workspace: Workspace) throws -> [Finding] {
        let commit = try workspace.resolveCommit(revision)
        let current = try workspace.store()
        // Nothing was learned later when .security/ is gone from the current tree.
        guard try current.files.list(SecurityStore.directory) != nil else { return stored }
        var fixes: [String: String] = [:]
        for later in try current.findings().findings where later.status == .fixed {
            if let hash = later.commits.fixed { fixes[later.id] = hash }
        }
        return stored.map { finding in
            guard finding.status.isActive, let hash = fixes[finding.id], let fixing = ObjectID(hex: hash),
                  fixing == commit || workspace.isDescendant(commit, of: fixing) else { return finding }
            var shown = finding
            shown.status = .fixed
            shown.commits.fixed = hash
            return shown
        }
    }
}
