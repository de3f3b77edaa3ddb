import Foundation
import Testing
import TestSupport

/// Issue 16, item 5: finding things among many findings, `mine` by assignment, and `owners:`.
@Suite("finding things", .scratchDirectory)
struct FindingSearchTests {
    /// The sample app with the real Bandit and Checkov scans imported.
    func imported(_ sandbox: Sandbox) throws -> String {
        let repo = try sandbox.sampleRepository()
        let result = try sandbox.secissue("import", Fixtures.sarif("bandit.sarif"), Fixtures.sarif("checkov.sarif"), in: repo)
        #expect(result.status == 0, "\(result.stderr)")
        return repo
    }

    func list(_ sandbox: Sandbox, _ repo: String, _ arguments: [String]) throws -> [[String: Any]] {
        let result = try sandbox.run(Sandbox.binary, ["list", "--format", "json"] + arguments, in: repo)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    func rules(_ findings: [[String: Any]]) -> [String] {
        findings.compactMap { ($0["source"] as? [String: Any])?["rule"] as? String }
    }

    @Test("--search, --tool, --rule and --cwe narrow the list; filters combine")
    func narrowing() throws {
        let sandbox = try Sandbox()
        let repo = try imported(sandbox)
        let sql = try list(sandbox, repo, ["--search", "sql INJECTION"])
        #expect(sql.count == 3 && Set(rules(sql)) == ["B608"], "\(rules(sql))")
        // The location is searched too: every finding in the Terraform file.
        let terraform = try list(sandbox, repo, ["--search", "infra/main.tf"])
        #expect(terraform.count == 10, "eleven results, two of one rule on one resource: \(terraform.count)")
        let checkov = try list(sandbox, repo, ["--tool", "Checkov"])
        #expect(checkov.count == 23, "\(checkov.count)")
        #expect(rules(checkov).allSatisfy { $0.hasPrefix("CKV") })
        let aws = try list(sandbox, repo, ["--tool", "checkov", "--rule", "CKV_AWS_*"])
        #expect(!aws.isEmpty && rules(aws).allSatisfy { $0.hasPrefix("CKV_AWS_") }, "\(rules(aws))")
        let cwe = try list(sandbox, repo, ["--cwe", "CWE-89"])
        #expect(Set(rules(cwe)) == ["B608"], "\(rules(cwe))")
        let none = try sandbox.secissue("list", "--search", "no such text anywhere", in: repo)
        #expect(none.status == 0 && none.stdout.isEmpty && none.stderr.contains("no active findings match"))
        let bad = try sandbox.secissue("list", "--cwe", "injection", in: repo)
        #expect(bad.status == 64 && bad.stderr.contains("not a CWE number"), "\(bad.stderr)")
    }

    @Test("--sort orders by due date, age, path or update; --limit keeps the first N")
    func sortingAndLimit() throws {
        let sandbox = try Sandbox()
        let repo = try imported(sandbox)
        let byPath = try list(sandbox, repo, ["--sort", "path"])
        let paths = byPath.compactMap { $0["location"] as? [String: Any] }.map { ($0["path"] as? String ?? "", $0["line"] as? Int ?? 0) }
        #expect(paths.count == byPath.count && paths.map(\.0) == paths.map(\.0).sorted(), "\(paths)")
        let first = try list(sandbox, repo, ["--sort", "path", "--limit", "2"])
        #expect(first.map { $0["id"] as? String } == byPath.prefix(2).map { $0["id"] as? String })
        let id = try #require(byPath.last?["id"] as? String)
        // `updated` has whole seconds: a comment in the import's second would tie (ties go by ID).
        Thread.sleep(forTimeInterval: 1.1)
        #expect(try sandbox.secissue("comment", id, "-m", "Looked at it", in: repo).status == 0)
        let updated = try list(sandbox, repo, ["--sort", "updated", "--limit", "1"])
        #expect(updated.first?["id"] as? String == id)
        let due = try list(sandbox, repo, ["--sort", "due"]).compactMap { $0["due"] as? String }
        #expect(due == due.sorted())
        let zero = try sandbox.secissue("list", "--limit", "0", in: repo)
        #expect(zero.status == 64, "\(zero.stderr)")
    }

    @Test("--overdue shows active findings past their due date; --unassigned those nobody has")
    func overdueAndUnassigned() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let late = try sandbox.newFinding("--title", "Late one", "--severity", "high", in: repo)
        let assigned = try sandbox.newFinding("--title", "Bob's", "--assignee", "bob@example.com", in: repo)
        let file = findingFile(late)
        let text = try sandbox.read(file, in: repo)
        let dueLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("due: ") })
        try sandbox.write(file, text.replacingOccurrences(of: String(dueLine), with: "due: 2020-01-01"), in: repo)
        try sandbox.git("commit", "-qam", "Due long ago", in: repo)
        #expect(try list(sandbox, repo, ["--overdue"]).map { $0["id"] as? String } == [late])
        #expect(try list(sandbox, repo, ["--unassigned"]).map { $0["id"] as? String } == [late])
        #expect(try sandbox.secissue("status", late, "false-positive", "--reason", "Test data", in: repo).status == 0)
        #expect(try list(sandbox, repo, ["--overdue", "--all"]).isEmpty, "a settled finding is not overdue")
        #expect(try list(sandbox, repo, ["--unassigned", "--all"]).map { $0["id"] as? String } == [late])
        _ = assigned
    }

    @Test("mine lists findings introduced by me or assigned to me; --introduced and --assigned pick one")
    func mineByAssignment() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let sarif = """
            {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"semgrep","rules":[{"id":"sqli"}]}},
            "results":[{"ruleId":"sqli","level":"error","message":{"text":"SQL injection"},
            "locations":[{"physicalLocation":{"artifactLocation":{"uri":"app/db.py"},"region":{"startLine":4}}}]}]}]}
            """
        try sandbox.write("scan.sarif", sarif, in: repo)
        #expect(try sandbox.secissue("import", "scan.sarif", in: repo).status == 0)
        let mineID = try #require(try sandbox.findings(in: repo).first?["id"] as? String)
        let assigned = try sandbox.newFinding("--title", "Review the login", "--assignee", "Alice <ALICE@example.com>", in: repo)
        _ = try sandbox.newFinding("--title", "Someone else's", "--assignee", "bob@example.com", in: repo)
        func ids(_ arguments: String...) throws -> Set<String> {
            let result = try sandbox.run(Sandbox.binary, ["mine", "--format", "json"] + arguments, in: repo)
            #expect(result.status == 0, "\(result.stderr)")
            let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            return Set(array.compactMap { $0["id"] as? String })
        }
        #expect(try ids() == [mineID, assigned])
        #expect(try ids("--introduced") == [mineID])
        #expect(try ids("--assigned") == [assigned])
        #expect(try ids("--assigned", "--author", "bob@example.com").count == 1)
        let nobody = try sandbox.secissue("mine", "--assigned", "--author", "carol@example.com", in: repo)
        #expect(nobody.status == 0 && nobody.stderr.contains("no active findings assigned to carol@example.com"), "\(nobody.stderr)")
    }

    @Test("owners: assigns new and imported findings by the first glob their path matches")
    func ownersAssign() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        let config = try sandbox.read(".security/config.yml", in: repo).replacingOccurrences(of: "owners: {}", with: """
            owners: {"infra/**": "ops@example.com", "*.py": "Bob <bob@example.com>", "**": "lead@example.com"}
            """)
        try sandbox.write(".security/config.yml", config, in: repo)
        try sandbox.git("commit", "-qam", "Owners", in: repo)
        #expect(try sandbox.secissue("validate", in: repo).status == 0)
        #expect(try sandbox.secissue("import", Fixtures.sarif("checkov.sarif"), in: repo).status == 0)
        var byPath: [String: Set<String>] = [:]
        for finding in try sandbox.findings(in: repo) {
            let path = (finding["location"] as? [String: Any])?["path"] as? String ?? ""
            byPath[path, default: []].insert(finding["assignee"] as? String ?? "none")
        }
        #expect(byPath["infra/main.tf"] == ["ops@example.com"] && byPath["infra/stack.yaml"] == ["ops@example.com"], "\(byPath)")
        #expect(byPath["config.py"] == ["Bob <bob@example.com>"] && byPath["Dockerfile"] == ["lead@example.com"], "\(byPath)")
        let show = try sandbox.secissue("list", "--tool", "checkov", "--path", "Dockerfile", "--format", "json", in: repo)
        #expect(show.stdout.contains("assigned to lead@example.com (owners: **)"), "\(show.stdout)")
        let filed = try sandbox.newFinding("--title", "Open bucket", "--path", "infra/s3.tf:3", in: repo)
        #expect(try sandbox.findings(in: repo).first { $0["id"] as? String == filed }?["assignee"] as? String == "ops@example.com")
        let given = try sandbox.newFinding("--title", "Given", "--path", "infra/s3.tf:4", "--assignee", "carol@example.com", in: repo)
        #expect(try sandbox.findings(in: repo).first { $0["id"] as? String == given }?["assignee"] as? String == "carol@example.com")
    }

    @Test("validate rejects an owners entry it cannot use", arguments: [
        (#"owners: {"/abs/**": ops@example.com}"#, "not a usable path glob"),
        (#"owners: {"[z-a]": ops@example.com}"#, "not a usable path glob"),
        (#"owners: {"infra/**": ""}"#, "needs an owner"),
        ("owners:\n  \"infra/**\": [a, b]", "expected a single value"),
        ("owners: [infra]", "expected fields"),
    ])
    func ownersValidate(entry: String, problem: String) throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let config = try sandbox.read(".security/config.yml", in: repo).replacingOccurrences(of: "owners: {}", with: entry)
        try sandbox.write(".security/config.yml", config, in: repo)
        let result = try sandbox.secissue("validate", in: repo)
        #expect(result.status == 1 && result.stdout.contains("owners") && result.stdout.contains(problem), "\(result.stdout)")
    }
}
