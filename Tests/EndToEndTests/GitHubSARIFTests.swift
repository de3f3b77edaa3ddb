import Foundation
import Testing
import TestSupport

/// `export --format sarif --for github` against the OASIS schema and against what GitHub documents
/// for code scanning uploads. The list below follows GitHub's "SARIF support for code scanning"
/// (docs.github.com/en/code-security/reference/code-scanning/sarif-files/sarif-support-for-code-scanning)
/// and "SARIF results exceed one or more limits" (…/troubleshoot-sarif-uploads/results-exceed-limit),
/// as read in 2026; each check names the item it covers.
@Suite("SARIF for GitHub code scanning", .scratchDirectory)
struct GitHubSARIFTests {
    /// A repository with imported findings (Bandit and Semgrep on the sample app) and findings
    /// filed by hand, of every severity, some triaged.
    struct Setup {
        let sandbox: Sandbox
        let repo: String
        let critical: String, low: String, unlocated: String, accepted: String, falsePositive: String
    }

    static func setUp() throws -> Setup {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        for scan in ["bandit.sarif", "semgrep.sarif"] {
            let result = try sandbox.secissue("import", Fixtures.sarif(scan), in: repo)
            guard result.status == 0 else { throw SandboxError("import \(scan): \(result.stderr)") }
        }
        // By hand: a critical SQL injection on the line Bandit flags high (same place, other rule),
        // a low one, one about no file, and one accepted as a risk.
        let critical = try sandbox.newFinding("--title", "SQL injection in find_user", "--severity", "critical", "--cwe", "89",
                                              "--path", "app.py:24", in: repo)
        let low = try sandbox.newFinding("--title", "Verbose error pages", "--severity", "low", "--path", "app.py:15", in: repo)
        let unlocated = try sandbox.newFinding("--title", "No rate limit on the API", "--severity", "medium", in: repo)
        let accepted = try sandbox.newFinding("--title", "Old TLS on the admin host", "--severity", "high", "--path", "config.py:1", in: repo)
        let expires = try #require(daysAfter(nil, 30))
        #expect(try sandbox.secissue("status", accepted, "risk-accepted", "--reason", "behind VPN", "--expires", expires, in: repo).status == 0)
        let imported = try sandbox.findings(in: repo).filter { $0["source"] is [String: Any] }
        let falsePositive = try #require(imported.first?["id"] as? String)
        #expect(try sandbox.secissue("status", falsePositive, "false-positive", "--reason", "constant input", in: repo).status == 0)
        return Setup(sandbox: sandbox, repo: repo, critical: critical, low: low, unlocated: unlocated, accepted: accepted, falsePositive: falsePositive)
    }

    static func export(_ setup: Setup, _ arguments: String...) throws -> (log: [String: Any], stderr: String) {
        let result = try setup.sandbox.run(Sandbox.binary, ["export", "--format", "sarif"] + arguments, in: setup.repo)
        #expect(result.status == 0, "\(result.stderr)")
        let log = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        try validate(result.stdout, setup.sandbox)
        return (log, result.stderr)
    }

    /// The OASIS SARIF 2.1.0 schema, with format checks.
    static func validate(_ text: String, _ sandbox: Sandbox) throws {
        let file = sandbox.path("export-\(UUID().uuidString).sarif")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let validation = try sandbox.run("/usr/bin/env", ["python3", "-c", """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1])); log = json.load(open(sys.argv[2]))
            jsonschema.validate(log, schema, format_checker=jsonschema.FormatChecker())
            """, Fixtures.sarifSchema, file], in: sandbox.root.path, env: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        #expect(validation.status == 0, "not valid SARIF 2.1.0: \(validation.stderr)")
    }

    static func score(_ severity: String) -> Double {
        ["critical": 9.5, "high": 8.0, "medium": 5.5, "low": 2.0, "info": 0.0][severity]!
    }

    @Test("the export for GitHub meets GitHub's documented requirements, item by item")
    func githubRequirements() throws {
        let setup = try Self.setUp()
        let (log, stderr) = try Self.export(setup, "--for", "github")
        let all = try setup.sandbox.findings(in: setup.repo)
        let active = all.filter { ["open", "confirmed"].contains($0["status"] as? String) }

        // 1. A SARIF 2.1.0 file: `version` is "2.1.0" and `$schema` names the 2.1.0 schema.
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["$schema"] as? String)?.hasSuffix("sarif-2.1.0.json") == true)

        // 2. At most 20 runs per file; one tool and category per upload, so one run.
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let run = runs[0]

