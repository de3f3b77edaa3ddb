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

    /// Stages the changes with `LockedIndex` in one repository and with git in a clone, and
    /// expects the same entries, trees and status.
    private func stageAsGitDoes(format: String, paths: [String], changed: [String], added: [String], removed: [String]) throws {
        let ours = try ScratchDirectory.make("ours").path
        for path in paths { try write(path, "\(path)\n", in: ours) }
        try git(["init", "-q"], in: ours)
        try git(["add", "-A"], in: ours)
        try git(["commit", "-q", "-m", "files"], in: ours)
        try git(["update-index", "--index-version", format], in: ours)
        let theirs = try ScratchDirectory.make("theirs").path
        try git(["clone", "-q", "--no-local", ours, theirs], in: ours)
        try git(["update-index", "--index-version", format], in: theirs)

        let repository = try Repository.open(at: ours)
        var entries: [(path: String, blob: ObjectID?)] = []
        for path in changed + added {
            try write(path, "new content of \(path)\n", in: ours)
            try write(path, "new content of \(path)\n", in: theirs)
            entries.append((path, try repository.writeBlob(Array("new content of \(path)\n".utf8))))
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
        try git(["add", "--"] + changed + added, in: theirs)
        try git(["rm", "-q", "--cached", "--"] + removed, in: theirs)

        #expect(try git(["ls-files", "--stage"], in: ours) == git(["ls-files", "--stage"], in: theirs))
        #expect(try git(["diff-files", "--name-only"], in: ours) == "")
        #expect(try git(["status", "--porcelain"], in: ours) == git(["status", "--porcelain"], in: theirs))
        #expect(try git(["write-tree"], in: ours) == git(["write-tree"], in: theirs))
        #expect(try run(["fsck", "--strict", "--no-dangling"], in: ours).status == 0)
        let bytes = try #require(FileManager.default.contents(atPath: ours + "/.git/index"))
        #expect(bytes[bytes.startIndex + 7] == UInt8(format)!)
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
