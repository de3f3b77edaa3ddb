import SecIssueGit

/// A plain three-way text merge, for finding files too broken to merge field by field.
public enum TextMerge {
    public static func merge(base: String, ours: String, theirs: String) throws -> (text: String, conflicted: Bool) {
        do {
            return try MergeFile.merge(ancestor: base, ours: ours, theirs: theirs, labels: (ours: "ours", theirs: "theirs"))
        } catch let error as GitError {
            throw SecIssueError(error.message)
        }
    }
}
