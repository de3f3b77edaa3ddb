import Foundation
import Testing
import TestSupport

@Suite("history: log and mine", .scratchDirectory)
struct HistoryTests {
    /// The environment of a command run by someone other than the sandbox's Alice.
    static func person(_ name: String, _ email: String? = nil) -> [String: String] {
        ["GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email ?? "\(name.lowercased())@example.com"]
    }

    @Test("log lists the commits that changed a finding, newest first, with their authors and changes")
    func log() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "Weak TLS", "--severity", "high", in: repo)
        _ = try sandbox.newFinding("--title", "Unrelated", in: repo)
        #expect(try sandbox.secissue("comment", id, "-m", "Seen on staging.", in: repo, env: Self.person("Bob")).status == 0)
        #expect(try sandbox.secissue("status", id, "confirmed", in: repo, env: Self.person("Carol")).status == 0)
        #expect(try sandbox.secissue("assign", id, "dave@example.com", in: repo, env: Self.person("Dave")).status == 0)
        let hashes = try sandbox.git("log", "--format=%H", "--", findingFile(id), in: repo).split(separator: "\n").map(String.init)
        let subjects = try sandbox.git("log", "--format=%s", "--", findingFile(id), in: repo).split(separator: "\n").map(String.init)
        #expect(hashes.count == 4)

        let json = try sandbox.secissue("log", String(id.prefix(8)).lowercased(), "--format", "json", in: repo)
        #expect(json.status == 0, "\(json.stderr)")
        let entries = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(entries.map { $0["commit"] as? String } == hashes)
        #expect(entries.map { $0["subject"] as? String } == subjects)
        #expect(entries.map { $0["author"] as? String } == [
            "Dave <dave@example.com>", "Carol <carol@example.com>", "Bob <bob@example.com>", "Alice Example <alice@example.com>",
        ])
        #expect(entries.map { $0["changes"] as? [String] } == [
            ["assigned to dave@example.com"], ["status open -> confirmed"], ["comment: Seen on staging."], ["created: Weak TLS (high, open)"],
        ])
        for entry in entries {
            let date = entry["date"] as? String ?? ""
            #expect(date.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"#, options: .regularExpression) != nil, "\(date)")
        }

        let text = try sandbox.secissue("log", id, in: repo)
        #expect(text.status == 0)
        #expect(text.lines.first == "\(hashes[0].prefix(7)) \(subjects[0])")
        #expect(text.stdout.contains("  commit \(hashes[0])\n  Author: Dave <dave@example.com>\n"))
        #expect(text.stdout.contains("  - comment: Seen on staging.\n"))
        #expect(!text.stdout.contains("Unrelated"))

        let earlier = try sandbox.secissue("log", id, "--at", "HEAD~1", "--format", "json", in: repo)
        let earlierEntries = try #require(JSONSerialization.jsonObject(with: Data(earlier.stdout.utf8)) as? [[String: Any]])
        #expect(earlierEntries.map { $0["commit"] as? String } == Array(hashes.dropFirst()))

        let unknown = try sandbox.secissue("log", "SEC-zzzzzzzz", in: repo)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no finding matches 'SEC-zzzzzzzz'"))
    }

    @Test("log reports a version that does not parse and goes on")
    func logWithBrokenVersion() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "Open redirect", in: repo)
        try sandbox.write(findingFile(id), "no front matter here\n", in: repo)
        try sandbox.git("commit", "-q", "-am", "Break it", in: repo)
        let result = try sandbox.secissue("log", id, "--format", "json", in: repo)
        #expect(result.status == 0, "\(result.stderr)")
        let entries = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(entries.count == 2)
        #expect((entries.first?["changes"] as? [String])?.first?.hasPrefix("this version does not parse: \(findingFile(id))") == true)
        #expect(entries.last?["changes"] as? [String] == ["created: Open redirect (medium, open)"])
    }

    @Test("mine shows the findings in code each author wrote; the default is user.email; missing commits are counted")
    func mine() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try sandbox.write("app/upload.py", "import os\n\ndef save(name):\n    os.system('cp ' + name + ' /srv')\n", in: repo)
        try sandbox.git("add", "app/upload.py", in: repo)
        try sandbox.git("commit", "-q", "-m", "Upload", in: repo, env: Self.person("Bob", "Bob@Example.com"))
        let sarif = """
            {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "minitool"}}, "results": [
              {"ruleId": "sql", "level": "error", "message": {"text": "SQL built from input"},
               "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/db.py"}, "region": {"startLine": 4}}}]},
              {"ruleId": "shell", "level": "warning", "message": {"text": "Shell command built from input"},
               "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/upload.py"}, "region": {"startLine": 4}}}]}
            ]}]}
            """
        try sandbox.write("scan.sarif", sarif, in: sandbox.root.path)
        let imported = try sandbox.secissue("import", sandbox.path("scan.sarif"), in: repo)
        #expect(imported.status == 0, "\(imported.stderr)")
        let byPath = Dictionary(uniqueKeysWithValues: try sandbox.findings(in: repo).compactMap { finding -> (String, String)? in
            guard let path = (finding["location"] as? [String: Any])?["path"] as? String, let id = finding["id"] as? String else { return nil }
            return (path, id)
        })
        let alices = try #require(byPath["app/db.py"])
        let bobs = try #require(byPath["app/upload.py"])

        func ids(_ arguments: String..., env: [String: String] = [:]) throws -> [String] {
            let result = try sandbox.run(Sandbox.binary, ["mine", "--format", "csv"] + arguments, in: repo, env: env)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return result.lines.dropFirst().map { String($0.prefix { $0 != "," }) }
        }
        #expect(try ids("--author", "bob@example.com") == [bobs])
        #expect(try ids("--author", "ALICE@example.com") == [alices])
        #expect(try ids("--author", "carol@example.com") == [])
        #expect(try ids() == [alices])

        let table = try sandbox.secissue("mine", in: repo)
        #expect(table.lines.count == 2 && table.lines[0].hasPrefix("ID") && table.lines[1].contains("app/db.py:4"))
        let json = try sandbox.secissue("mine", "--author", "bob@example.com", "--format", "json", in: repo)
        let array = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.map { $0["id"] as? String } == [bobs])

        #expect(try sandbox.secissue("close", alices, in: repo).status == 0)
        #expect(try ids() == [])
        #expect(try ids("--all") == [alices])

        // Without user.email, GIT_AUTHOR_EMAIL is used; with neither, the error says what to do.
        let bare = sandbox.path("empty-home")
        try FileManager.default.createDirectory(atPath: bare, withIntermediateDirectories: true)
        #expect(try ids(env: ["HOME": bare, "GIT_AUTHOR_EMAIL": "bob@example.com"]) == [bobs])
        let none = try sandbox.secissue("mine", in: repo, env: ["HOME": bare])
        #expect(none.status == 1)
        #expect(none.stderr.contains("--author") && none.stderr.contains("user.email"), "\(none.stderr)")

        // A shallow clone has the findings but not the commits that introduced them.
        try sandbox.git("clone", "-q", "--depth", "1", "file://\(repo)", "shallow", in: sandbox.root.path)
        let shallow = try sandbox.secissue("mine", "--all", in: sandbox.path("shallow"))
        #expect(shallow.status == 0)
        #expect(shallow.stderr.contains("skipped 2 finding(s) whose introducing commit is not in this repository (2 commit(s)"),
                "\(shallow.stderr)")
    }
}