        // 3. `tool.driver.name` is required; the version helps track changes between analyses.
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "git-secissue")
        #expect((driver["semanticVersion"] as? String)?.isEmpty == false)

        // 4. Each rule (`reportingDescriptor`) has an `id`, a `shortDescription.text`, a
        //    `fullDescription.text` and a `help.text` (required); `help.markdown` is shown when present.
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(!rules.isEmpty)
        func text(_ object: Any?) -> String? { (object as? [String: Any])?["text"] as? String }
        for rule in rules {
            let id = rule["id"] as? String ?? ""
            #expect(!id.isEmpty)
            #expect(text(rule["shortDescription"])?.isEmpty == false, "\(id): shortDescription")
            #expect(text(rule["fullDescription"])?.isEmpty == false, "\(id): fullDescription")
            #expect(text(rule["help"])?.isEmpty == false, "\(id): help.text")
            #expect(((rule["help"] as? [String: Any])?["markdown"] as? String)?.isEmpty == false, "\(id): help.markdown")
        }
        // …and the help is the team's guide for the rule's weakness (CWE-89: sql-injection.md).
        let sqlRule = try #require(rules.first { $0["id"] as? String == "secissue/manual/critical" })
        let markdown = try #require((sqlRule["help"] as? [String: Any])?["markdown"] as? String)
        #expect(markdown.contains("# Keeping user input out of SQL"))
        #expect(markdown.contains("Use parameterised queries"))
        #expect(!markdown.contains("paths: ["), "the guide's front matter is not help")

        // 5. Rule ids are unique, and a rule has at most 20 tags (only 10 are shown).
        let ids = rules.compactMap { $0["id"] as? String }
        #expect(Set(ids).count == ids.count)
        for rule in rules {
            let tags = ((rule["properties"] as? [String: Any])?["tags"] as? [String]) ?? []
            #expect(tags.count <= 10 && tags.contains("security"))
        }

        // 6. Results: each has `message.text` (required), a `ruleId` of a rule in the run and a
        //    `ruleIndex` that points at it; `level` is one of none, note, warning, error.
        let results = try #require(run["results"] as? [[String: Any]])
        for result in results {
            let ruleID = try #require(result["ruleId"] as? String)
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(ids.indices.contains(index) && ids[index] == ruleID)
            #expect(text(result["message"])?.isEmpty == false)
            #expect(["none", "note", "warning", "error"].contains(result["level"] as? String ?? ""))
        }

        // 7. GitHub takes a result's severity from its rule's `security-severity` (a string, 0.0 to
        //    10.0): the rule's score is the highest of its results', and no result under it is of
        //    another severity (a low finding never ranks as its rule's critical one).
        for (index, rule) in rules.enumerated() {
            let properties = try #require(rule["properties"] as? [String: Any])
            let score = try #require(Double(properties["security-severity"] as? String ?? ""))
            #expect((0.0...10.0).contains(score))
            let mine = results.filter { $0["ruleIndex"] as? Int == index }
            let severities = Set(mine.compactMap { ($0["properties"] as? [String: Any])?["secissue-severity"] as? String })
            #expect(severities.count == 1, "\(ids[index]) mixes \(severities)")
            #expect(severities.map(Self.score).max() == score)
        }
        let criticalResult = try #require(results.first { ($0["properties"] as? [String: Any])?["secissue-id"] as? String == setup.critical })
        let lowResult = try #require(results.first { ($0["properties"] as? [String: Any])?["secissue-id"] as? String == setup.low })
        #expect(criticalResult["ruleId"] as? String != lowResult["ruleId"] as? String)

        // 8. Every result has a location (GitHub rejects a result without one; only the first is
        //    shown): `artifactLocation.uri` relative to the repository root, a file of the commit;
        //    `region.startLine` from 1, with `endLine` and `endColumn` when known.
        for result in results {
            let locations = try #require(result["locations"] as? [[String: Any]])
            #expect(locations.count == 1)
            let physical = try #require(locations[0]["physicalLocation"] as? [String: Any])
            let uri = try #require((physical["artifactLocation"] as? [String: Any])?["uri"] as? String)
            #expect(!uri.hasPrefix("/") && !uri.contains("://") && !uri.contains(".."), "\(uri)")
            #expect(FileManager.default.fileExists(atPath: setup.repo + "/" + (uri.removingPercentEncoding ?? uri)), "\(uri)")
            let region = try #require(physical["region"] as? [String: Any])
            let start = try #require(region["startLine"] as? Int)
            #expect(start >= 1)
            #expect((region["endLine"] as? Int ?? 0) >= start)
            #expect((region["endColumn"] as? Int ?? 0) >= 1, "\(uri):\(start) has no endColumn")
        }
        // The line Bandit flags: the whole of it, to its last column.
        let line24 = try setup.sandbox.read("app.py", in: setup.repo).split(separator: "\n", omittingEmptySubsequences: false)[23]
        let criticalRegion = try #require(((criticalResult["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])
        #expect(criticalRegion["startLine"] as? Int == 24 && criticalRegion["endLine"] as? Int == 24)
        #expect(criticalRegion["endColumn"] as? Int == line24.utf16.count + 1)
        // A finding about no file points at its own file.
        let unlocated = try #require(results.first { ($0["properties"] as? [String: Any])?["secissue-id"] as? String == setup.unlocated })
        #expect((unlocated["locations"] as? [[String: Any]]).map { "\($0)" }?.contains(findingFile(setup.unlocated)) == true)

        // 9. `partialFingerprints` with `primaryLocationLineHash`, so GitHub matches a result to the
        //    same alert in the next analysis; distinct for distinct results of a rule and file.
        var hashes: Set<String> = []
        for result in results {
            let fingerprints = try #require(result["partialFingerprints"] as? [String: String])
            let hash = try #require(fingerprints["primaryLocationLineHash"])
            let uri = "\(((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"] ?? "")"
            #expect(hashes.insert("\(result["ruleId"]!)|\(uri)|\(hash)").inserted, "two results share one alert: \(hash)")
        }

        // 10. GitHub does not honour `suppressions`: a suppressed result would be an open alert. The
        //     triaged findings (risk-accepted, false-positive, duplicate) and fixed ones are left out.
        let exportedIDs = Set(results.compactMap { ($0["properties"] as? [String: Any])?["secissue-id"] as? String })
        #expect(exportedIDs == Set(active.compactMap { $0["id"] as? String }))
        #expect(!exportedIDs.contains(setup.accepted) && !exportedIDs.contains(setup.falsePositive))
        #expect(results.allSatisfy { $0["suppressions"] == nil })
        #expect(stderr.contains("\(all.count - active.count) triaged or fixed findings left out"))
        #expect(all.count - active.count >= 2)

        // 11. At most 25,000 results per run, of which GitHub shows the 5,000 most severe: under
        //     that, no warning (the unit test SARIFExportTests covers the warning).
        #expect(results.count <= 5_000 && !stderr.contains("warning"))
        // 12. At most 25,000 rules per run.
        #expect(rules.count <= 25_000)
    }

    @Test("without --for github every finding stays, triage as suppressions, and the log is valid SARIF")
    func oasisExportKeepsTriage() throws {
        let setup = try Self.setUp()
        let (log, _) = try Self.export(setup)
        let results = try #require((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        let accepted = try #require(results.first { ($0["properties"] as? [String: Any])?["secissue-id"] as? String == setup.accepted })
        let suppression = try #require((accepted["suppressions"] as? [[String: Any]])?.first)
        #expect(suppression["status"] as? String == "accepted" && suppression["kind"] as? String == "external")
        #expect(suppression["justification"] as? String == "risk-accepted: behind VPN")
        let unlocated = try #require(results.first { ($0["properties"] as? [String: Any])?["secissue-id"] as? String == setup.unlocated })
        #expect(unlocated["locations"] == nil)
    }

    @Test("an alert keeps its primaryLocationLineHash when its line moves")
    func fingerprintSurvivesAMove() throws {
        let setup = try Self.setUp()
        func hashAndLine() throws -> (String, Int) {
            let (log, _) = try Self.export(setup, "--for", "github")
            let results = try #require((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
            let result = try #require(results.first { ($0["properties"] as? [String: Any])?["secissue-id"] as? String == setup.critical })
            let hash = try #require((result["partialFingerprints"] as? [String: String])?["primaryLocationLineHash"])
            let line = try #require((((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])?["startLine"] as? Int)
            return (hash, line)
        }
        let (before, line) = try hashAndLine()
        #expect(line == 24)
        // Three lines above it, and the finding follows its code (as a re-import or edit would).
        let app = try setup.sandbox.read("app.py", in: setup.repo)
        try setup.sandbox.write("app.py", "# one\n# two\n# three\n" + app, in: setup.repo)
        let file = findingFile(setup.critical)
        try setup.sandbox.write(file, try setup.sandbox.read(file, in: setup.repo).replacingOccurrences(of: "line: 24", with: "line: 27"), in: setup.repo)
        try setup.sandbox.git("commit", "-qam", "Move the code down", in: setup.repo)
        let (after, moved) = try hashAndLine()
        #expect(moved == 27)
        #expect(after == before)
        // A change to the flagged line's text is another line.
        let changed = try setup.sandbox.read("app.py", in: setup.repo).replacingOccurrences(of: "WHERE name = '\" + name + \"'\")", with: "WHERE name = ?\", (name,))")
        try setup.sandbox.write("app.py", changed, in: setup.repo)
        #expect(try hashAndLine().0 != before)
    }
}
