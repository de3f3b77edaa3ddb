import SecIssueGit

/// A unified diff of two texts as git prints it (libgit2's own diff), for features that show
/// a change of content: a drifted configuration file against its recorded copy.
public enum UnifiedDiff {
    /// `--- a/PATH`, `+++ b/PATH` and the hunks; "" when the texts are the same.
    public static func text(old: String, new: String, path: String) throws -> String {
        do {
            return try TextDiff.unified(old: old, new: new, path: path)
        } catch let error as GitError {
            throw SecIssueError(error.message)
        }
    }
}
