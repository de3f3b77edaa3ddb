import SecIssueGit

/// A plain three-way text merge, for finding files too broken to merge field by field.
public enum TextMerge {
    /// A version holding a NUL byte is not merged line by line (libgit2 would return nothing):
    /// the result keeps both versions whole between conflict markers (`MergeInput`).
    public static func merge(base: String, ours: String, theirs: String) throws -> (text: String, conflicted: Bool) {
        if MergeInput.nulByte(base: base, ours: ours, theirs: theirs) != nil {
            return (MergeInput.keepingBoth(ours: ours, theirs: theirs), true)
        }
        do {
            return try MergeFile.merge(ancestor: base, ours: ours, theirs: theirs, labels: (ours: "ours", theirs: "theirs"))
        } catch let error as GitError {
            throw SecIssueError(error.message)
        }
    }
}
