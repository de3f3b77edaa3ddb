import Foundation
import Testing
import TestSupport

/// The pre-commit hook reads the staged change through `git diff-index --cached`: real commits
/// with the hooks installed, in the shapes a staged change can take.
@Suite("pre-commit hook: the staged change", .scratchDirectory)
struct StagedChangeHookTests {
    let key = "AKIA" + "Z7Q4XK2LMN8PR3TW"

    /// A repository with .security/, the hooks installed, and a finding at app/db.py:4.
    func setUp(_ sandbox: Sandbox) throws -> (repo: String, id: String) {
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "SQL injection", "--severity", "high", "--path", "app/db.py:4", in: repo)
        let install = try sandbox.secissue("hooks", "install", in: repo)
        guard install.status == 0 else { throw SandboxError("hooks install: \(install.stderr)") }
        return (repo, id)
    }

    func commit(_ sandbox: Sandbox, _ arguments: String..., in repo: String) throws -> RunResult {
        try sandbox.run("/usr/bin/git", ["commit"] + arguments, in: repo)
    }

    @Test("the first commit (no HEAD) is checked whole: a secret stops it, the .security/ files parse")
    func firstCommit() throws {
        let sandbox = try Sandbox()
        let (repo, _) = try setUp(sandbox)
        try sandbox.git("checkout", "-q", "--orphan", "fresh", in: repo)
        try sandbox.write("app/settings.py", "AWS_ACCESS_KEY_ID = \"\(key)\"\n", in: repo)
        try sandbox.git("add", "app/settings.py", in: repo)
        let blocked = try commit(sandbox, "-q", "-m", "first", in: repo)
        #expect(blocked.status != 0)
        #expect(blocked.stderr.contains("app/settings.py:1: AWS access key ID"))
        try sandbox.git("rm", "-q", "--cached", "app/settings.py", in: repo)
        let passed = try commit(sandbox, "-q", "-m", "first", in: repo)
        #expect(passed.status == 0, "\(passed.stderr)")
        #expect(try sandbox.git("ls-tree", "-r", "--name-only", "HEAD", in: repo).contains(".security/config.yml"))
    }

    @Test("a move or a deletion of a finding's file warns about the finding; a mode change alone does not")
    func moveDeleteMode() throws {
        let sandbox = try Sandbox()
        let (repo, id) = try setUp(sandbox)
        try sandbox.git("update-index", "--chmod=+x", "app/db.py", in: repo)
        let mode = try commit(sandbox, "-q", "-m", "executable", in: repo)
        #expect(mode.status == 0, "\(mode.stderr)")
        #expect(!mode.stderr.contains(id))

        try sandbox.git("mv", "app/db.py", "app/store.py", in: repo)
        let moved = try commit(sandbox, "-q", "-m", "move", in: repo)
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(moved.stderr.contains("this change touches \(id) (high, open) at app/db.py:4"))

        let second = try sandbox.newFinding("--title", "Weak hash", "--severity", "medium", "--path", "app/store.py:2", in: repo)
        try sandbox.git("rm", "-qf", "app/store.py", in: repo)
        let deleted = try commit(sandbox, "-q", "-m", "delete", in: repo)
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stderr.contains("this change touches \(second) (medium, open) at app/store.py:2"))
    }

    @Test("a submodule commits; an intent-to-add file is checked as staged (empty), not as the working tree has it")
    func submoduleAndIntentToAdd() throws {
        let sandbox = try Sandbox()
        let (repo, _) = try setUp(sandbox)
        try sandbox.git("update-index", "--add", "--cacheinfo", "160000,1111111111111111111111111111111111111111,vendor/lib", in: repo)
        let submodule = try commit(sandbox, "-q", "-m", "vendor", in: repo)
        #expect(submodule.status == 0, "\(submodule.stderr)")
        #expect(try sandbox.git("ls-tree", "HEAD", "vendor/lib", in: repo).hasPrefix("160000 commit 1111111111111111111111111111111111111111"))

        try sandbox.write("notes.txt", "AWS_ACCESS_KEY_ID = \"\(key)\"\n", in: repo)
        try sandbox.git("add", "-N", "notes.txt", in: repo)
        try sandbox.write("README.md", "# sample\n\nMore.\n", in: repo)
        try sandbox.git("add", "README.md", in: repo)
        let intent = try commit(sandbox, "-q", "-m", "readme", in: repo)
        #expect(intent.status == 0, "\(intent.stderr)")
        #expect(try sandbox.git("ls-tree", "-r", "--name-only", "HEAD", in: repo).contains("notes.txt") == false)
    }

    @Test("paths with a space, a line break and bytes that are not UTF-8 are all checked")
    func unusualPaths() throws {
        let sandbox = try Sandbox()
        let (repo, _) = try setUp(sandbox)
        let names = ["with space.py", "line\nbreak.py"]
        for name in names { try sandbox.write(name, "AWS_ACCESS_KEY_ID = \"\(key)\"\n", in: repo) }
        // café.py in Latin-1: the byte 0xE9, which is not UTF-8.
        let latin1 = try sandbox.run("/bin/sh", ["-c", "cp 'with space.py' \"$(printf 'caf\\351.py')\""], in: repo)
        #expect(latin1.status == 0, "\(latin1.stderr)")
        try sandbox.git("add", "-A", in: repo)
        #expect(try sandbox.git("diff", "--cached", "--name-only", "-z", in: repo).split(separator: "\0").count == 3)
        let blocked = try commit(sandbox, "-q", "-m", "names", in: repo)
        #expect(blocked.status != 0)
        #expect(blocked.stderr.contains("with space.py:1: AWS access key ID"))
        // One problem, one line: the line break in the name is shown, not printed.
        #expect(blocked.stderr.contains("git secissue: line\\u000abreak.py:1: AWS access key ID"))
        #expect(!blocked.stderr.contains("line\nbreak"))
        #expect(blocked.stderr.contains("caf\u{FFFD}.py:1: AWS access key ID"))
        #expect(blocked.stderr.contains("the commit was stopped (3 problems)"))
    }

    @Test("git commit -a, git commit PATH and a linked worktree check the index git commits")
    func otherIndexes() throws {
        let sandbox = try Sandbox()
        let (repo, _) = try setUp(sandbox)
        try sandbox.write("app/db.py", "AWS_ACCESS_KEY_ID = \"\(key)\"\n", in: repo)
        // Not staged: a plain commit of something else passes.
        try sandbox.write("README.md", "# sample\n\nMore.\n", in: repo)
        try sandbox.git("add", "README.md", in: repo)
        let plain = try commit(sandbox, "-q", "-m", "readme", in: repo)
        #expect(plain.status == 0, "\(plain.stderr)")
        // -a commits it through index.lock, PATH through a temporary index: both are stopped.
        let all = try commit(sandbox, "-q", "-a", "-m", "all", in: repo)
        #expect(all.status != 0)
        #expect(all.stderr.contains("app/db.py:1: AWS access key ID"))
        let only = try commit(sandbox, "-q", "-m", "only", "app/db.py", in: repo)
        #expect(only.status != 0)
        #expect(only.stderr.contains("app/db.py:1: AWS access key ID"))
        try sandbox.git("checkout", "-q", "app/db.py", in: repo)

        let worktree = sandbox.path("linked")
        try sandbox.git("worktree", "add", "-q", worktree, in: repo)
        try sandbox.write("app/settings.py", "AWS_ACCESS_KEY_ID = \"\(key)\"\n", in: worktree)
        try sandbox.git("add", "app/settings.py", in: worktree)
        let linked = try commit(sandbox, "-q", "-m", "settings", in: worktree)
        #expect(linked.status != 0)
        #expect(linked.stderr.contains("app/settings.py:1: AWS access key ID"))
    }

    @Test("fails closed: without git, with an index git cannot read, or amid conflicts, the hook stops and says what to do")
    func failsClosed() throws {
        let sandbox = try Sandbox()
        let (repo, _) = try setUp(sandbox)
        try sandbox.write("README.md", "# sample\n\nMore.\n", in: repo)
        try sandbox.git("add", "README.md", in: repo)
        let noGit = try sandbox.secissue("hook", "pre-commit", in: repo, env: ["PATH": "/nonexistent"])
        #expect(noGit.status != 0)
        #expect(noGit.stderr.contains("cannot run git"))
        #expect(noGit.stderr.contains("install git"))

        let index = repo + "/.git/index"
        let saved = try Data(contentsOf: URL(fileURLWithPath: index))
        try Data("not an index".utf8).write(to: URL(fileURLWithPath: index))
        let corrupt = try sandbox.secissue("hook", "pre-commit", in: repo, env: ["GIT_INDEX_FILE": ".git/index"])
        #expect(corrupt.status != 0)
        #expect(corrupt.stderr.contains("git diff-index --cached failed"))
        #expect(corrupt.stderr.contains("index file"))
        #expect(corrupt.stderr.contains("the staged change was not checked"))
        try saved.write(to: URL(fileURLWithPath: index))

        try sandbox.git("commit", "-q", "--no-verify", "-m", "readme", in: repo)
        try sandbox.git("checkout", "-q", "-b", "other", in: repo)
        try sandbox.write("README.md", "# theirs\n", in: repo)
        try sandbox.git("commit", "-q", "--no-verify", "-am", "theirs", in: repo)
        try sandbox.git("checkout", "-q", "main", in: repo)
        try sandbox.write("README.md", "# ours\n", in: repo)
        try sandbox.git("commit", "-q", "--no-verify", "-am", "ours", in: repo)
        _ = try sandbox.run("/usr/bin/git", ["merge", "-q", "other"], in: repo)
        let conflicted = try sandbox.secissue("hook", "pre-commit", in: repo)
        #expect(conflicted.status != 0)
        #expect(conflicted.stderr.contains("README.md has unresolved conflicts in the index: resolve them and git add it"))
    }
}
