import CLibgit2

/// A three-way merge of three texts, as git merges one file's content, without a repository.
public enum MergeFile {
    /// Merges the changes from `ancestor` to `ours` and from `ancestor` to `theirs`.
    ///
    /// Lines changed on one side only are taken from that side; lines changed on both sides
    /// are left between `<<<<<<< ours-label`, `=======` and `>>>>>>> theirs-label` markers and
    /// `conflicted` is true. An empty `ancestor` merges an add/add: every line the two sides
    /// do not share is a conflict. The corresponding C function is `git_merge_file`.
    public static func merge(ancestor: String, ours: String, theirs: String,
                             labels: (ours: String, theirs: String)) throws -> (text: String, conflicted: Bool) {
        ensureLibgit2()
        var options = git_merge_file_options()
        try check(git_merge_file_options_init(&options, UInt32(GIT_MERGE_FILE_OPTIONS_VERSION)), "cannot set up a file merge")
        var result = git_merge_file_result()
        // libgit2 may fill part of the result before it fails: free it on every path.
        defer { git_merge_file_result_free(&result) }
        try withInput(ancestor) { ancestorInput in
            try withInput(ours) { oursInput in
                try withInput(theirs) { theirsInput in
                    try labels.ours.withCString { oursLabel in
                        try labels.theirs.withCString { theirsLabel in
                            options.our_label = oursLabel
                            options.their_label = theirsLabel
                            try check(git_merge_file(&result, ancestorInput, oursInput, theirsInput, &options), "cannot merge the texts")
                        }
                    }
                }
            }
        }
        // For a version holding a NUL byte libgit2 merges "as binary": no text, not automergeable.
        // Returning "" and a conflict would let a caller write an empty file over real content.
        if result.ptr == nil, result.automergeable == 0 {
            throw GitError(message: "cannot merge the texts line by line: a version holds a NUL byte, which libgit2 merges as binary")
        }
        var text = ""
        if let pointer = result.ptr, result.len > 0 {
            text = String(decoding: UnsafeRawBufferPointer(start: pointer, count: result.len), as: UTF8.self)
        }
        return (text, result.automergeable == 0)
    }

    /// Runs `body` with a `git_merge_file_input` over the UTF-8 bytes of `text`.
    ///
    /// The bytes are copied with a terminating NUL so the pointer is never null, even for an
    /// empty text, and the size is passed explicitly so libgit2 never relies on the terminator.
    private static func withInput<Value>(_ text: String,
                                          _ body: (UnsafePointer<git_merge_file_input>) throws -> Value) throws -> Value {
        var input = git_merge_file_input()
        try check(git_merge_file_input_init(&input, UInt32(GIT_MERGE_FILE_INPUT_VERSION)), "cannot set up a file merge")
        let bytes = Array(text.utf8) + [0]
        return try bytes.withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { characters in
                input.ptr = characters.baseAddress
                input.size = text.utf8.count
                return try withUnsafePointer(to: &input) { try body($0) }
            }
        }
    }
}
