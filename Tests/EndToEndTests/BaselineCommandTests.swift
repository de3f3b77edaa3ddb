import Foundation
import Testing
import TestSupport

@Suite("baseline", .scratchDirectory)
struct BaselineCommandTests {
    static let dpkg = """
        Package: openssl
        Status: install ok installed
        Architecture: amd64
        Version: 3.0.11-1

        Package: curl
        Status: install ok installed
        Architecture: amd64
        Version: 7.88.1-10

        """

    /// A small system root beside the repository: passwd, an ssh config, a binary, a dpkg database.
    private func system(_ sandbox: Sandbox) throws -> String {
        let root = sandbox.path("sys")
        try sandbox.write("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n", in: root)
        try sandbox.write("etc/group", "root:x:0:\n", in: root)
        try sandbox.write("etc/ssh/sshd_config", "PermitRootLogin no\n", in: root)
        try sandbox.write("usr/bin/tool", "#!/bin/sh\n", in: root)
        try sandbox.write("var/lib/dpkg/status", Self.dpkg, in: root)
        chmod(root + "/etc/ssh/sshd_config", 0o644)
        chmod(root + "/usr/bin/tool", 0o755)
        return root
    }

    private func check(_ sandbox: Sandbox, _ repo: String, _ root: String, _ extra: String...) throws -> RunResult {
        try sandbox.run(Sandbox.binary, ["baseline", "check", "web", "--root", root] + extra, in: repo)
    }

    @Test("record commits the baseline; check files, updates and fixes one finding per drifted entry, and gates on high")
    func lifecycle() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let root = try system(sandbox)

