import CLibgit2

/// A unified diff of two texts, as `git diff` prints one file's change, without a repository.
public enum TextDiff {
    /// The patch from `old` to `new` (`--- a/PATH`, `+++ b/PATH`, hunks with `context` lines
    /// around each change); "" when they are the same. The corresponding C functions are
    /// `git_patch_from_buffers` and `git_patch_to_buf`.
    public static func unified(old: String, new: String, path: String, context: UInt32 = 3) throws -> String {
        ensureLibgit2()
        var options = git_diff_options()
        _ = try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "cannot set up a diff")
        options.context_lines = context
        var patch: OpaquePointer?
        defer { git_patch_free(patch) }
        let oldBytes = Array(old.utf8)
        let newBytes = Array(new.utf8)
        try oldBytes.withUnsafeBytes { oldBuffer in
            try newBytes.withUnsafeBytes { newBuffer in
                try path.withCString { name in
                    _ = try check(git_patch_from_buffers(&patch, oldBuffer.baseAddress, oldBuffer.count, name,
                                                         newBuffer.baseAddress, newBuffer.count, name, &options),
                                  "cannot diff the texts")
                }
            }
        }
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        _ = try check(git_patch_to_buf(&buffer, patch), "cannot print the diff")
        guard let pointer = buffer.ptr, buffer.size > 0 else { return "" }
        let text = String(decoding: UnsafeRawBufferPointer(start: pointer, count: buffer.size), as: UTF8.self)
        // The `diff --git` header line says nothing the `---`/`+++` lines do not.
        return text.split(separator: "\n", omittingEmptySubsequences: false).drop { !$0.hasPrefix("---") }.joined(separator: "\n")
    }
}
