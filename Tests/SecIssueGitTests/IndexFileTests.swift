import Foundation
import Testing
import TestSupport
@testable import SecIssueGit

/// `IndexFile` against git: the same changes staged by `LockedIndex` in one copy of a repository
/// and by `git add` / `git rm --cached` in another must leave the same index entries.
@Suite("index file", .scratchDirectory)
struct IndexFileTests {
    @Test("additions, changes and removals leave the entries git add and git rm leave", arguments: ["2", "4"])
    func sameAsGit(format: String) throws {
        // Names that sort around each other: a prefix, a dash and a dot sort before a slash.
        var paths = ["a", "a-b", "a.b", "a0/b", "ab/c", "b/a/a", "b/a-a", "b/a.a"]
        paths += (0..<200).map { "deep/\($0 % 7)/nested/file-\($0).txt" }
        try stageAsGitDoes(format: format, paths: paths, changed: ["a-b", "deep/3/nested/file-3.txt", "b/a/a"],
                           added: ["a1/c", "deep/3/nested/file-3.txt.new", "new/dir/file"], removed: ["a", "deep/1/nested/file-8.txt", "b/a.a"])
    }

    @Test("many changes in one write, side by side and at both ends, among long shared prefixes", arguments: ["2", "4"])
    func manyChanges(format: String) throws {
        let long = String(repeating: "p", count: 150) + "/" + String(repeating: "q", count: 150)
        let paths = (0..<300).map { "\(long)/file-\(1000 + $0)" } + ["0-first", "zz-last"]
        let changed = ["0-first", "zz-last"] + (100..<140).map { "\(long)/file-\(1000 + $0)" } + stride(from: 0, to: 300, by: 37).map { "\(long)/file-\(1000 + $0)" }
        let removed = (200..<230).map { "\(long)/file-\(1000 + $0)" } + ["\(long)/file-1299"]
        let added = ["00-new", "zzz-new", "\(long)/file-1000a"] + (0..<20).map { "\(long)/file-1201-\($0)" }
        try stageAsGitDoes(format: format, paths: paths, changed: Array(Set(changed).subtracting(removed)), added: added, removed: removed)
    }

    @Test("the very first and last entries removed, new ones before them and after, an intent-to-add entry beside", arguments: ["2", "3", "4"])
    func ends(format: String) throws {
        let paths = ["a", "b/c", "m", "m-n", "y/z", "z"]
        try stageAsGitDoes(format: format, paths: paths, changed: ["m-n"], added: ["0", "zz/top", "b/c0"], removed: ["a", "z"], intentToAdd: "n")
        try stageAsGitDoes(format: format, paths: paths, changed: ["a", "z"], added: ["A", "z0"], removed: [], intentToAdd: "b/c.d")
    }

    /// Stages the changes with `LockedIndex` in one repository and with git in a clone, and
    /// expects the same entries, trees and status. `intentToAdd` is a file added with
    /// `git add -N` first (an entry with extended flags, which makes format 2 format 3).
    private func stageAsGitDoes(format: String, paths: [String], changed: [String], added: [String], removed: [String], intentToAdd: String? = nil) throws {
        let ours = try ScratchDirectory.make("ours").path
        for path in paths { try write(path, "\(path)\n", in: ours) }
        try git(["init", "-q"], in: ours)
        try git(["add", "-A"], in: ours)
        try git(["commit", "-q", "-m", "files"], in: ours)
        try git(["update-index", "--index-version", format], in: ours)
        let theirs = try ScratchDirectory.make("theirs").path
        try git(["clone", "-q", "--no-local", ours, theirs], in: ours)
        try git(["update-index", "--index-version", format], in: theirs)
        if let intentToAdd {
            for root in [ours, theirs] {
                try write(intentToAdd, "intended\n", in: root)
                try git(["add", "-N", intentToAdd], in: root)
            }
        }

        try stage(Dictionary(uniqueKeysWithValues: (changed + added).map { ($0, "new content of \($0)\n") }), removing: removed, ours: ours, theirs: theirs)
        // The same directories' cached trees invalidated, the others kept, before git rebuilds any.
        #expect(try cachedTrees(ours) == cachedTrees(theirs))
        #expect(try cachedTrees(ours) != nil)
        try expectSameIndex(ours, theirs)
        let bytes = try #require(FileManager.default.contents(atPath: ours + "/.git/index"))
        // git writes format 3 for an entry with extended flags, such as intent-to-add.
        #expect(bytes[bytes.startIndex + 7] == (intentToAdd != nil && format == "2" ? 3 : UInt8(format)!))
    }

