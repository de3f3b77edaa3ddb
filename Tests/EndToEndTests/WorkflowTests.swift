import Foundation
import Testing
import TestSupport

/// The hooks, trailers, sync and the merge driver, with real `git commit`, `git merge` and `git push`.
@Suite("git workflow", .scratchDirectory)
struct WorkflowTests {
    /// A repository with .security/ and the hooks installed, `git secissue` found on PATH.
    func setUp(_ sandbox: Sandbox, userHook: Bool = false) throws -> String {
        let repo = try sandbox.repository()
        if userHook {
            let hook = repo + "/.git/hooks/pre-commit"
            try "#!/bin/sh\necho ran >> \"$(git rev-parse --git-dir)/user-hook-ran\"\n".write(toFile: hook, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        }
        let install = try sandbox.secissue("hooks", "install", in: repo)
        guard install.status == 0 else { throw SandboxError("hooks install: \(install.stderr)") }
        return repo
    }

    @Test("a staged AWS key blocks the commit without printing it; an allowed one passes; the user's hook still runs")
    func secretsBlock() throws {
        let sandbox = try Sandbox()
        let repo = try setUp(sandbox, userHook: true)
        let key = "AKIA" + "Z7Q4XK2LMN8PR3TW"
        try sandbox.write("app/settings.py", "AWS_ACCESS_KEY_ID = \"\(key)\"\n", in: repo)
        try sandbox.git("add", "app/settings.py", in: repo)
        let blocked = try sandbox.run("/usr/bin/git", ["commit", "-m", "settings"], in: repo)
        #expect(blocked.status != 0)
        #expect(blocked.stderr.contains("app/settings.py:1: AWS access key ID"))
        #expect(!blocked.stderr.contains(key) && !blocked.stdout.contains(key))
        #expect(FileManager.default.fileExists(atPath: repo + "/.git/user-hook-ran"))

        try sandbox.write("app/settings.py", "AWS_ACCESS_KEY_ID = \"\(key)\"  # secissue:allow test fixture\n", in: repo)
        try sandbox.git("add", "app/settings.py", in: repo)
        let allowed = try sandbox.run("/usr/bin/git", ["commit", "-q", "-m", "settings"], in: repo)
        #expect(allowed.status == 0, "\(allowed.stderr)")

        #expect(try sandbox.secissue("hooks", "uninstall", in: repo).status == 0)
        #expect(try sandbox.read(".git/hooks/pre-commit", in: repo).contains("user-hook-ran"))
    }

    @Test("Security-Fixes with a short ID is expanded, and sync marks the finding fixed by that commit")
    func trailersAndSync() throws {
        let sandbox = try Sandbox()
        let repo = try setUp(sandbox)
        let id = try sandbox.newFinding("--title", "SQL injection", "--severity", "high", "--path", "app/db.py:4", in: repo)
        try sandbox.write("app/db.py", "def search(name):\n    return db.execute(\"SELECT * FROM users WHERE name = ?\", (name,))\n", in: repo)
        try sandbox.git("add", "app/db.py", in: repo)
        let warned = try sandbox.secissue("hook", "pre-commit", in: repo)
        #expect(warned.status == 0)
        #expect(warned.stderr.contains("this change touches \(id) (high, open) at app/db.py:4"))
        try sandbox.git("commit", "-qam", "Use a parameterised query\n\nSecurity-Fixes: \(id.dropFirst(4).prefix(5))", in: repo)
        let fix = try sandbox.head(repo)
        #expect(try sandbox.git("log", "-1", "--format=%B", in: repo).contains("Security-Fixes: \(id)"))
        let unknown = try sandbox.run("/usr/bin/git", ["commit", "--allow-empty", "-m", "x\n\nSecurity-Refs: zzzzzz"], in: repo)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no finding matches 'zzzzzz'"))

        let sync = try sandbox.secissue("sync", in: repo)
        #expect(sync.status == 0, "\(sync.stderr)")
        let finding = try #require(try sandbox.findings(in: repo).first { $0["id"] as? String == id })
        #expect(finding["status"] as? String == "fixed")
        #expect((finding["commits"] as? [String: Any])?["fixed"] as? String == fix)
        #expect(((finding["commits"] as? [String: Any])?["linked"] as? [String])?.contains(fix) == true)
        let again = try sandbox.secissue("sync", in: repo)
        #expect(again.stdout.contains("0 links added, 0 findings fixed"))
    }

    @Test("two branches changing one finding merge with no conflict; a true body conflict is reported")
    func mergeDriver() throws {
        let sandbox = try Sandbox()
        let repo = try setUp(sandbox)
        let id = try sandbox.newFinding("--title", "XSS", "-m", "First paragraph.\n\nSecond paragraph.", in: repo)
        try sandbox.git("checkout", "-q", "-b", "feature", in: repo)
        #expect(try sandbox.secissue("comment", id, "-m", "comment on feature", in: repo).status == 0)
        try sandbox.git("checkout", "-q", "main", in: repo)
        #expect(try sandbox.secissue("comment", id, "-m", "comment on main", in: repo).status == 0)
        Thread.sleep(forTimeInterval: 1.1)
        #expect(try sandbox.secissue("status", id, "confirmed", in: repo).status == 0)
        let merge = try sandbox.run("/usr/bin/git", ["merge", "--no-edit", "-q", "feature"], in: repo)
        #expect(merge.status == 0, "\(merge.stdout)\(merge.stderr)")
        let text = try sandbox.read(findingFile(id), in: repo)
        #expect(text.contains("commented: comment on feature") && text.contains("commented: comment on main"))
        #expect(text.contains("status: confirmed"))
        #expect(try sandbox.secissue("validate", in: repo).status == 0)

        try sandbox.git("checkout", "-q", "-b", "other", in: repo)
        let file = findingFile(id)
        try sandbox.write(file, try sandbox.read(file, in: repo).replacingOccurrences(of: "First paragraph.", with: "Changed on other."), in: repo)
        try sandbox.git("commit", "-qam", "edit on other", in: repo)
        try sandbox.git("checkout", "-q", "main", in: repo)
        try sandbox.write(file, try sandbox.read(file, in: repo).replacingOccurrences(of: "First paragraph.", with: "Changed on main."), in: repo)
        try sandbox.git("commit", "-qam", "edit on main", in: repo)
        let conflict = try sandbox.run("/usr/bin/git", ["merge", "--no-edit", "other"], in: repo)
        #expect(conflict.status != 0)
        #expect(conflict.stdout.contains("CONFLICT"))
        #expect(try sandbox.read(file, in: repo).contains("<<<<<<<"))
    }

    @Test("pre-push never refuses findings: a security engineer pushes her own critical finding and its triage")
    func prePushFindings() throws {
        let sandbox = try Sandbox()
        let repo = try setUp(sandbox)
        let remote = sandbox.path("remote.git")
        try sandbox.git("init", "-q", "--bare", remote, in: sandbox.root.path)
        try sandbox.git("remote", "add", "origin", remote, in: repo)
        try sandbox.git("push", "-q", "origin", "main", in: repo)
        let id = try sandbox.newFinding("--title", "Critical one", "--severity", "critical", in: repo)
        let filed = try sandbox.run("/usr/bin/git", ["push", "origin", "main"], in: repo)
        #expect(filed.status == 0, "\(filed.stderr)")
        #expect(try sandbox.secissue("status", id, "confirmed", in: repo).status == 0)
        let triaged = try sandbox.run("/usr/bin/git", ["push", "origin", "main"], in: repo)
        #expect(triaged.status == 0, "\(triaged.stderr)")
    }

    @Test("pre-push refuses a secret added in any pushed commit, not only the last, with its redacted location")
    func prePushSecrets() throws {
        let sandbox = try Sandbox()
        let repo = try setUp(sandbox)
        let remote = sandbox.path("remote.git")
        try sandbox.git("init", "-q", "--bare", remote, in: sandbox.root.path)
        try sandbox.git("remote", "add", "origin", remote, in: repo)
        try sandbox.git("push", "-q", "origin", "main", in: repo)
        let key = "ghp_" + "R8vK2mQ7xL4nP9wT3bY6cF1hJ5dS0aZ2eG7u"
        try sandbox.write("deploy/env.sh", "export GITHUB_TOKEN=\(key)\n", in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-q", "--no-verify", "-m", "Deploy script", in: repo)
        let leaked = try sandbox.head(repo)
        try sandbox.write("deploy/env.sh", "export GITHUB_TOKEN=\"$TOKEN\"\n", in: repo)
        try sandbox.git("commit", "-q", "-am", "Read the token from the environment", in: repo)
        let refused = try sandbox.run("/usr/bin/git", ["push", "origin", "main"], in: repo)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("deploy/env.sh:1: GitHub token (github-token): ghp_…(40 chars) in commit \(leaked.prefix(7)) (Deploy script)"),
                "\(refused.stderr)")
        #expect(!refused.stderr.contains(key) && !refused.stdout.contains(key))
        #expect(try sandbox.git("ls-remote", remote, "refs/heads/main", in: repo).hasPrefix(try sandbox.head(repo)) == false)

        // A new branch is scanned from where the remote's branches end.
        try sandbox.git("checkout", "-q", "-b", "clean", "origin/main", in: repo)
        try sandbox.write("app/ok.py", "x = 1\n", in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "Clean change", in: repo)
        let clean = try sandbox.run("/usr/bin/git", ["push", "origin", "clean"], in: repo)
        #expect(clean.status == 0, "\(clean.stderr)")
        let skipped = try sandbox.run("/usr/bin/git", ["push", "-q", "--no-verify", "origin", "main"], in: repo)
        #expect(skipped.status == 0)
    }

    @Test("in an existing project the first push after init and hooks install passes")
    func firstPushAfterInit() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository(initialise: false)
        let remote = sandbox.path("remote.git")
        try sandbox.git("init", "-q", "--bare", remote, in: sandbox.root.path)
        try sandbox.git("remote", "add", "origin", remote, in: repo)
        try sandbox.git("push", "-q", "-u", "origin", "main", in: repo)
        #expect(try sandbox.secissue("init", in: repo).status == 0)
        #expect(try sandbox.secissue("hooks", "install", in: repo).status == 0)
        let push = try sandbox.run("/usr/bin/git", ["push", "origin", "main"], in: repo)
        #expect(push.status == 0, "\(push.stderr)")
        #expect(!push.stderr.contains("no .security/ directory"))
    }
}
