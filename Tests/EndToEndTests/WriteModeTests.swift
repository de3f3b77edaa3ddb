import Foundation
import Testing
import TestSupport

@Suite("write modes", .scratchDirectory)
struct WriteModeTests {
    @Test("a default write commits only its file and leaves the user's staged and unstaged changes as they were")
    func defaultModeLeavesUserChanges() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try sandbox.write("staged.txt", "staged\n", in: repo)
        try sandbox.git("add", "staged.txt", in: repo)
        try sandbox.write("app/db.py", "changed but not staged\n", in: repo)
        try sandbox.write("README.md", "# staged edit\n", in: repo)
        try sandbox.git("add", "README.md", in: repo)
        try sandbox.write("README.md", "# staged edit\nand an unstaged line\n", in: repo)
        let statusBefore = try sandbox.git("status", "--porcelain", in: repo)
        let stagedDiffBefore = try sandbox.git("diff", "--cached", in: repo)
        let unstagedDiffBefore = try sandbox.git("diff", in: repo)

        let id = try sandbox.newFinding("--title", "SQL injection in user search", "--severity", "high", in: repo)

        #expect(try sandbox.git("status", "--porcelain", in: repo) == statusBefore)
        #expect(try sandbox.git("diff", "--cached", in: repo) == stagedDiffBefore)
        #expect(try sandbox.git("diff", in: repo) == unstagedDiffBefore)
        #expect(try sandbox.git("show", "--name-only", "--format=", "HEAD", in: repo) == "\(findingFile(id))\n")
        let message = try sandbox.git("log", "-1", "--format=%B", in: repo)
        #expect(message.hasPrefix("secissue: open \(id) \"SQL injection in user search\""))
        #expect(message.contains("Security-Finding: \(id)"))
    }

    @Test("a finding file with uncommitted edits is refused, and nothing is written")
    func refusesDirtyFinding() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "Weak hash", in: repo)
        let file = findingFile(id)
        let edited = try sandbox.read(file, in: repo) + "my notes\n"
        try sandbox.write(file, edited, in: repo)
        let head = try sandbox.git("rev-parse", "HEAD", in: repo)

        let result = try sandbox.secissue("comment", id, "-m", "hello", in: repo)
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(file) has uncommitted changes"))
        #expect(try sandbox.git("rev-parse", "HEAD", in: repo) == head)
        #expect(try sandbox.read(file, in: repo) == edited)
    }

    @Test("--no-commit writes and stages only")
    func noCommitStages() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "Open redirect", in: repo)
        let head = try sandbox.git("rev-parse", "HEAD", in: repo)

        let result = try sandbox.secissue("status", id, "confirmed", "--no-commit", in: repo)
        #expect(result.status == 0)
        #expect(try sandbox.git("rev-parse", "HEAD", in: repo) == head)
        #expect(try sandbox.git("status", "--porcelain", in: repo) == "M  \(findingFile(id))\n")
        #expect(try sandbox.git("show", ":\(findingFile(id))", in: repo).contains("status: confirmed"))

        // A second staged change to the same finding joins the first.
        #expect(try sandbox.secissue("comment", id, "-m", "fixing in this commit", "--no-commit", in: repo).status == 0)
        let newId = try sandbox.newFinding("--title", "Staged too", "--no-commit", in: repo)
        let status = Set(try sandbox.git("status", "--porcelain", in: repo).split(separator: "\n"))
        #expect(status == ["M  \(findingFile(id))", "A  \(findingFile(newId))"])
    }

    @Test("a bare repository is written with --ref (and by default to HEAD's branch), with no working tree")
    func bareRepository() throws {
        let sandbox = try Sandbox()
        let source = try sandbox.repository("source", initialise: false)
        let bare = sandbox.path("bare.git")
        try sandbox.git("clone", "-q", "--bare", source, bare, in: sandbox.root.path)

        #expect(try sandbox.secissue("init", "--ref", "refs/heads/main", in: bare).status == 0)
        let id = try sandbox.newFinding("--title", "Found in CI", "--severity", "critical", "--ref", "refs/heads/main", in: bare)
        let byDefault = try sandbox.newFinding("--title", "Default ref", in: bare)
        let tree = try sandbox.git("ls-tree", "-r", "--name-only", "main", ".security/findings", in: bare)
        #expect(tree.contains("\(id).md") && tree.contains("\(byDefault).md"))
        #expect(try sandbox.git("rev-list", "--count", "main", in: bare) == "4\n")

        let list = try sandbox.secissue("list", "--format", "csv", in: bare)
        #expect(list.status == 0)
        #expect(list.stdout.contains(id) && list.stdout.contains(byDefault))
        let noCommit = try sandbox.secissue("comment", id, "-m", "x", "--no-commit", in: bare)
        #expect(noCommit.status == 1)
        #expect(noCommit.stderr.contains("bare"))
    }

    @Test("--ref in a working tree commits onto another branch and leaves the checkout alone")
    func refInWorkingTree() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try sandbox.git("branch", "security", in: repo)
        let head = try sandbox.git("rev-parse", "HEAD", in: repo)
        let id = try sandbox.newFinding("--title", "On the side", "--ref", "security", in: repo)
        #expect(try sandbox.git("rev-parse", "HEAD", in: repo) == head)
        #expect(!FileManager.default.fileExists(atPath: repo + "/\(findingFile(id))"))
        #expect(try sandbox.git("ls-tree", "-r", "--name-only", "security", ".security/findings/", in: repo).contains(id))
        #expect(try sandbox.secissue("show", id, "--at", "security", in: repo).status == 0)

        for checkedOut in ["main", "HEAD", "refs/heads/main"] {
            let refused = try sandbox.secissue("new", "--title", "x", "--ref", checkedOut, in: repo)
            #expect(refused.status == 64, "\(checkedOut)")
            #expect(refused.stderr.contains("is checked out here"))
        }

        let typo = try sandbox.secissue("new", "--title", "x", "--ref", "securty", in: repo)
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("unknown reference 'securty'"))
    }

    @Test("8 concurrent writers to one bare repository lose nothing")
    func concurrentWriters() async throws {
        let sandbox = try Sandbox()
        let source = try sandbox.repository("source")
        let bare = sandbox.path("bare.git")
        try sandbox.git("clone", "-q", "--bare", source, bare, in: sandbox.root.path)
        let before = Int(try sandbox.git("rev-list", "--count", "main", in: bare).trimmingCharacters(in: .whitespacesAndNewlines))!

        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 1...8 {
                group.addTask {
                    let result = try sandbox.secissue("new", "--ref", "refs/heads/main", "--title", "Concurrent \(index)", in: bare)
                    guard result.status == 0 else { throw SandboxError("writer \(index) failed: \(result.stderr)") }
                    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(ids).count == 8)
        let after = Int(try sandbox.git("rev-list", "--count", "main", in: bare).trimmingCharacters(in: .whitespacesAndNewlines))!
        #expect(after - before == 8)
        let files = try sandbox.git("ls-tree", "-r", "--name-only", "main", ".security/findings/", in: bare)
        for id in ids { #expect(files.contains("\(id).md")) }
        #expect(try sandbox.git("log", "--format=%s", "main", in: bare).split(separator: "\n").filter { $0.hasPrefix("secissue: open") }.count == 8)
    }
}