    /// The bytes of the index's cached-tree extension, nil when it has none.
    private func cachedTrees(_ root: String) throws -> [UInt8]? {
        let index = try IndexFile(path: root + "/.git/index")
        return try IndexFile.extensions(index.bytes, from: index.entriesEnd, path: "").first { $0.signature == Array("TREE".utf8) }.map { Array(index.bytes[$0.range]) }
    }

    /// The same entries, trees, status and resolve-undo records in both repositories, the new
    /// entries' stat data as git would record them, and an index that git fsck accepts.
    private func expectSameIndex(_ ours: String, _ theirs: String) throws {
        #expect(try git(["ls-files", "--stage"], in: ours) == git(["ls-files", "--stage"], in: theirs))
        #expect(try git(["diff-files", "--name-only"], in: ours) == git(["diff-files", "--name-only"], in: theirs))
        #expect(try git(["status", "--porcelain"], in: ours) == git(["status", "--porcelain"], in: theirs))
        #expect(try git(["ls-files", "--resolve-undo"], in: ours) == git(["ls-files", "--resolve-undo"], in: theirs))
        #expect(try git(["write-tree"], in: ours) == git(["write-tree"], in: theirs))
        #expect(try run(["fsck", "--strict", "--no-dangling"], in: ours).status == 0)
    }

    @Test("an index without extensions stays without them", arguments: ["2", "4"])
    func noExtensions(format: String) throws {
        let ours = try ScratchDirectory.make("ours").path
        for path in ["a", "b/c", "d"] { try write(path, "\(path)\n", in: ours) }
        try git(["init", "-q"], in: ours)
        try git(["add", "-A"], in: ours)
        try git(["commit", "-q", "-m", "files"], in: ours)
        // An index git builds from nothing has no cached trees until a commit or write-tree.
        unlink(ours + "/.git/index")
        try git(["add", "-A"], in: ours)
        try git(["update-index", "--index-version", format], in: ours)
        let before = try IndexFile(path: ours + "/.git/index")
        #expect(before.entriesEnd == before.bytes.count - IndexFile.hashSize)
        let theirs = try ScratchDirectory.make("theirs").path
        try git(["clone", "-q", "--no-local", ours, theirs], in: ours)
        unlink(theirs + "/.git/index")
        try git(["add", "-A"], in: theirs)
        try git(["update-index", "--index-version", format], in: theirs)

        try stage(["a": "new a\n", "b/e": "new e\n", "z": "new z\n"], removing: ["d"], ours: ours, theirs: theirs)

        let after = try IndexFile(path: ours + "/.git/index")
        #expect(after.entriesEnd == after.bytes.count - IndexFile.hashSize)
        #expect(after.version == UInt32(format)!)
        try expectSameIndex(ours, theirs)
    }

