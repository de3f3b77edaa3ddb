import Foundation
import Testing
import TestSupport

@Suite("libs", .scratchDirectory)
struct LibsTests {
    static let lock = """
        {
          "name": "shop",
          "lockfileVersion": 3,
          "requires": true,
          "packages": {
            "": {"name": "shop", "dependencies": {"event-stream": "3.3.6", "lodash": "^4.17.21"}},
            "node_modules/event-stream": {"version": "3.3.6"},
            "node_modules/lodash": {"version": "4.17.21"},
            "node_modules/@babel/core": {"version": "7.24.0", "dev": true}
          }
        }

        """

    @Test("banned libraries file one finding each, re-runs write nothing, removal fixes, --diff reports only what is new")
    func checkLifecycle() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try sandbox.write("package-lock.json", Self.lock, in: repo)
        try sandbox.write("requirements.txt", "flask==2.3.2\nrequests==2.19.1  # pinned\n", in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "Dependencies", in: repo)
        #expect(try sandbox.secissue("libs", "ban", "event-stream", "--ecosystem", "npm", "--reason", "Compromised in 2018",
                                     "--alternative", "a maintained stream library", "--severity", "critical", in: repo).status == 0)
        #expect(try sandbox.secissue("libs", "ban", "requests", "--ecosystem", "pypi", "--versions", "<2.20",
                                     "--reason", "CVE-2018-18074", in: repo).status == 0)
        #expect(try sandbox.secissue("validate", in: repo).status == 0)

        let first = try sandbox.secissue("libs", "check", in: repo)
        #expect(first.status == 2)
        #expect(first.stdout.contains("event-stream  3.3.6    BANNED   package-lock.json:7"))
        #expect(first.stderr.contains("findings: new 2,"))
        let findings = try sandbox.findings(in: repo)
        #expect(findings.count == 2)
        let stream = try #require(findings.first { ($0["title"] as? String)?.contains("event-stream") == true })
        #expect(stream["severity"] as? String == "critical")
        #expect(stream["guidance"] as? [String] == ["dependency-hygiene"])
        #expect((stream["description"] as? String)?.contains("Use a maintained stream library instead.") == true)
        #expect((stream["source"] as? [String: Any])?["rule"] as? String == "banned")

        let head = try sandbox.head(repo)
        let second = try sandbox.secissue("libs", "check", in: repo)
        #expect(second.status == 2)
        #expect(try sandbox.head(repo) == head)

        // Upgrading requests past the banned range and dropping event-stream fixes both.
        try sandbox.write("package-lock.json", Self.lock.replacingOccurrences(of: "    \"node_modules/event-stream\": {\"version\": \"3.3.6\"},\n", with: ""), in: repo)
        try sandbox.write("requirements.txt", "flask==2.3.2\nrequests==2.31.0\nleft-pad==1.0\n", in: repo)
        try sandbox.git("commit", "-qam", "Drop event-stream, upgrade requests", in: repo)
        let third = try sandbox.secissue("libs", "check", in: repo)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(third.stderr.contains("fixed 2"))
        #expect(try sandbox.findings(in: repo).allSatisfy { $0["status"] as? String == "fixed" })

        let diff = try sandbox.secissue("libs", "check", "--diff", head, "--format", "json", in: repo)
        let rows = try #require(JSONSerialization.jsonObject(with: Data(diff.stdout.utf8)) as? [[String: Any]])
        #expect(Set(rows.compactMap { $0["name"] as? String }) == ["requests", "left-pad"])
    }

    @Test("allowlist mode files untrusted libraries; a malformed libraries.yml names its line")
    func allowlistAndErrors() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try sandbox.write("package-lock.json", Self.lock, in: repo)
        try sandbox.write(".security/libraries.yml", """
            ecosystems:
              npm:
                mode: allowlist
                trusted:
                  - {name: lodash, versions: ">=4.17.21", reason: reviewed}
                  - {name: "@babel/core", reason: build tool}

            """, in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "Allowlist", in: repo)
        let before = try sandbox.head(repo)
        let reportOnly = try sandbox.secissue("libs", "check", "--no-file", in: repo)
        #expect(reportOnly.stdout.contains("untrusted"))
        #expect(try sandbox.head(repo) == before)
        let result = try sandbox.secissue("libs", "check", in: repo)
        #expect(result.status == 0)
        #expect(result.stdout.contains("event-stream  3.3.6    untrusted"))
        #expect(try sandbox.findings(in: repo).map { $0["title"] as? String } == ["Untrusted library event-stream 3.3.6 (npm)"])

        try sandbox.write(".security/libraries.yml", "ecosystems:\n  npm:\n    mode: sometimes\n", in: repo)
        try sandbox.git("commit", "-qam", "Broken", in: repo)
        let broken = try sandbox.secissue("libs", "check", in: repo)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains(".security/libraries.yml:3: ecosystems.npm.mode: 'sometimes' is not allowed"))
        let validate = try sandbox.secissue("validate", in: repo)
        #expect(validate.status == 1)
    }
}
