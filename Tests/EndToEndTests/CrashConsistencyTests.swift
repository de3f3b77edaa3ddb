import Foundation
import SecIssueKit
import Testing
import TestSupport

/// A working-tree write killed at any point leaves the old state or the new one: after the
/// next command, `git status` is clean, `list` shows every imported finding or none of them,
/// `validate` passes and the next import works. A lock left by git is named with its age.
@Suite("crash consistency", .scratchDirectory)
struct CrashConsistencyTests {
    static let scan = Fixtures.sarif("semgrep.sarif")
    static let nextScan = Fixtures.sarif("bandit.sarif")

    /// Finding IDs `list` shows, every status included.
    static func listed(_ sandbox: Sandbox, _ repo: String) throws -> Set<String> {
        let result = try sandbox.secissue("list", "--all", "--format", "json", in: repo)
        guard result.status == 0 else { throw SandboxError("list failed (\(result.status)): \(result.stderr)") }
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        let items = (json as? [[String: Any]]) ?? ((json as? [String: Any])?["findings"] as? [[String: Any]]) ?? []
        return Set(items.compactMap { $0["id"] as? String })
    }

    /// Finding files committed at HEAD.
    static func committed(_ sandbox: Sandbox, _ repo: String) throws -> Set<String> {
        let names = try sandbox.git("ls-tree", "-r", "--name-only", "HEAD", ".security/findings/", in: repo)
        return Set(names.split(separator: "\n").filter { $0.hasSuffix(".md") }
            .map { String($0.split(separator: "/").last ?? "").replacingOccurrences(of: ".md", with: "") })
    }

    @Test("an import killed at each step leaves all of it or none, and the next command works", arguments: WriteFault.allCases)
    func killedImport(at step: WriteFault) throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let before = try Self.listed(sandbox, repo)
        let head = try sandbox.git("rev-parse", "HEAD", in: repo)

        let killed = try sandbox.secissue("import", Self.scan, in: repo, env: ["SECISSUE_FAULT": step.rawValue])
        #expect(killed.status == 9, "the fault should kill the process (SIGKILL); got \(killed.status): \(killed.stderr)")

        // The next command, a read, finishes or discards the interrupted write.
        let after = try Self.listed(sandbox, repo)
        let landed = try sandbox.git("rev-parse", "HEAD", in: repo) != head
        let expectLanded = WriteFault.allCases.firstIndex(of: step)! >= WriteFault.allCases.firstIndex(of: .referenceMoved)!
        #expect(landed == expectLanded)
        if landed {
            #expect(after.count > before.count + 5)
        } else {
            #expect(after == before)
        }
        #expect(after == (try Self.committed(sandbox, repo)))
        #expect(try sandbox.git("status", "--porcelain", "--untracked-files=all", in: repo) == "")
        let validate = try sandbox.secissue("validate", in: repo)
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(!FileManager.default.fileExists(atPath: repo + "/.git/index.lock"))

        // Importing again, or the next scan, works and leaves a clean tree.
        let again = try sandbox.secissue("import", Self.scan, in: repo)
        #expect(again.status == 0, "\(again.stderr)")
        let next = try sandbox.secissue("import", Self.nextScan, in: repo)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try sandbox.git("status", "--porcelain", "--untracked-files=all", in: repo) == "")
        #expect(try Self.listed(sandbox, repo) == (try Self.committed(sandbox, repo)))
    }

    @Test("git can run right after a kill: the next write finishes the commit even without a read first", arguments: [WriteFault.referenceMoved, .filePartial, .indexWritten])
    func nextWriteRepairs(at step: WriteFault) throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "Weak hash", in: repo)
        let killed = try sandbox.secissue("comment", id, "-m", "first note", in: repo, env: ["SECISSUE_FAULT": step.rawValue])
        #expect(killed.status == 9)

        let next = try sandbox.secissue("comment", id, "-m", "second note", in: repo)
        #expect(next.status == 0, "\(next.stderr)")
        let file = try sandbox.git("show", "HEAD:\(findingFile(id))", in: repo)
        #expect(file.contains("first note") && file.contains("second note"))
        #expect(try sandbox.git("status", "--porcelain", "--untracked-files=all", in: repo) == "")
    }

    @Test("a stale index.lock is named with its age and the command that removes it; nothing is written")
    func staleIndexLock() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let head = try sandbox.git("rev-parse", "HEAD", in: repo)
        try sandbox.write(".git/index.lock", "", in: repo)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-180)], ofItemAtPath: repo + "/.git/index.lock")

        let result = try sandbox.secissue("import", Self.scan, in: repo, env: ["SECISSUE_LOCK_WAIT": "1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("index.lock exists (created 3 min ago)"), "\(result.stderr)")
        #expect(result.stderr.contains("another git process is running, or one crashed"))
        #expect(result.stderr.contains("rm .git/index.lock"))
        #expect(!result.stderr.contains("run the command again"))
        #expect(try sandbox.git("rev-parse", "HEAD", in: repo) == head)
        // A lock that is not ours is never removed for the user.
        #expect(FileManager.default.fileExists(atPath: repo + "/.git/index.lock"))

        try FileManager.default.removeItem(atPath: repo + "/.git/index.lock")
        #expect(try sandbox.secissue("import", Self.scan, in: repo).status == 0)
        #expect(try sandbox.git("status", "--porcelain", in: repo) == "")
    }

    @Test("a stale branch lock is named with its age and the fix, in a working tree and in a bare repository")
    func staleReferenceLock() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let head = try sandbox.git("rev-parse", "HEAD", in: repo)
        try sandbox.write(".git/refs/heads/main.lock", "", in: repo)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-180)], ofItemAtPath: repo + "/.git/refs/heads/main.lock")

        let result = try sandbox.secissue("new", "--title", "Blocked", in: repo, env: ["SECISSUE_LOCK_WAIT": "1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("refs/heads/main.lock exists (created 3 min ago)"), "\(result.stderr)")
        #expect(result.stderr.contains("rm .git/refs/heads/main.lock"))
        #expect(!result.stderr.contains("kept moving"))
        #expect(try sandbox.git("rev-parse", "HEAD", in: repo) == head)
        #expect(try sandbox.git("status", "--porcelain", "--untracked-files=all", in: repo) == "")
        #expect(!FileManager.default.fileExists(atPath: repo + "/.git/index.lock"))
        try FileManager.default.removeItem(atPath: repo + "/.git/refs/heads/main.lock")
        #expect(try sandbox.secissue("new", "--title", "Unblocked", in: repo).status == 0)
        #expect(try sandbox.git("status", "--porcelain", in: repo) == "")

        let bare = sandbox.path("bare.git")
        try sandbox.git("clone", "-q", "--bare", repo, bare, in: sandbox.root.path)
        try sandbox.write("refs/heads/main.lock", "", in: bare)
        let blocked = try sandbox.secissue("new", "--title", "Blocked", in: bare, env: ["SECISSUE_LOCK_WAIT": "1"])
        #expect(blocked.status == 1)
        #expect(blocked.stderr.contains("refs/heads/main.lock exists (created"), "\(blocked.stderr)")
        #expect(blocked.stderr.contains("rm refs/heads/main.lock"))
    }
}
