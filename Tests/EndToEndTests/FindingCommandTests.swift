import Foundation
import Testing
import TestSupport

@Suite("finding commands", .scratchDirectory)
struct FindingCommandTests {
    @Test("new writes every field it was given, with due = created + SLA days")
    func newFinding() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding(
            "--title", "SQL injection in user search", "--severity", "high", "--cwe", "89", "--cwe", "CWE-564",
            "--path", "app/db.py:4", "--message", "Input is concatenated into the query.", "--assignee", "bob@example.com",
            "--tag", "sqli", "--tag", "api", "--link", "github:acme/shop#123", "--link", "JIRA-45", in: repo)
        #expect(id.range(of: #"^SEC-[0-9a-hjkmnp-tv-z]{10}$"#, options: .regularExpression) != nil)

        let json = try sandbox.secissue("show", id, "--format", "json", in: repo)
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["title"] as? String == "SQL injection in user search")
        #expect(object["severity"] as? String == "high")
        #expect(object["status"] as? String == "open")
        #expect(object["cwe"] as? [Int] == [89, 564])
        #expect(object["assignee"] as? String == "bob@example.com")
        #expect(object["tags"] as? [String] == ["sqli", "api"])
        #expect(object["links"] as? [String] == ["github:acme/shop#123", "JIRA-45"])
        #expect(object["reporter"] as? String == "Alice Example <alice@example.com>")
        let location = try #require(object["location"] as? [String: Any])
        #expect(location["path"] as? String == "app/db.py")
        #expect(location["line"] as? Int == 4)
        #expect(object["description"] as? String == "Input is concatenated into the query.")

        #expect(object["due"] as? String == daysAfter(object["created"], 30))

        let info = try sandbox.newFinding("--title", "Banner shows version", "--severity", "info", in: repo)
        #expect(try sandbox.read(findingFile(info), in: repo).contains("due: null"))
    }

    @Test("list shows active findings most severe first, with the shortest unique prefix; filters narrow it")
    func listAndFilters() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let low = try sandbox.newFinding("--title", "Verbose errors", "--severity", "low", "--path", "app/db.py", in: repo)
        let critical = try sandbox.newFinding("--title", "Hard-coded key", "--severity", "critical", "--tag", "secrets",
                                              "--path", "config/prod.env", in: repo)
        let medium = try sandbox.newFinding("--title", "Missing CSRF token", "--severity", "medium", "--assignee", "bob", in: repo)
        #expect(try sandbox.secissue("close", medium, in: repo).status == 0)

        let table = try sandbox.secissue("list", in: repo)
        #expect(table.status == 0)
        #expect(table.lines.count == 3)
        #expect(table.lines[0].hasPrefix("ID"))
        #expect(table.lines[1].hasPrefix(String(critical.prefix(8))) && table.lines[1].contains("critical"))
        #expect(table.lines[2].hasPrefix(String(low.prefix(8))) && table.lines[2].contains("app/db.py"))
        #expect(!table.stdout.contains("Missing CSRF token"))

        func ids(_ arguments: String...) throws -> [String] {
            let result = try sandbox.run(Sandbox.binary, ["list", "--format", "csv"] + arguments, in: repo)
            #expect(result.status == 0)
            return result.lines.dropFirst().map { String($0.prefix { $0 != "," }) }
        }
        #expect(try ids("--all") == [critical, medium, low])
        #expect(try ids("--status", "fixed") == [medium])
        #expect(try ids("--severity", "low") == [low])
        #expect(try ids("--min-severity", "medium") == [critical])
        #expect(try ids("--tag", "SECRETS") == [critical])
        #expect(try ids("--path", "app/**") == [low])
        #expect(try ids("--path", "**/*.env") == [critical])
        #expect(try ids("--all", "--assignee", "bob") == [medium])
        #expect(try sandbox.secissue("assign", low, "Carol <carol@example.com>", in: repo).status == 0)
        #expect(try ids("--assignee", "carol@example.com") == [low])
        #expect(try ids("--assignee", "CAROL") == [low])

        let json = try sandbox.secissue("list", "--format", "json", in: repo)
        let array = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.map { $0["id"] as? String } == [critical, low])
    }

    @Test("list --at shows the findings as they stood at a revision")
    func listAtRevision() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let first = try sandbox.newFinding("--title", "First", in: repo)
        let second = try sandbox.newFinding("--title", "Second", in: repo)
        let earlier = try sandbox.secissue("list", "--at", "HEAD~1", "--format", "csv", in: repo)
        #expect(earlier.status == 0)
        #expect(earlier.stdout.contains(first) && !earlier.stdout.contains(second))
        let unknown = try sandbox.secissue("list", "--at", "no-such-rev", in: repo)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("unknown revision 'no-such-rev'"))
    }

    @Test("status enforces its rules and records triage; close records a full commit hash; reopen clears them")
    func statusRules() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "Path traversal in upload", "--severity", "high", in: repo)
        let other = try sandbox.newFinding("--title", "Same traversal", in: repo)

        for (arguments, needle) in [
            (["status", id, "risk-accepted", "--reason", "internal only"], "--expires"),
            (["status", id, "false-positive"], "--reason"),
            (["status", id, "duplicate"], "--duplicate-of"),
            (["status", id, "risk-accepted", "--reason", "r", "--expires", "next week"], "YYYY-MM-DD"),
            (["status", id, "closed"], "closed"),
        ] {
            let result = try sandbox.run(Sandbox.binary, arguments, in: repo)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains(needle), "\(arguments): \(result.stderr)")
        }
        let missing = try sandbox.secissue("status", id, "duplicate", "--duplicate-of", "zzzzzz", in: repo)
        #expect(missing.status == 1)

        #expect(try sandbox.secissue("status", other, "duplicate", "--duplicate-of", String(id.prefix(8)).lowercased(), in: repo).status == 0)
        let duplicate = try sandbox.read(findingFile(other), in: repo)
        #expect(duplicate.contains("status: duplicate") && duplicate.contains("  duplicate_of: \(id)"))

        let past = try sandbox.secissue("status", id, "risk-accepted", "--reason", "r", "--expires", "2020-01-01", in: repo)
        #expect(past.status == 64)
        #expect(past.stderr.contains("not in the future"))
        let expires = try #require(daysAfter(nil, 90))
        #expect(try sandbox.secissue("status", id, "risk-accepted", "--reason", "behind VPN", "--expires", expires, in: repo).status == 0)
        var text = try sandbox.read(findingFile(id), in: repo)
        #expect(text.contains("triage:\n  reason: behind VPN\n  by: Alice Example <alice@example.com>\n  expires: \(expires)"))
        #expect(text.contains("status open -> risk-accepted until \(expires): behind VPN"))
        let again = try sandbox.secissue("status", id, "risk-accepted", "--reason", "behind VPN", "--expires", expires, in: repo)
        #expect(again.stderr.contains("nothing to change"))

        let bad = try sandbox.secissue("close", id, "--commit", "deadbeef", in: repo)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("deadbeef"))
        let head = try sandbox.git("rev-parse", "HEAD~1", in: repo).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try sandbox.secissue("close", id, "--commit", "HEAD~1", in: repo).status == 0)
        text = try sandbox.read(findingFile(id), in: repo)
        #expect(text.contains("status: fixed") && text.contains("  fixed: \(head)") && !text.contains("triage:"))
        #expect(try sandbox.git("log", "-1", "--format=%s", in: repo).hasPrefix("secissue: mark fixed \(id)"))

        #expect(try sandbox.secissue("reopen", id, "--reason", "came back", in: repo).status == 0)
        text = try sandbox.read(findingFile(id), in: repo)
        #expect(text.contains("status: open") && text.contains("  fixed: null"))

        let same = try sandbox.secissue("reopen", id, in: repo)
        #expect(same.status == 0)
        #expect(same.stderr.contains("nothing to change"))
    }

    @Test("comment, assign and link append activity; link validates its target")
    func commentAssignLink() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "Weak TLS", in: repo)
        #expect(try sandbox.secissue("comment", id, "-m", "Seen on staging.\nSecond line.", in: repo).status == 0)
        #expect(try sandbox.secissue("assign", id, "bob@example.com", in: repo).status == 0)
        #expect(try sandbox.secissue("link", id, "--issue", "gitlab:acme/platform/api#7", in: repo).status == 0)
        #expect(try sandbox.secissue("link", id, "--issue", "jira:SEC-12", in: repo).status == 0)
        #expect(try sandbox.secissue("link", id, "--issue", "https://tracker.example.com/browse/SEC-1", in: repo).status == 0)
        #expect(try sandbox.secissue("link", id, "--guidance", "secrets-management", in: repo).status == 0)
        let commit = try sandbox.git("rev-parse", "HEAD", in: repo).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try sandbox.secissue("link", id, "--commit", "HEAD", in: repo).status == 0)

        let text = try sandbox.read(findingFile(id), in: repo)
        #expect(text.contains("commented: Seen on staging.\n  Second line.\n"))
        #expect(text.contains("assignee: bob@example.com"))
        #expect(text.contains("links: [gitlab:acme/platform/api#7, jira:SEC-12, https://tracker.example.com/browse/SEC-1]"))
        #expect(text.contains("guidance: [secrets-management]"))
        #expect(text.contains("  linked: [\(commit)]"))
        let show = try sandbox.secissue("show", id, in: repo)
        #expect(show.stdout.contains("Seen on staging.\n  Second line."))

        for (arguments, status) in [
            (["link", id, "--issue", "not a ref"], Int32(64)), (["link", id, "--issue", "http://insecure.example.com"], 64),
            (["link", id, "--guidance", "no-such-topic"], 64), (["link", id, "--commit", "nope"], 1),
            (["link", id], 64), (["comment", id, "-m", "  "], 64),
        ] {
            let result = try sandbox.run(Sandbox.binary, arguments, in: repo)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
        }
        let log = try sandbox.git("log", "--format=%s", in: repo)
        #expect(log.contains("secissue: comment on \(id)") && log.contains("secissue: assign \(id)") && log.contains("secissue: link \(id)"))
    }

    @Test("show prints Markdown by default and reads at a revision")
    func show() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "XSS in profile", "--severity", "medium", "--cwe", "79", "-m", "Escapes nothing.", in: repo)
        #expect(try sandbox.secissue("status", id, "confirmed", in: repo).status == 0)
        let now = try sandbox.secissue("show", String(id.dropFirst(4).prefix(5)).uppercased(), in: repo)
        #expect(now.status == 0)
        #expect(now.stdout.hasPrefix("# \(id): XSS in profile\n"))
        #expect(now.stdout.contains("- **status**: confirmed") && now.stdout.contains("- **cwe**: CWE-79"))
        #expect(now.stdout.contains("Escapes nothing.") && now.stdout.contains("## Activity"))
        let before = try sandbox.secissue("show", id, "--at", "HEAD~1", in: repo)
        #expect(before.stdout.contains("- **status**: open"))
    }

    @Test("--version and --help work")
    func versionAndHelp() throws {
        let sandbox = try Sandbox()
        let version = try sandbox.secissue("--version", in: sandbox.root.path)
        #expect(version.status == 0 && !version.stdout.isEmpty)
        let help = try sandbox.secissue("--help", in: sandbox.root.path)
        #expect(help.status == 0)
        for command in ["init", "new", "list", "show", "edit", "comment", "status", "close", "reopen", "assign", "link", "validate"] {
            #expect(help.stdout.contains(command))
            #expect(try sandbox.secissue(command, "--help", in: sandbox.root.path).status == 0)
        }
        let completion = try sandbox.secissue("--generate-completion-script", "bash", in: sandbox.root.path)
        #expect(completion.status == 0 && completion.stdout.contains("git-secissue"))
    }
}
