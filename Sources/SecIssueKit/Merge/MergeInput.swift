/// What the merge driver checks before a line merge: libgit2's `git_merge_file` treats a text
/// holding a NUL byte as binary and returns no text at all, so merging such versions line by
/// line would leave an empty result, and an empty finding file, behind.
public enum MergeInput {
    /// A sentence naming the first version that holds a NUL byte and where; nil when none does.
    public static func nulByte(base: String, ours: String, theirs: String) -> String? {
        for (name, text) in [("our", ours), ("their", theirs), ("the common ancestor's", base)] {
            if let offset = text.utf8.firstIndex(of: 0).map({ text.utf8.distance(from: text.utf8.startIndex, to: $0) }) {
                let line = 1 + text.utf8.prefix(offset).reduce(0) { $1 == 10 ? $0 + 1 : $0 }
                return "\(name) version holds a NUL byte (line \(line), byte \(offset + 1))"
            }
        }
        return nil
    }

    /// Both versions whole, between conflict markers, as git writes a conflict: nothing is lost,
    /// and `git diff` and `git status` show the file as conflicted until someone resolves it.
    static func keepingBoth(ours: String, theirs: String) -> String {
        func terminated(_ text: String) -> String { text.isEmpty || text.hasSuffix("\n") ? text : text + "\n" }
        return "<<<<<<< ours\n" + terminated(ours) + "=======\n" + terminated(theirs) + ">>>>>>> theirs\n"
    }
}
