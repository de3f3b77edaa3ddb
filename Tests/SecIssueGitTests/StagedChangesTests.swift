import Foundation
import Testing
import TestSupport
@testable import SecIssueGit

/// `Repository.stagedChanges` on indexes real git made: the shapes of a change whose hunks
/// libgit2's whole-index diff gives in a particular way, which the git-listed diff must keep.
@Suite("staged changes", .scratchDirectory)
struct StagedChangesTests {
    /// A working tree with `files` committed by real git; the shell script `change` then runs in it.
    func repository(_ files: [String: String], change: String) throws -> Repository {
        let path = try ScratchDirectory.make("staged").path
        try run(["git", "init", "-q", "-b", "main", path], in: path)
        for (name, text) in files {
            try FileManager.default.createDirectory(atPath: path + "/" + (name as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
        }
        try run(["git", "add", "-A"], in: path)
        try run(["git", "commit", "-q", "-m", "base"], in: path)
        try run(["sh", "-ec", change], in: path)
        return try Repository.open(at: path)
    }

    /// Runs `command` in `directory`, git with a configuration of its own.
    func run(_ command: [String], in directory: String) throws {
        let home = try ScratchDirectory.make("home").path
        let environment = ["HOME": home, "PATH": "/usr/bin:/bin", "GIT_CONFIG_NOSYSTEM": "1",
                           "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.com"]
        let result = try Subprocess.run(command, directory: directory, environment: environment)
        guard result.status == 0 else { throw GitError(message: "\(command): \(String(decoding: result.stderr, as: UTF8.self))") }
    }

    func lines(_ changes: StagedChanges) -> [String] {
        changes.files.map { change in
            "\(change.path) \(change.touchedOldLines.map { "\($0.lowerBound)-\($0.upperBound)" }) \(change.added.map { "\($0.number):\($0.text)" })"
        }
    }

    @Test("a type change is a deletion and an addition, as git diff prints it; a submodule is its Subproject commit line")
    func typeChangeAndSubmodule() throws {
        let repo = try repository(["app/db.py": "1\n2\n3\n", "target": "t\n", "lnk": "x\n"], change: """
            rm lnk && ln -s target lnk && git add lnk
            git update-index --add --cacheinfo 160000,1111111111111111111111111111111111111111,vendor/lib
            """)
        let staged = try repo.stagedChanges()
        #expect(lines(staged) == [
            "lnk [\"1-1\"] []", "lnk [\"1-1\"] [\"1:target\"]",
            "vendor/lib [\"1-1\"] [\"1:Subproject commit 1111111111111111111111111111111111111111\"]",
        ])
        #expect(try repo.stagedFile("lnk", in: staged) == Array("target".utf8))
        #expect(try repo.stagedFile("app/db.py", in: staged) == Array("1\n2\n3\n".utf8))
        #expect(try repo.stagedFile("vendor/lib", in: staged) == nil)
        #expect(try repo.stagedFile("missing", in: staged) == nil)
    }

    @Test("a file the index's .gitattributes marks -diff has no lines, even with that file gone from the working tree")
    func attributesFromTheIndex() throws {
        let repo = try repository(["sub/.gitattributes": "*.txt -diff\n", "sub/dir/f.txt": "x\n", "app.py": "a\n"], change: """
            echo changed > sub/dir/f.txt && echo b >> app.py && git add -A && rm sub/.gitattributes
            """)
        #expect(lines(try repo.stagedChanges()) == ["app.py [\"1-1\"] [\"2:b\"]", "sub/dir/f.txt [] []"])
    }

    @Test("a deletion touches every old line; nothing staged is no change, not everything")
    func deletionAndNothing() throws {
        let repo = try repository(["a.txt": "1\n2\n"], change: "git rm -q a.txt")
        let staged = try repo.stagedChanges()
        #expect(lines(staged) == ["a.txt [\"1-2\"] []"])
        #expect(try repo.stagedFile("a.txt", in: staged) == nil)
        let clean = try repository(["a.txt": "1\n"], change: "true")
        #expect(try clean.stagedChanges().files.isEmpty)
    }

    @Test("git diff-index records: read exactly, anything else refused")
    func records() throws {
        let id = String(repeating: "a", count: 40), zero = String(repeating: "0", count: 40)
        let good = Array(":000000 100644 \(zero) \(id) A\0new\nline\0:100644 000000 \(id) \(zero) D\0gone\0".utf8)
        let entries = try StagedEntry.parse(good)
        #expect(entries.map(\.name) == ["new\nline", "gone"])
        #expect(entries[0].oldID == nil && entries[0].newID?.hex == id && entries[0].newMode == 0o100644)
        #expect(entries[1].newMode == 0 && entries[1].newID == nil)
        for bad in [":100644 100644 \(id) \(id) R100\0a\0b\0", ":100644 100644 abc123 \(id) M\0a\0", ":100644 100644 \(id) \(id) M\0", "garbage\0x\0"] {
            #expect(throws: GitError.self) { try StagedEntry.parse(Array(bad.utf8)) }
        }
        #expect(try StagedEntry.parse([]).isEmpty)
    }
}
