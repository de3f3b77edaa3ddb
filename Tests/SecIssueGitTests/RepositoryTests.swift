import Foundation
import Testing
import TestSupport
@testable import SecIssueGit

/// A repository made with libgit2 itself, in the test's scratch directory.
struct Scratch {
    let path: String
    let repository: Repository
    let signature = Signature(name: "Test", email: "test@example.com", time: 1_700_000_000)

    init(bare: Bool = false) throws {
        path = try ScratchDirectory.make("git").path
        repository = try Repository.create(at: path, bare: bare)
    }

    func commit(_ files: [String: String?], parent: ObjectID?, message: String = "m") throws -> ObjectID {
        let base = try parent.map { try repository.tree(ofCommit: $0) }
        let blobs = try files.mapValues { text in try text.map { try repository.writeBlob(Array($0.utf8)) } }
        let tree = try repository.writeTree(base: base, changes: blobs)
        return try repository.createCommit(tree: tree, parents: parent.map { [$0] } ?? [], message: message,
                                           author: signature, committer: signature)
    }
}

@Suite("SecIssueGit", .scratchDirectory)
struct RepositoryTests {
    @Test("nested trees are written, read back and pruned when emptied")
    func trees() throws {
        let scratch = try Scratch(bare: true)
        let repo = scratch.repository
        let first = try scratch.commit([".security/findings/A.md": "a", ".security/config.yml": "c", "code/x.py": "x"], parent: nil)
        #expect(try repo.file(at: ".security/findings/A.md", inCommit: first) == Array("a".utf8))
        #expect(try repo.entries(at: ".security", in: repo.tree(ofCommit: first))?.map(\.name) == ["config.yml", "findings"])

        let second = try scratch.commit([".security/findings/A.md": nil, ".security/findings/B.md": "b"], parent: first)
        #expect(try repo.file(at: ".security/findings/A.md", inCommit: second) == nil)
        #expect(try repo.file(at: "code/x.py", inCommit: second) == Array("x".utf8))
        let third = try scratch.commit([".security/findings/B.md": nil], parent: second)
        #expect(try repo.entries(at: ".security", in: repo.tree(ofCommit: third))?.map(\.name) == ["config.yml"])
        #expect(try repo.commitInfo(third).parents == [second])
    }

    @Test("a reference moves only from the value the writer saw")
    func compareAndSwap() throws {
        let scratch = try Scratch(bare: true)
        let repo = scratch.repository
        let first = try scratch.commit(["a": "1"], parent: nil)
        let second = try scratch.commit(["a": "2"], parent: first)
        try repo.updateReference("refs/heads/main", to: first, expected: nil, message: "create")
        #expect(throws: GitError.self) { try repo.updateReference("refs/heads/main", to: second, expected: nil, message: "again") }
        #expect {
            try repo.updateReference("refs/heads/main", to: second, expected: second, message: "stale")
        } throws: { ($0 as? GitError)?.kind == .modified }
        try repo.updateReference("refs/heads/main", to: second, expected: first, message: "move")
        #expect(try repo.referenceTarget("refs/heads/main") == second)
        #expect(try repo.resolveCommit("main~1") == first)
        #expect(throws: GitError.self) { try repo.resolveCommit("nope") }
    }

    @Test("identities come from GIT_* variables, then configuration, else a clear error")
    func signatures() throws {
        let scratch = try Scratch()
        let repo = scratch.repository
        let environment = ["GIT_AUTHOR_NAME": "Env Author", "GIT_AUTHOR_EMAIL": "env@example.com", "GIT_AUTHOR_DATE": "@1700000000 +0130"]
        let author = try repo.signature(.author, environment: environment)
        #expect(author == Signature(name: "Env Author", email: "env@example.com", time: 1_700_000_000, offsetMinutes: 90))
        try repo.setConfig("user.name", to: "Configured")
        try repo.setConfig("user.email", to: "configured@example.com")
        #expect(try repo.signature(.committer, environment: environment).person == "Configured <configured@example.com>")
        #expect(throws: GitError.self) { try repo.signature(.author, environment: ["GIT_AUTHOR_DATE": "someday"]) }
    }

    @Test("git dates", arguments: [
        ("@1700000000", 1_700_000_000 as Int64, 0 as Int32), ("1700000000 -0500", 1_700_000_000, -300),
        ("2026-11-26T17:00:00Z", 1_795_712_400, 0), ("2026-11-26T18:00:00+01:00", 1_795_712_400, 60),
    ])
    func dates(text: String, seconds: Int64, offset: Int32) throws {
        let parsed = try #require(GitDate.parse(text))
        #expect(parsed.0 == seconds)
        #expect(parsed.1 == offset)
    }

    @Test("discovery honours GIT_DIR and GIT_WORK_TREE, and says when there is no repository")
    func discovery() throws {
        let scratch = try Scratch()
        let elsewhere = FileManager.default.temporaryDirectory.path
        let opened = try Repository.discover(from: elsewhere, environment: ["GIT_DIR": scratch.path + "/.git", "GIT_WORK_TREE": scratch.path])
        #expect(opened.workingDirectory == scratch.path)
        #expect(!opened.isBare)
        let nested = scratch.path + "/a/b"
        try FileManager.default.createDirectory(atPath: nested, withIntermediateDirectories: true)
        #expect(try Repository.discover(from: nested, environment: [:]).workingDirectory == scratch.path)
        #expect {
            try Repository.discover(from: nested, environment: ["GIT_CEILING_DIRECTORIES": scratch.path])
        } throws: { ($0 as? GitError)?.kind == .notFound }
    }

    @Test("object ids")
    func objectIDs() {
        #expect(ObjectID(hex: String(repeating: "a", count: 40)) != nil)
        #expect(ObjectID(hex: "abc") == nil)
        #expect(ObjectID(hex: String(repeating: "g", count: 40)) == nil)
    }
}
