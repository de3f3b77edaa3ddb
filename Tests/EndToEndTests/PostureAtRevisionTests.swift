import Foundation
import Testing
import TestSupport

@Suite("list --at: posture true at a revision", .scratchDirectory)
struct PostureAtRevisionTests {
    @Test("a release tag that contains the fixing commit lists the finding fixed, though the fix was recorded later")
    func fixRecordedAfterTheTag() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "SQL injection", "--severity", "high", "--path", "app/db.py:4", in: repo)
        let other = try sandbox.newFinding("--title", "Still open", "--severity", "low", in: repo)
        try sandbox.git("tag", "v0.9", in: repo)
        try sandbox.write("app/db.py", "def search(name):\n    return db.execute('SELECT * FROM users WHERE name = ?', (name,))\n", in: repo)
        try sandbox.git("commit", "-q", "-am", "Use a bound parameter", in: repo)
        let fix = try sandbox.head(repo)
        try sandbox.git("tag", "v1.0", in: repo)
        // The status change lands after the release, naming the commit the release contains.
        let closed = try sandbox.secissue("close", id, "--commit", fix, in: repo)
        #expect(closed.status == 0, "\(closed.stderr)")

        let atRelease = try sandbox.findings(in: repo, at: "v1.0")
        let fixed = try #require(atRelease.first { $0["id"] as? String == id })
        #expect(fixed["status"] as? String == "fixed")
        #expect((fixed["commits"] as? [String: Any])?["fixed"] as? String == fix)
        #expect(atRelease.first { $0["id"] as? String == other }?["status"] as? String == "open")

        let active = try sandbox.secissue("list", "--at", "v1.0", "--format", "json", in: repo)
        #expect(active.status == 0, "\(active.stderr)")
        #expect(!active.stdout.contains(id))
        #expect(active.stdout.contains(other))

        // The release before the fix still had it open.
        let before = try sandbox.findings(in: repo, at: "v0.9")
        #expect(before.first { $0["id"] as? String == id }?["status"] as? String == "open")
    }

    @Test("a fixing commit on a branch the revision does not contain changes nothing")
    func fixNotContained() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "Weak hash", "--severity", "medium", in: repo)
        try sandbox.git("tag", "v1.0", in: repo)
        try sandbox.write("app/hash.py", "import hashlib\n", in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-q", "-m", "Use SHA-256", in: repo)
        #expect(try sandbox.secissue("close", id, "--commit", "HEAD", in: repo).status == 0)
        let atRelease = try sandbox.findings(in: repo, at: "v1.0")
        #expect(atRelease.first { $0["id"] as? String == id }?["status"] as? String == "open")
    }
}
