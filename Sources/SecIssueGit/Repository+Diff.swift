import CLibgit2

/// What a staged change does to one file: the lines it adds and the old lines it touches.
public struct StagedFileChange: Sendable, Equatable {
    public let path: String
    /// Added lines: 1-based number in the staged file, and text without the line break.
    public var added: [(number: Int, text: String)] = []
    /// Ranges of old (HEAD) line numbers that the hunks replace or border.
    public var touchedOldLines: [ClosedRange<Int>] = []

    public static func == (lhs: StagedFileChange, rhs: StagedFileChange) -> Bool {
        lhs.path == rhs.path && lhs.added.map(\.number) == rhs.added.map(\.number) && lhs.added.map(\.text) == rhs.added.map(\.text)
            && lhs.touchedOldLines == rhs.touchedOldLines
    }
}

extension Repository {
    /// The lines `commit` adds against `base` (nil: the empty tree), file by file, in the same
    /// form as the staged changes; binary files are left out. The corresponding C functions are
    /// `git_diff_tree_to_tree` and `git_patch_*`.
    public func addedLines(from base: ObjectID?, to commit: ObjectID) throws -> [StagedFileChange] {
        try withTreeDiff(from: base, to: commit) { try Self.fileChanges($0) }
    }

    /// Each file of a diff with its added lines and the old lines its hunks touch.
    static func fileChanges(_ diff: OpaquePointer?) throws -> [StagedFileChange] {
        var changes: [StagedFileChange] = []
        for deltaIndex in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, deltaIndex), delta.pointee.flags & GIT_DIFF_FLAG_BINARY.rawValue == 0 else { continue }
            var patch: OpaquePointer?
            try check(git_patch_from_diff(&patch, diff, deltaIndex), "cannot read the staged change")
            defer { git_patch_free(patch) }
            guard let patch else { continue }
            var change = StagedFileChange(path: String(cString: delta.pointee.new_file.path))
            for hunkIndex in 0..<git_patch_num_hunks(patch) {
                var hunk: UnsafePointer<git_diff_hunk>?
                var lineCount = 0
                try check(git_patch_get_hunk(&hunk, &lineCount, patch, hunkIndex), "cannot read a hunk")
                if let hunk {
                    let start = Int(hunk.pointee.old_start), count = Int(hunk.pointee.old_lines)
                    change.touchedOldLines.append(max(start, 1)...max(start + max(count, 1) - 1, max(start, 1)))
                }
                for lineIndex in 0..<lineCount {
                    var line: UnsafePointer<git_diff_line>?
                    try check(git_patch_get_line_in_hunk(&line, patch, hunkIndex, lineIndex), "cannot read a line")
                    guard let line, line.pointee.origin == CChar(UInt8(ascii: "+")), let content = line.pointee.content else { continue }
                    let bytes = UnsafeRawBufferPointer(start: content, count: line.pointee.content_len)
                    var text = String(decoding: bytes, as: UTF8.self)
                    while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
                    change.added.append((Int(line.pointee.new_lineno), text))
                }
            }
            changes.append(change)
        }
        return changes
    }
}