    @Test("the cached trees first and the resolve-undo records after them are kept as git keeps them", arguments: ["2", "4"])
    func resolveUndo(format: String) throws {
        let ours = try ScratchDirectory.make("ours").path
        for path in ["a", "c", "sub/f", "z"] { try write(path, "\(path)\n", in: ours) }
        try git(["init", "-q", "-b", "main"], in: ours)
        try git(["add", "-A"], in: ours)
        try git(["commit", "-q", "-m", "files"], in: ours)
        try git(["checkout", "-q", "-b", "side"], in: ours)
        try write("c", "side\n", in: ours)
        try git(["commit", "-q", "-am", "side"], in: ours)
        try git(["checkout", "-q", "main"], in: ours)
        try write("c", "main\n", in: ours)
        try git(["commit", "-q", "-am", "main"], in: ours)
        #expect(try run(["merge", "-q", "side"], in: ours).status != 0)
        try write("c", "resolved\n", in: ours)
        try git(["add", "c"], in: ours)
        try git(["write-tree"], in: ours)
        try git(["update-index", "--index-version", format], in: ours)
        let before = try IndexFile(path: ours + "/.git/index")
        #expect(try IndexFile.extensions(before.bytes, from: before.entriesEnd, path: "").map { String(decoding: $0.signature, as: UTF8.self) } == ["TREE", "REUC"])
        let theirs = try ScratchDirectory.make("theirs").path
        try FileManager.default.removeItem(atPath: theirs)
        try FileManager.default.copyItem(atPath: ours, toPath: theirs)
        // A copy's files have other inodes and times than its index records.
        try git(["update-index", "-q", "--refresh"], in: theirs)

        try stage(["a": "new a\n", "sub/g": "new g\n"], removing: ["z"], ours: ours, theirs: theirs)

        try expectSameIndex(ours, theirs)
        #expect(try git(["ls-files", "--resolve-undo"], in: ours).contains("\tc\n"))
    }

    @Test("racily clean entries at both ends whose files changed get size 0, as git gives them", arguments: ["2", "4"])
    func racyEnds(format: String) throws {
        let ours = try ScratchDirectory.make("ours").path
        for path in ["a", "m", "z"] { try overwrite(path, "\(path)\(path)\n", in: ours) }
        try git(["init", "-q"], in: ours)
        try git(["add", "-A"], in: ours)
        try git(["commit", "-q", "-m", "files"], in: ours)
        let theirs = try ScratchDirectory.make("theirs").path
        try git(["clone", "-q", "--no-local", ours, theirs], in: ours)
        for root in [ours, theirs] {
            // Only size and modification time tell git that a file changed.
            try git(["config", "core.trustctime", "false"], in: root)
            try git(["update-index", "--index-version", format], in: root)
            for path in ["a", "m", "z"] { try overwrite(path, "\(path)\(path)\n", in: root) }
            try git(["update-index", "--really-refresh"], in: root)
            // Changed in place: same inode, size and modification time as staged.
            try overwrite("a", "AA\n", in: root)
            try overwrite("z", "ZZ\n", in: root)
            // An index no newer than its entries: each of them may be racily clean.
            var times = [timespec(tv_sec: 1_600_000_000, tv_nsec: 0), timespec(tv_sec: 1_600_000_000, tv_nsec: 0)]
            #expect(utimensat(AT_FDCWD, root + "/.git/index", &times, 0) == 0)
        }

        try stage(["n": "new n\n"], removing: [], ours: ours, theirs: theirs)

        #expect(try git(["diff-files", "--name-only"], in: ours) == "a\nz\n")
        try expectSameIndex(ours, theirs)
    }

    /// Writes `text` into `path` in place (the same inode) and dates it 1,700,000,000.
    private func overwrite(_ path: String, _ text: String, in root: String) throws {
        let descriptor = open(root + "/" + path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(descriptor >= 0)
        _ = text.utf8CString.withUnsafeBufferPointer { Glibc.write(descriptor, $0.baseAddress, $0.count - 1) }
        var times = [timespec(tv_sec: 1_700_000_000, tv_nsec: 0), timespec(tv_sec: 1_700_000_000, tv_nsec: 0)]
        #expect(futimens(descriptor, &times) == 0)
        close(descriptor)
    }

    /// Writes `files` and removes `removed` in both working trees, stages them with `LockedIndex`
    /// in `ours` and with git in `theirs`.
    private func stage(_ files: [String: String], removing removed: [String], ours: String, theirs: String) throws {
        let repository = try Repository.open(at: ours)
        var entries: [(path: String, blob: ObjectID?)] = []
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            try write(path, text, in: ours)
            try write(path, text, in: theirs)
            entries.append((path, try repository.writeBlob(Array(text.utf8))))
        }
        for path in removed {
            unlink(ours + "/" + path)
            unlink(theirs + "/" + path)
            entries.append((path, nil))
        }
        let index = try repository.lockIndex(removeOwnStale: false)
        try index.stage(entries)
        try index.commit()
        index.release()
        try git(["add", "--"] + files.keys.sorted(), in: theirs)
        if !removed.isEmpty { try git(["rm", "-q", "--cached", "--"] + removed, in: theirs) }
    }

