import Foundation
import Testing
import TestSupport

@Suite("finding the repository as git does", .scratchDirectory)
struct DiscoveryTests {
    @Test("from a subdirectory, with paths relative to it")
    func subdirectory() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "From app/", "--path", "db.py:3", in: repo + "/app")
        let text = try sandbox.read(findingFile(id), in: repo)
        #expect(text.contains("location:\n  path: app/db.py\n  line: 3\n"))
    }

    @Test("as a git subcommand, with git -C")
    func gitSubcommand() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "Via git", in: repo)
        let listed = try sandbox.git("-C", repo, "secissue", "list", "--format", "csv", in: sandbox.root.path)
        #expect(listed.contains(id))
    }

    @Test("with GIT_DIR and GIT_WORK_TREE")
    func environmentVariables() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "Via environment", in: repo)
        let env = ["GIT_DIR": repo + "/.git", "GIT_WORK_TREE": repo]
        let list = try sandbox.secissue("list", "--format", "csv", in: sandbox.home.path, env: env)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains(id))
        let comment = try sandbox.secissue("comment", id, "-m", "from elsewhere", in: sandbox.home.path, env: env)
        #expect(comment.status == 0, "\(comment.stderr)")
        #expect(try sandbox.git("status", "--porcelain", in: repo).isEmpty)
        #expect(try sandbox.read(findingFile(id), in: repo).contains("commented: from elsewhere"))
    }

    @Test("in a linked worktree, on its own branch")
    func linkedWorktree() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let worktree = sandbox.path("feature")
        try sandbox.git("worktree", "add", "-q", "-b", "feature", worktree, in: repo)
        let id = try sandbox.newFinding("--title", "On the feature branch", in: worktree)
        #expect(try sandbox.git("ls-tree", "-r", "--name-only", "feature", ".security/findings/", in: repo).contains(id))
        #expect(!(try sandbox.git("ls-tree", "-r", "--name-only", "main", ".security/findings/", in: repo).contains(id)))
        #expect(try sandbox.git("status", "--porcelain", in: worktree).isEmpty)
    }
}
