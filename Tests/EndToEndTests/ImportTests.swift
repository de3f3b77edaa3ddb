import Foundation
import Testing
import TestSupport

@Suite("import", .scratchDirectory)
struct ImportTests {
    @Test("a real Bandit scan files one finding per result, blamed and located; importing it again writes nothing")
    func importAndReimport() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        let appCommit = try sandbox.git("rev-parse", "HEAD~1", in: repo).trimmingCharacters(in: .whitespacesAndNewlines)
        let scanned = try sandbox.head(repo)
        let first = try sandbox.secissue("import", Fixtures.sarif("bandit.sarif"), in: repo)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "new 18, updated 0, reopened 0, fixed 0, unchanged 0, skipped 0\n")
        let findings = try sandbox.findings(in: repo)
        #expect(findings.count == 18)
        for finding in findings {
            let source = try #require(finding["source"] as? [String: Any])
            #expect(source["tool"] as? String == "bandit")
            #expect((source["fingerprint"] as? String)?.hasPrefix("v1/") == true)
            let commits = try #require(finding["commits"] as? [String: Any])
            #expect(commits["introduced"] as? String == appCommit)
            #expect(commits["detected"] as? String == scanned)
            let path = (finding["location"] as? [String: Any])?["path"] as? String ?? ""
            #expect(["app.py", "tasks.py", "config.py"].contains(path), "\(path)")
        }
        let sql = try #require(findings.first { ($0["source"] as? [String: Any])?["rule"] as? String == "B608" })
        #expect(sql["cwe"] as? [Int] == [89])
        #expect(try sandbox.git("status", "--porcelain", in: repo).isEmpty)
        #expect(try sandbox.git("log", "-1", "--format=%s", in: repo).hasPrefix("secissue: import bandit: new 18"))

        let head = try sandbox.head(repo)
        let again = try sandbox.secissue("import", Fixtures.sarif("bandit.sarif"), in: repo)
        #expect(again.status == 0)
        #expect(again.stdout == "new 0, updated 0, reopened 0, fixed 0, unchanged 18, skipped 0\n")
        #expect(try sandbox.head(repo) == head)
    }

    @Test("triage survives re-import; a fixed finding that comes back is reopened; a missing one is fixed unless --partial")
    func reimportRules() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        #expect(try sandbox.secissue("import", Fixtures.sarif("semgrep.sarif"), in: repo).status == 0)
        let ids = try sandbox.findings(in: repo).filter { $0["status"] as? String == "open" }.compactMap { $0["id"] as? String }.sorted()
        #expect(ids.count >= 4)
        let expires = try #require(daysAfter(nil, 30))
        #expect(try sandbox.secissue("status", ids[0], "false-positive", "--reason", "test data", in: repo).status == 0)
        #expect(try sandbox.secissue("status", ids[1], "risk-accepted", "--reason", "internal", "--expires", expires, in: repo).status == 0)
        #expect(try sandbox.secissue("close", ids[2], in: repo).status == 0)

        let again = try sandbox.secissue("import", Fixtures.sarif("semgrep.sarif"), in: repo)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.hasPrefix("new 0, updated 0, reopened 1, fixed 0,"))
        let after = Dictionary(uniqueKeysWithValues: try sandbox.findings(in: repo).map { ($0["id"] as! String, $0) })
        #expect(after[ids[0]]?["status"] as? String == "false-positive")
        #expect(after[ids[1]]?["status"] as? String == "risk-accepted")
        #expect(after[ids[2]]?["status"] as? String == "open")
        #expect((after[ids[2]]?["activity"] as? [String])?.last?.contains("(regression)") == true)

        // A scan without the result of ids[3]: partial keeps it open, complete fixes it.
        let fingerprintOf = { (id: String) in (after[id]?["source"] as? [String: Any])?["fingerprint"] as? String }
        let dropped = try #require(fingerprintOf(ids[3]))
        let log = try Fixtures.load("semgrep.sarif")
        let location = after[ids[3]]?["location"] as? [String: Any]
        let reduced = try Fixtures.editingResults(log) { results in
            results.removeAll { result in
                let region = ((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any]
                let artifact = ((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any]
                return region?["startLine"] as? Int == location?["line"] as? Int && artifact?["uri"] as? String == location?["path"] as? String
                    && result["ruleId"] as? String == (after[ids[3]]?["source"] as? [String: Any])?["rule"] as? String
            }
        }
        let file = sandbox.path("reduced.sarif")
        try Fixtures.write(reduced, to: file)
        let partial = try sandbox.secissue("import", file, "--partial", in: repo)
        #expect(partial.stdout.hasPrefix("new 0, updated 0, reopened 0, fixed 0,"), "\(partial.stdout)")
        let complete = try sandbox.secissue("import", file, in: repo)
        #expect(complete.stdout.hasPrefix("new 0, updated 0, reopened 0, fixed 1,"), "\(complete.stdout)")
        let fixed = try #require(try sandbox.findings(in: repo).first { $0["id"] as? String == ids[3] })
        #expect(fixed["status"] as? String == "fixed")
        // Fixed in the commit whose code was scanned (the newest outside .security/), not in the bookkeeping commit of the import before.
        let code = try sandbox.git("log", "-1", "--format=%H", "--", ".", ":(exclude).security", in: repo).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect((fixed["commits"] as? [String: Any])?["fixed"] as? String == code)
        #expect(fingerprintOf(ids[3]) == dropped)
    }

    @Test("code that moves down keeps its fingerprint and ID; only the location changes")
    func movedCodeKeepsIdentity() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        #expect(try sandbox.secissue("import", Fixtures.sarif("bandit.sarif"), in: repo).status == 0)
        let before = try sandbox.findings(in: repo)

        let app = try sandbox.read("app.py", in: repo)
        try sandbox.write("app.py", "# a comment\n# and another\n# and a third\n" + app, in: repo)
        try sandbox.git("commit", "-qam", "Move everything down three lines", in: repo)
        let moved = try Fixtures.editingResults(try Fixtures.load("bandit.sarif")) { results in
            for index in results.indices {
                var locations = results[index]["locations"] as! [[String: Any]]
                var physical = locations[0]["physicalLocation"] as! [String: Any]
                guard (physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "app.py" else { continue }
                var region = physical["region"] as! [String: Any]
                for key in ["startLine", "endLine"] { if let line = region[key] as? Int { region[key] = line + 3 } }
                physical["region"] = region
                locations[0]["physicalLocation"] = physical
                results[index]["locations"] = locations
            }
        }
        let file = sandbox.path("moved.sarif")
        try Fixtures.write(moved, to: file)
        let result = try sandbox.secissue("import", file, in: repo)
        let appCount = before.filter { ($0["location"] as? [String: Any])?["path"] as? String == "app.py" }.count
        #expect(result.stdout == "new 0, updated \(appCount), reopened 0, fixed 0, unchanged \(18 - appCount), skipped 0\n", "\(result.stderr)")
        let after = try sandbox.findings(in: repo)
        #expect(Set(after.compactMap { $0["id"] as? String }) == Set(before.compactMap { $0["id"] as? String }))
    }

    @Test("identical lines in one file are told apart, and two results with one fingerprint are kept apart")
    func duplicates() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        let doubled = try Fixtures.editingResults(try Fixtures.load("semgrep.sarif")) { results in results.append(results[0]) }
        let file = sandbox.path("doubled.sarif")
        try Fixtures.write(doubled, to: file)
        let result = try sandbox.secissue("import", file, in: repo)
        #expect(result.status == 0)
        #expect(result.stderr.contains("same fingerprint as an earlier result"))
        #expect(try sandbox.findings(in: repo).count == 13)
    }

    @Test("a result outside the repository is skipped with its reason")
    func outsidePaths() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        let outside = try Fixtures.editingResults(try Fixtures.load("bandit.sarif")) { results in
            var first = results[0]
            var locations = first["locations"] as! [[String: Any]]
            var physical = locations[0]["physicalLocation"] as! [String: Any]
            physical["artifactLocation"] = ["uri": "file:///etc/passwd"]
            locations[0]["physicalLocation"] = physical
            first["locations"] = locations
            results = [first, results[1]]
        }
        let file = sandbox.path("outside.sarif")
        try Fixtures.write(outside, to: file)
        let result = try sandbox.secissue("import", file, in: repo)
        #expect(result.status == 0)
        #expect(result.stdout == "new 1, updated 0, reopened 0, fixed 0, unchanged 0, skipped 1\n")
        #expect(result.stderr.contains("file:///etc/passwd is outside the repository"))
        // The commit records the same counts the command printed: both come from one report.
        let subject = try sandbox.git("log", "-1", "--format=%s", in: repo)
        #expect(subject == "secissue: import bandit: " + result.stdout)
        #expect(result.stderr.contains("] " + subject.trimmingCharacters(in: .newlines)))
    }

    @Test("malformed SARIF gets a clear error and writes nothing", arguments: [
        ("not JSON", "this is not json", "not valid JSON"),
        ("truncated", "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": ", "not valid JSON"),
        ("wrong version", "{\"version\": \"2.0.0\", \"runs\": []}", "version 2.0.0 is not supported"),
        ("no runs", "{\"version\": \"2.1.0\"}", "no \"runs\""),
        ("no version", "{\"runs\": []}", "no \"version\""),
        ("bad result", "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {}}, \"results\": []}]}", "runs[0].tool.driver: missing \"name\""),
    ])
    func malformed(name: String, content: String, message: String) throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        let file = sandbox.path("bad.sarif")
        try content.write(toFile: file, atomically: true, encoding: .utf8)
        let head = try sandbox.head(repo)
        let result = try sandbox.secissue("import", file, in: repo)
        #expect(result.status == 1, "\(name)")
        #expect(result.stderr.contains(message), "\(name): \(result.stderr)")
        #expect(try sandbox.head(repo) == head)
    }

    @Test("a 50 MB file is refused before it is read")
    func hugeFile() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        let file = sandbox.path("huge.sarif")
        _ = FileManager.default.createFile(atPath: file, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        let chunk = Data(repeating: UInt8(ascii: " "), count: 1 << 20)
        for _ in 0..<50 { handle.write(chunk) }
        try handle.close()
        let result = try sandbox.secissue("import", file, in: repo)
        #expect(result.status == 1)
        #expect(result.stderr.contains("50.0 MB is over the 32 MB limit"))
        let missing = try sandbox.secissue("import", sandbox.path("nope.sarif"), in: repo)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no such file"))
    }
}
