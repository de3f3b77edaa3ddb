import Foundation
import Testing
import TestSupport

/// git secissue writes git's index itself, changing only the entries of the paths it writes
/// (docs/performance.md, "Decisions"): git must read what it leaves exactly as an index it
/// wrote itself.
@Suite("index writes", .scratchDirectory)
struct IndexWriteTests {
    @Test("after new, in index formats 2, 3 and 4, git finds nothing to commit, a valid index and HEAD's tree in it", arguments: ["2", "3", "4"])
    func gitAgrees(format: String) throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try sandbox.git("config", "core.untrackedCache", "true", in: repo)
        // A cached tree (TREE) and an untracked cache (UNTR), as a working repository has.
        try sandbox.git("read-tree", "HEAD", in: repo)
        try sandbox.git("status", "--porcelain", in: repo)
        // git writes format 3 only for an entry with extended flags, such as skip-worktree.
        if format == "3" { try sandbox.git("update-index", "--skip-worktree", "README.md", in: repo) }
        try sandbox.git("update-index", "--index-version", format, in: repo)

        let first = try sandbox.newFinding("--title", "SQL injection in user search", in: repo)
        let second = try sandbox.newFinding("--title", "Open redirect", "--path", "app/db.py", in: repo)
        let index = try #require(FileManager.default.contents(atPath: repo + "/.git/index"))
        #expect(index[index.startIndex + 7] == UInt8(format)!)

        #expect(try sandbox.git("status", "--porcelain", in: repo) == "")
        #expect(try sandbox.git("diff-files", "--name-only", in: repo) == "")
        #expect(try sandbox.git("diff", "--cached", "--name-only", in: repo) == "")
        #expect(try sandbox.git("write-tree", in: repo) == sandbox.git("rev-parse", "HEAD^{tree}", in: repo))
        #expect(try sandbox.git("ls-files", in: repo).contains(findingFile(first) + "\n"))
        #expect(try sandbox.git("ls-files", in: repo).contains(findingFile(second) + "\n"))
        #expect(try sandbox.run("/usr/bin/git", ["fsck", "--strict", "--no-dangling"], in: repo).status == 0)
    }

    @Test("the user's staged and unstaged changes beside a write stay as git had them, in format 4")
    func userChangesInFormat4() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try sandbox.git("update-index", "--index-version", "4", in: repo)
        try sandbox.write("app/new.py", "staged\n", in: repo)
        try sandbox.write(".security/notes.txt", "staged beside the findings\n", in: repo)
        try sandbox.git("add", "app/new.py", ".security/notes.txt", in: repo)
        try sandbox.write("README.md", "# changed, not staged\n", in: repo)
        let status = try sandbox.git("status", "--porcelain", in: repo)
        let staged = try sandbox.git("diff", "--cached", in: repo)

        let id = try sandbox.newFinding("--title", "Weak hash", in: repo)

        let index = try #require(FileManager.default.contents(atPath: repo + "/.git/index"))
        #expect(index[index.startIndex + 7] == 4)
        #expect(try sandbox.git("status", "--porcelain", in: repo) == status)
        #expect(try sandbox.git("diff", "--cached", in: repo) == staged)
        #expect(try sandbox.git("ls-files", "--stage", findingFile(id), in: repo).contains(try sandbox.git("rev-parse", "HEAD:\(findingFile(id))", in: repo).prefix(40)))
        #expect(try sandbox.run("/usr/bin/git", ["fsck", "--strict", "--no-dangling"], in: repo).status == 0)
    }

    @Test("a racily clean entry whose file changed is marked so that git still sees the change")
    func raciness() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        // Without ctime, only the size and modification time tell git a file changed.
        try sandbox.git("config", "core.trustctime", "false", in: repo)
        // Written in place (same inode), with the same size and modification time as staged.
        func overwrite(_ text: String) throws {
            try sandbox.run("/bin/sh", ["-c", "printf '\(text)' > app/db.py && touch -d @1700000000 app/db.py"], in: repo)
        }
        try overwrite("aaaa\\n")
        try sandbox.git("add", "app/db.py", in: repo)
        try sandbox.git("commit", "-q", "-m", "Four letters", in: repo)
        try overwrite("bbbb\\n")
        // An index no newer than the entry: git cannot trust the entry's stat data, and the next
        // index written must say so.
        try sandbox.run("/usr/bin/touch", ["-d", "@1600000000", ".git/index"], in: repo)
        #expect(try sandbox.git("diff-files", "--name-only", in: repo) == "app/db.py\n")

        _ = try sandbox.newFinding("--title", "Weak hash", in: repo)

        #expect(try sandbox.git("diff-files", "--name-only", in: repo) == "app/db.py\n")
        #expect(try sandbox.git("status", "--porcelain", in: repo) == " M app/db.py\n")
    }

    @Test("a split index is refused with the way out, and nothing is committed")
    func splitIndex() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try sandbox.git("update-index", "--split-index", in: repo)
        let head = try sandbox.git("rev-parse", "HEAD", in: repo)

        let result = try sandbox.secissue("new", "--title", "Weak hash", in: repo)

        #expect(result.status != 0)
        #expect(result.stderr.contains("git update-index --no-split-index"))
        #expect(try sandbox.git("rev-parse", "HEAD", in: repo) == head)
        #expect(try sandbox.git("status", "--porcelain", in: repo) == "")
    }
}
