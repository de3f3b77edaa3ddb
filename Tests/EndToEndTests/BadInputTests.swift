import Foundation
import Testing
import TestSupport

@Suite("bad input", .scratchDirectory)
struct BadInputTests {
    @Test("bad values get one line on stderr, a non-zero exit, and nothing written")
    func rejectsBadValues() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "Existing", in: repo)
        let head = try sandbox.git("rev-parse", "HEAD", in: repo)
        let cases: [([String], Int32, String)] = [
            (["show", "zzzzzz"], 1, "no finding matches 'zzzzzz'"),
            (["show", "ab"], 64, "too short"),
            (["new", "--title", "x", "--severity", "urgent"], 64, "urgent"),
            (["new", "--title", "two\nlines"], 64, "newline"),
            (["new", "--title", "bell\u{07}"], 64, "control character"),
            (["new", "--title", "   "], 64, "empty"),
            (["new", "--title", "x", "--path", "../outside.py"], 64, "outside the repository"),
            (["new", "--title", "x", "--path", "/etc/passwd"], 64, "outside the repository"),
            (["new", "--title", "x", "--path", "app/../../x"], 64, "outside the repository"),
            (["new", "--title", "x", "--cwe", "eighty-nine"], 64, "CWE"),
            (["new", "--title", "x", "--link", "github:acme"], 64, "issue reference"),
            (["new", "--title", "x", "--message", "a", "--file", "b"], 64, "not both"),
            (["new", "--title", "x", "--file", "/no/such/file"], 1, "cannot read --file"),
            (["status", id, "maybe"], 64, "maybe"),
            (["assign", id, "two\nlines"], 64, "newline"),
            (["new"], 64, "--title is required"),
            (["comment", id, "-m", "x", "--no-commit", "--ref", "main"], 64, "cannot be used together"),
        ]
        for (arguments, status, needle) in cases {
            let result = try sandbox.run(Sandbox.binary, arguments, in: repo)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(needle), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments)")
        }
        #expect(try sandbox.git("rev-parse", "HEAD", in: repo) == head)
        #expect(try sandbox.git("status", "--porcelain", in: repo).isEmpty)
    }

    @Test("an ambiguous prefix lists the candidates")
    func ambiguousPrefix() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        for suffix in ["abcd000001", "abcd000002"] {
            try sandbox.write(findingFile("SEC-\(suffix)"), """
                ---
                id: SEC-\(suffix)
                title: Hand written \(suffix)
                status: open
                severity: low
                created: 2026-11-26T17:00:00Z
                ---
                """ + "\n", in: repo)
        }
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "two findings", in: repo)
        let result = try sandbox.secissue("show", "sec-ABCD", in: repo)
        #expect(result.status == 1)
        #expect(result.stderr.contains("ambiguous") && result.stderr.contains("SEC-abcd000001") && result.stderr.contains("SEC-abcd000002"))
        #expect(try sandbox.secissue("show", "abcd000002", in: repo).stdout.contains("Hand written abcd000002"))
        let table = try sandbox.secissue("list", in: repo)
        #expect(table.stdout.contains("SEC-abcd000001 ") && table.stdout.contains("SEC-abcd000002 "))
    }

    @Test("a broken finding file: list shows the others and names the file and line; validate fails")
    func brokenYAML() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let good = try sandbox.newFinding("--title", "Still listed", in: repo)
        try sandbox.write(findingFile("SEC-broken0000"), "---\nid: SEC-broken0000\ntitle: [unclosed\nstatus: open\n---\n", in: repo)

        let list = try sandbox.secissue("list", in: repo)
        #expect(list.status == 1)
        #expect(list.stdout.contains("Still listed") && list.stdout.contains(String(good.prefix(8))))
        #expect(list.stderr.contains("\(findingFile("SEC-broken0000")):3:"))

        let validate = try sandbox.secissue("validate", in: repo)
        #expect(validate.status == 1)
        #expect(validate.stdout.hasPrefix("\(findingFile("SEC-broken0000")):3: invalid YAML"))
    }

    @Test("validate reports each problem as path:line: message")
    func validateProblems() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        #expect(try sandbox.secissue("validate", in: repo).status == 0)
        try sandbox.write(findingFile("SEC-aaaaaaaaaa"), """
            ---
            id: SEC-bbbbbbbbbb
            title: Wrong file name
            status: duplicate
            severity: high
            created: 2026-11-26T17:00:00Z
            triage:
              duplicate_of: SEC-cccccccccc
            ---

            """, in: repo)
        try sandbox.write(findingFile("SEC-dddddddddd"), """
            ---
            id: SEC-dddddddddd
            title: Bad values
            status: closed
            severity: high
            created: 2026-11-26T17:00:00Z
            ---

            """, in: repo)
        try sandbox.write(findingFile("SEC-eeeeeeeeee"), """
            ---
            id: SEC-eeeeeeeeee
            status: open
            severity: extreme
            created: yesterday
            ---

            """, in: repo)
        try sandbox.write(".security/config.yml", "sla_days:\n  urgent: 3\n", in: repo)
        let result = try sandbox.secissue("validate", in: repo)
        #expect(result.status == 1)
        let expected = [
            ".security/config.yml:2: sla_days.urgent: unknown severity",
            "\(findingFile("SEC-aaaaaaaaaa")):2: id: 'SEC-bbbbbbbbbb' does not match the file name",
            "\(findingFile("SEC-aaaaaaaaaa")):7: triage: duplicate_of SEC-cccccccccc names no finding",
            "\(findingFile("SEC-dddddddddd")):4: status: 'closed' is not allowed",
            "\(findingFile("SEC-eeeeeeeeee")):1: title: required field is missing",
        ]
        for (line, prefix) in zip(result.lines, expected) {
            #expect(line.hasPrefix(prefix), "\(line)")
        }
        #expect(result.lines.count == expected.count, "\(result.stdout)")
    }

    @Test("no identity anywhere: the error says how to set one")
    func noIdentity() throws {
        let sandbox = try Sandbox(identity: false)
        let repo = sandbox.path("repo")
        try sandbox.git("init", "-q", repo, in: sandbox.root.path)
        try sandbox.write("a.txt", "a\n", in: repo)
        try sandbox.git("add", "a.txt", in: repo)
        try sandbox.git("-c", "user.name=Setup", "-c", "user.email=setup@example.com", "commit", "-qm", "init", in: repo)
        let result = try sandbox.secissue("init", in: repo, env: ["EMAIL": ""])
        #expect(result.status == 1)
        #expect(result.stderr.contains("git config --global user.name"))

        let withEnvironment = try sandbox.secissue("init", in: repo, env: [
            "GIT_AUTHOR_NAME": "Carol CI", "GIT_AUTHOR_EMAIL": "carol@example.com",
            "GIT_COMMITTER_NAME": "CI Bot", "GIT_COMMITTER_EMAIL": "ci@example.com",
        ])
        #expect(withEnvironment.status == 0, "\(withEnvironment.stderr)")
        #expect(try sandbox.git("log", "-1", "--format=%an <%ae>|%cn <%ce>", in: repo) == "Carol CI <carol@example.com>|CI Bot <ci@example.com>\n")
    }
}
