import CLibgit2
import Foundation

/// One file the index changes against a tree, as `git diff-index --cached --raw -z` prints it:
/// `:OLDMODE NEWMODE OLDID NEWID STATUS` NUL `PATH` NUL. A mode of 0 (and an id of zeros) is
/// a side without the file.
struct StagedEntry: Equatable {
    /// The path as git's index has it, bytes and all, NUL-terminated for libgit2.
    let path: [CChar]
    let oldMode: UInt32
    let newMode: UInt32
    let oldID: ObjectID?
    let newID: ObjectID?
    let status: UInt8

    /// The path as text (bytes that are not UTF-8 replaced, as libgit2's paths are read).
    var name: String { Self.text(path) }

    /// A NUL-terminated path as text, its bytes that are not UTF-8 replaced.
    static func text(_ path: [CChar]) -> String { String(decoding: path.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self) }

    /// The records of `output`; throws on anything else, so a change is never lost to a line
    /// this reader does not know.
    static func parse(_ output: [UInt8]) throws -> [StagedEntry] {
        var entries: [StagedEntry] = []
        var fields = output.split(separator: 0, omittingEmptySubsequences: false)[...]
        if fields.last?.isEmpty == true { fields.removeLast() }
        while let header = fields.popFirst() {
            let parts = header.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
            guard header.first == UInt8(ascii: ":"), parts.count == 5,
                  let oldMode = UInt32(String(decoding: parts[0].dropFirst(), as: UTF8.self), radix: 8),
                  let newMode = UInt32(String(decoding: parts[1], as: UTF8.self), radix: 8),
                  let oldID = ObjectID(hex: String(decoding: parts[2], as: UTF8.self)),
                  let newID = ObjectID(hex: String(decoding: parts[3], as: UTF8.self)),
                  parts[4].count == 1, let status = parts[4].first, Array("ADMTU".utf8).contains(status),
                  let path = fields.popFirst(), !path.isEmpty
            else {
                let line = String(decoding: header.prefix(120), as: UTF8.self).debugDescription
                throw GitError(message: "cannot read git diff-index's list of staged files (at \(line)); run git diff --cached --raw to see what it says")
            }
            let zero = ObjectID(hex: String(repeating: "0", count: 40))!
            entries.append(StagedEntry(path: path.map { CChar(bitPattern: $0) } + [0], oldMode: oldMode, newMode: newMode,
                                       oldID: oldID == zero ? nil : oldID, newID: newID == zero ? nil : newID, status: status))
        }
        return entries
    }
}

extension Repository {
    /// The files the index (the one `GIT_INDEX_FILE` names, as git's own commands use it)
    /// changes against `tree` (nil: the empty tree), from `git diff-index --cached`, which reads
    /// the index once and skips the directories its cache-tree records as unchanged. No
    /// renames (a move is a deletion and an addition, as libgit2's diff gives it), every
    /// submodule change, full ids. A conflicted index cannot be committed: it is an error.
    func stagedEntries(against tree: ObjectID?) throws -> [StagedEntry] {
        let base = (tree ?? Self.emptyTree).hex
        let output = try GitExecutable.run(["diff-index", "--cached", "--raw", "-z", "--no-renames", "--no-abbrev",
                                            "--ignore-submodules=none", "-O/dev/null", base, "--"],
                                           in: self, indexFile: indexFile, purpose: "lists the staged files for the pre-commit checks")
        guard output.status == 0 else {
            throw GitError(message: "git diff-index --cached failed (exit status \(output.status)): "
                + "\(output.stderr.trimmingCharacters(in: .whitespacesAndNewlines)); the staged change was not checked: "
                + "fix what git reports (git status says it too), or skip the check with git commit --no-verify")
        }
        let entries = try StagedEntry.parse([UInt8](output.stdout))
        if let conflict = entries.first(where: { $0.status == UInt8(ascii: "U") }) {
            throw GitError(message: "\(conflict.name) has unresolved conflicts in the index: resolve them and git add it, then commit")
        }
        return entries
    }
}