    @Test("a new file displaces what stands in its way in the index, as git add does")
    func displaced() throws {
        let ours = try ScratchDirectory.make("ours").path
        for path in ["x", "x-y", "y/z", "y/w/v", "y.z", "keep/a"] { try write(path, "\(path)\n", in: ours) }
        try git(["init", "-q"], in: ours)
        try git(["add", "-A"], in: ours)
        try git(["commit", "-q", "-m", "files"], in: ours)
        try git(["write-tree"], in: ours)
        let theirs = try ScratchDirectory.make("theirs").path
        try git(["clone", "-q", "--no-local", ours, theirs], in: ours)
        let repository = try Repository.open(at: ours)
        var entries: [(path: String, blob: ObjectID?)] = []
        // The file x becomes a directory, the directory y a file, without git rm first.
        for root in [ours, theirs] {
            unlink(root + "/x")
            try FileManager.default.removeItem(atPath: root + "/y")
            try write("x/new", "x/new\n", in: root)
            try write("y", "y\n", in: root)
        }
        for path in ["x/new", "y"] { entries.append((path, try repository.writeBlob(Array("\(path)\n".utf8)))) }
        let index = try repository.lockIndex(removeOwnStale: false)
        try index.stage(entries)
        try index.commit()
        index.release()
        try git(["add", "--", "x/new", "y"], in: theirs)

        #expect(try git(["ls-files", "--stage"], in: ours) == git(["ls-files", "--stage"], in: theirs))
        #expect(try git(["write-tree"], in: ours) == git(["write-tree"], in: theirs))
        #expect(try git(["status", "--porcelain"], in: ours) == git(["status", "--porcelain"], in: theirs))
    }

    @Test("a damaged index is reported, not read")
    func damaged() throws {
        let directory = try ScratchDirectory.make("damaged").path
        let path = directory + "/index"
        var bytes = Array("DIRC".utf8) + [0, 0, 0, 2, 0, 0, 0, 3] + [UInt8](repeating: 7, count: 100)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        #expect(throws: GitError.self) { try IndexFile(path: path) }
        bytes = Array("DIRX".utf8) + [UInt8](repeating: 0, count: 40)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        #expect(throws: GitError.self) { try IndexFile(path: path) }
    }

    @Test("an index whose entries are out of order is refused, as git fsck reports it", arguments: ["2", "4"])
    func outOfOrder(format: String) throws {
        let root = try ScratchDirectory.make("unordered").path
        try git(["init", "-q", root], in: root)
        try git(["config", "index.version", format], in: root)
        try write("a.txt", "a\n", in: root)
        try write("b.txt", "b\n", in: root)
        try git(["add", "a.txt", "b.txt"], in: root)
        #expect(try IndexFile(path: root + "/.git/index").count == 2)
        // The two entries are the same size and there is no extension: swap them. (Neither git
        // nor IndexFile checks the trailing hash on a read; in format 4 the first entry then
        // drops 5 bytes of a path before it, which is damage of its own.)
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: root + "/.git/index")))
        let size = (bytes.count - 12 - 20) / 2
        bytes = Array(bytes[0..<12]) + Array(bytes[(12 + size)..<(12 + 2 * size)]) + Array(bytes[12..<(12 + size)]) + Array(bytes.suffix(20))
        try Data(bytes).write(to: URL(fileURLWithPath: root + "/.git/index"))
        let fsck = try run(["fsck"], in: root)
        #expect(fsck.status != 0, "git fsck reports it too (unordered stage entries in index)")
        #expect(throws: GitError.self) { try IndexFile(path: root + "/.git/index") }
    }

    private func write(_ path: String, _ text: String, in root: String) throws {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    @discardableResult
    private func git(_ arguments: [String], in directory: String) throws -> String {
        let result = try run(arguments, in: directory)
        guard result.status == 0 else { throw GitError(message: "git \(arguments.joined(separator: " ")) failed") }
        return result.output
    }

    private func run(_ arguments: [String], in directory: String) throws -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ["HOME": directory, "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin",
                               "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
                               "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }
}