        let record = try sandbox.secissue("baseline", "record", "web", "--root", root, "--packages", "etc/ssh/**", "usr/bin/*", in: repo)
        #expect(record.status == 0, "\(record.stderr)")
        #expect(record.stdout == "recorded baseline web: 2 files, 2 packages in .security/baselines/web.yml\n")
        #expect(try sandbox.git("log", "-1", "--format=%s", "--name-only", in: repo)
                == "secissue: record baseline web (2 files, 2 packages)\n\n.security/baselines/web.yml\n")
        let stored = try sandbox.git("show", "HEAD:.security/baselines/web.yml", in: repo)
        let owner = getuid() == 0 ? "root:root" : "\(getuid()):\(getgid())"
        #expect(stored.contains("  - {path: /usr/bin/tool, type: file, mode: \"0755\", owner: \"\(owner)\", size: 10, sha256: "))
        #expect(stored.contains("  - {name: openssl, version: 3.0.11-1, arch: amd64, manager: dpkg}"))
        #expect(try sandbox.git("status", "--porcelain", in: repo).isEmpty)
        let head = try sandbox.head(repo)
        #expect(try sandbox.secissue("baseline", "record", "web", "--root", root, "--packages", "etc/ssh/**", "usr/bin/*", in: repo).stderr
                .contains("nothing to change"))
        #expect(try sandbox.head(repo) == head)

        let clean = try check(sandbox, repo, root)
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stdout == "baseline web: no drift; 2 files and 2 packages checked\n")
        #expect(try sandbox.findings(in: repo).isEmpty)
        #expect(try sandbox.head(repo) == head)

        // A backdoor: the tool becomes setuid, sshd allows root logins, curl is downgraded.
        chmod(root + "/usr/bin/tool", 0o4755)
        try sandbox.write("etc/ssh/sshd_config", "PermitRootLogin yes\n", in: root)
        try sandbox.write("var/lib/dpkg/status", Self.dpkg.replacingOccurrences(of: "7.88.1-10", with: "7.88.1-9"), in: root)
        let drift = try check(sandbox, repo, root)
        #expect(drift.status == 2)
        #expect(drift.stdout == """
            SEVERITY  DRIFT       ENTRY                 DETAILS
            medium    changed     /etc/ssh/sshd_config  content
            high      changed     /usr/bin/tool         mode 0755 -> 4755: setuid
            medium    downgraded  curl:amd64 (dpkg)     7.88.1-10 -> 7.88.1-9
            baseline web: 3 entries drifted (1 high, 2 medium); 2 files and 2 packages checked

            """)
        #expect(drift.stderr.contains("findings: new 3,"))
        var findings = try sandbox.findings(in: repo)
        let tool = try #require(findings.first { ($0["title"] as? String) == "Drift from baseline web: /usr/bin/tool changed (mode 0755 -> 4755: setuid)" })
        #expect(tool["severity"] as? String == "high")
        #expect((tool["source"] as? [String: Any])?["tool"] as? String == "baseline")
        #expect((tool["source"] as? [String: Any])?["category"] as? String == "web")
        let location = try #require(tool["location"] as? [String: Any])
        #expect(location["path"] as? String == ".security/baselines/web.yml")
        let line = try #require(location["line"] as? Int)
        #expect(stored.split(separator: "\n", omittingEmptySubsequences: false)[line - 1].contains("/usr/bin/tool"))
        let ids = Set(findings.compactMap { $0["id"] as? String })

        // Another change to the same entries: the same findings, brought up to date.
        try sandbox.write("etc/ssh/sshd_config", "PermitRootLogin yes\nPasswordAuthentication yes\n", in: root)
        chmod(root + "/etc/ssh/sshd_config", 0o666)
        let again = try check(sandbox, repo, root)
        #expect(again.status == 2)
        findings = try sandbox.findings(in: repo)
        #expect(Set(findings.compactMap { $0["id"] as? String }) == ids)
        let config = try #require(findings.first { ($0["title"] as? String)?.contains("/etc/ssh/sshd_config") == true })
        #expect(config["title"] as? String == "Drift from baseline web: /etc/ssh/sshd_config changed (content, mode 0644 -> 0666: world-writable)")
        #expect(config["severity"] as? String == "high")
        #expect((config["description"] as? String)?.contains("| **mode** | `0644` | `0666` |") == true)

        let json = try check(sandbox, repo, root, "--format", "json", "--no-file")
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let rows = try #require(object["drift"] as? [[String: Any]])
        #expect(rows.compactMap { $0["entry"] as? String } == ["/etc/ssh/sshd_config", "/usr/bin/tool", "curl:amd64"])
        #expect((rows[1]["expected"] as? [String: Any])?["mode"] as? String == "0755")
        #expect((rows[1]["actual"] as? [String: Any])?["mode"] as? String == "4755")

        // Back to the baseline: every finding is fixed, and the gate passes.
        try sandbox.write("etc/ssh/sshd_config", "PermitRootLogin no\n", in: root)
        chmod(root + "/etc/ssh/sshd_config", 0o644)
        chmod(root + "/usr/bin/tool", 0o755)
        try sandbox.write("var/lib/dpkg/status", Self.dpkg, in: root)
        let restored = try check(sandbox, repo, root)
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stderr.contains("fixed 3"))
        #expect(try sandbox.findings(in: repo).allSatisfy { $0["status"] as? String == "fixed" })
        #expect(try sandbox.git("status", "--porcelain", in: repo).isEmpty)
    }

    @Test("a check of one baseline never fixes another's findings; --no-file writes nothing")
    func scopes() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let root = try system(sandbox)
        #expect(try sandbox.secissue("baseline", "record", "web", "--root", root, "etc/ssh", in: repo).status == 0)
        #expect(try sandbox.secissue("baseline", "record", "db", "--root", root, "usr/bin/tool", in: repo).status == 0)
        try sandbox.write("etc/ssh/new.conf", "x\n", in: root)
        #expect(try check(sandbox, repo, root).status == 0)
        #expect(try sandbox.findings(in: repo).map { $0["title"] as? String } == ["Drift from baseline web: new file /etc/ssh/new.conf"])
        let head = try sandbox.head(repo)
        let db = try sandbox.secissue("baseline", "check", "db", "--root", root, in: repo)
        #expect(db.status == 0)
        #expect(try sandbox.findings(in: repo).map { $0["status"] as? String } == ["open"])
        #expect(try sandbox.head(repo) == head)
        let report = try check(sandbox, repo, root, "--no-file")
        #expect(report.stdout.contains("low       new    /etc/ssh/new.conf"))
        #expect(try sandbox.head(repo) == head)
    }

    @Test("bad names, missing baselines, bad roots and hand-edited mistakes are clear errors, and nothing is written")
    func errors() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let root = try system(sandbox)
        let head = try sandbox.head(repo)
        for name in ["../x", ".x", "a/b"] {
            let result = try sandbox.secissue("baseline", "record", name, "--root", root, "etc", in: repo)
            #expect(result.status == 64, "\(name)")
            #expect(result.stderr.contains("invalid baseline name"))
        }
        #expect(try sandbox.secissue("baseline", "record", "web", "--root", root, in: repo).status == 64)
        #expect(try sandbox.secissue("baseline", "record", "web", "--root", root, "../etc", in: repo).status == 64)
        #expect(try sandbox.secissue("baseline", "record", "web", "--root", root + "/nope", "etc", in: repo).status == 1)
        #expect(try sandbox.head(repo) == head)
        #expect(!FileManager.default.fileExists(atPath: repo + "/.security/baselines"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.path("x.yml")))

        let missing = try check(sandbox, repo, root)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no baseline named web"))
        #expect(missing.stderr.contains("git secissue baseline record web --root DIR"))

        #expect(try sandbox.secissue("baseline", "record", "web", "--root", root, "etc/ssh", in: repo).status == 0)
        let notDirectory = try check(sandbox, repo, root + "/etc/passwd")
        #expect(notDirectory.status == 1)
        #expect(notDirectory.stderr.contains("cannot use \(root)/etc/passwd as the root"))

        let text = try sandbox.read(".security/baselines/web.yml", in: repo)
        try sandbox.write(".security/baselines/web.yml", text.replacingOccurrences(of: "mode: \"0644\"", with: "mode: rw-r--r--"), in: repo)
        let broken = try check(sandbox, repo, root)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains(".security/baselines/web.yml:9: files[1].mode: 'rw-r--r--' is not a mode"), "\(broken.stderr)")
    }

    @Test("in a bare repository record and check commit onto its branch, and a second check updates the same finding")
    func bareRepository() throws {
        let sandbox = try Sandbox()
        let source = try sandbox.repository()
        let bare = sandbox.path("bare.git")
        try sandbox.git("clone", "-q", "--bare", source, bare, in: sandbox.root.path)
        let root = try system(sandbox)
        #expect(try sandbox.secissue("baseline", "record", "web", "--root", root, "etc/ssh/**", "usr/bin/*", in: bare).status == 0)
        #expect(try sandbox.git("show", "HEAD:.security/baselines/web.yml", in: bare).contains("/etc/ssh/sshd_config"))
        try sandbox.write("etc/ssh/sshd_config", "PermitRootLogin yes\n", in: root)
        #expect(try check(sandbox, bare, root).status == 0, "medium drift is under the default gate")
        chmod(root + "/etc/ssh/sshd_config", 0o666)
        #expect(try check(sandbox, bare, root).status == 2, "world-writable is high")
        let findings = try sandbox.findings(in: bare)
        #expect(findings.count == 1)
        #expect(findings.first?["severity"] as? String == "high")
        #expect((findings.first?["activity"] as? [String])?.count == 2)
    }
}
