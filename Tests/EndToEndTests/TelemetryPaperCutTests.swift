import Foundation
import Testing
import TestSupport

/// The first-hour paper cuts of telemetry (issue 20): gzip input as S3 and logrotate leave it,
/// and attacks on a route whose fix is in filed as attempts rather than new vulnerabilities.
@Suite("telemetry paper cuts", .scratchDirectory)
struct TelemetryPaperCutTests {
    static let cloudTrail = Fixtures.directory.appendingPathComponent("telemetry/cloudtrail/records.json").path

    /// Compresses `relative` in `repo` with the real gzip, keeping the original.
    static func gzip(_ sandbox: Sandbox, _ relative: String, in repo: String) throws {
        let result = try sandbox.run("/usr/bin/gzip", ["-k", "-f", relative], in: repo)
        guard result.status == 0 else { throw SandboxError("gzip failed: \(result.stderr)") }
    }

    @Test("a CloudTrail file compressed by gzip, as S3 delivers it, reads in auto mode as the plain file does")
    func cloudTrailGzip() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try sandbox.write("logs/trail.json", try String(contentsOfFile: Self.cloudTrail, encoding: .utf8), in: repo)
        try Self.gzip(sandbox, "logs/trail.json", in: repo)
        let plain = try sandbox.secissue("telemetry", "ingest", "--no-file", "--format", "csv", "logs/trail.json", in: repo)
        let compressed = try sandbox.secissue("telemetry", "ingest", "--no-file", "--format", "csv", "logs/trail.json.gz", in: repo)
        #expect(!compressed.stderr.contains("not a log format"), "\(compressed.stderr)")
        #expect(compressed.status == plain.status && compressed.stdout == plain.stdout, "\(compressed.stderr)")
        #expect(compressed.stdout.contains("cloudtrail/"))
        let table = try sandbox.secissue("telemetry", "ingest", "--no-file", "logs/trail.json.gz", in: repo)
        #expect(table.stdout.hasPrefix("logs/trail.json.gz: cloudtrail, "), "\(table.stdout)")
    }

    @Test("an access log compressed with gzip reads as the plain one, from a file or standard input; gzip members one after another read as one log")
    func accessLogGzip() throws {
        let sandbox = try Sandbox()
        let repo = try TelemetryTests.appRepository(sandbox)
        try sandbox.write("logs/access.log", TelemetryTests.firstLog, in: repo)
        try Self.gzip(sandbox, "logs/access.log", in: repo)
        let plain = try sandbox.secissue("telemetry", "ingest", "--no-file", "--matches", "logs/access.log", in: repo)
        let file = try sandbox.secissue("telemetry", "ingest", "--no-file", "--matches", "logs/access.log.gz", in: repo)
        #expect(file.stdout == plain.stdout.replacingOccurrences(of: "logs/access.log:", with: "logs/access.log.gz:"), "\(file.stderr)")
        #expect(file.lines.count == 4)
        let piped = try sandbox.run("/bin/sh", ["-c", "cat logs/access.log.gz logs/access.log.gz | '\(Sandbox.binary)' telemetry ingest --no-file --format json -"],
                                    in: repo)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(piped.stdout.utf8)) as? [String: Any], "\(piped.stderr)")
        let files = try #require(json["files"] as? [[String: Any]])
        #expect(files.first?["records"] as? Int == 12, "two members, six records each")
    }

    @Test("a truncated .gz fails closed: an error naming the file and the check to run, and nothing filed")
    func truncatedGzip() throws {
        let sandbox = try Sandbox()
        let repo = try TelemetryTests.appRepository(sandbox)
        try sandbox.write("logs/access.log", String(repeating: TelemetryTests.firstLog, count: 50), in: repo)
        try Self.gzip(sandbox, "logs/access.log", in: repo)
        let whole = try Data(contentsOf: URL(fileURLWithPath: repo + "/logs/access.log.gz"))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: repo + "/logs/cut.log.gz"))
        let head = try sandbox.head(repo)
        let result = try sandbox.secissue("telemetry", "ingest", "logs/cut.log.gz", in: repo)
        #expect(result.status == 1)
        #expect(result.stderr.contains("git secissue: error: logs/cut.log.gz: gzip: the compressed data ends before its last member does (a truncated file)"),
                "\(result.stderr)")
        #expect(result.stderr.contains("gzip -t"))
        #expect(try sandbox.head(repo) == head)
        #expect(try sandbox.findings(in: repo).isEmpty)

        // The CRC-32 in the trailer no longer matches what the data inflates to.
        var damaged = [UInt8](whole)
        damaged[damaged.count - 8] ^= 0xFF
        try Data(damaged).write(to: URL(fileURLWithPath: repo + "/logs/bad.log.gz"))
        let bad = try sandbox.secissue("telemetry", "ingest", "logs/bad.log.gz", in: repo)
        #expect(bad.status == 1 && bad.stderr.contains("logs/bad.log.gz: gzip: the compressed data is damaged"), "\(bad.stderr)")
    }

    /// The app of `TelemetryTests` with a scanner's SQL injection finding inside `search()`, fixed.
    static func fixedRoute(_ sandbox: Sandbox, status: String = "fixed") throws -> (repo: String, code: String) {
        let repo = try TelemetryTests.appRepository(sandbox)
        let code = try sandbox.newFinding("--title", "SQL built from the query string", "--severity", "high", "--cwe", "89",
                                          "--path", "app/web.py:6", in: repo)
        if status != "open" {
            let set = try sandbox.secissue("status", code, status, "--commit", "HEAD", in: repo)
            guard set.status == 0 else { throw SandboxError("status failed: \(set.stderr)") }
        }
        try sandbox.write("logs/access.log", TelemetryTests.firstLog, in: repo)
        return (repo, code)
    }

    @Test("attacks on a route whose code finding is fixed are attempts: low, tagged, linked to the finding, and the gate passes")
    func attemptsOnFixedRoute() throws {
        let sandbox = try Sandbox()
        let (repo, code) = try Self.fixedRoute(sandbox)
        let result = try sandbox.secissue("telemetry", "ingest", "--format", "json", "logs/access.log", in: repo)
        #expect(result.status == 0, "attempts do not fail the gate: \(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let rows = try #require(json["findings"] as? [[String: Any]])
        let sqli = try #require(rows.first { $0["rule"] as? String == "sqli" })
        #expect(sqli["severity"] as? String == "low")
        #expect(sqli["attempt"] as? Bool == true)
        #expect(sqli["code_findings"] as? [String] == [code])
        #expect(json["gate"] as? [String] == [])
        let xss = try #require(rows.first { $0["rule"] as? String == "xss" })
        #expect(xss["attempt"] as? Bool == false, "no code declares /comment")

        let filed = try #require(try sandbox.findings(in: repo).first { ($0["source"] as? [String: Any])?["rule"] as? String == "sqli" })
        #expect(filed["severity"] as? String == "low")
        #expect(filed["tags"] as? [String] == ["attempted"])
        let description = try #require(filed["description"] as? String)
        #expect(description.contains("**Code findings of this route (all fixed):**"))
        #expect(description.contains("- \(code) (fixed): SQL built from the query string"))
    }

    @Test("telemetry.attempts sets the severity of attempts and whether they fail the gate")
    func attemptsPolicy() throws {
        let sandbox = try Sandbox()
        let (repo, _) = try Self.fixedRoute(sandbox)
        let config = try sandbox.read(".security/config.yml", in: repo)
        try sandbox.write(".security/config.yml", config.replacingOccurrences(of: "    severity: low\n", with: "    severity: high\n"), in: repo)
        let ungated = try sandbox.secissue("telemetry", "ingest", "--no-file", "logs/access.log", in: repo)
        #expect(ungated.status == 0, "high, but attempts fail the gate only with gate: true: \(ungated.stderr)")
        #expect(ungated.lines.contains { $0.hasPrefix("high ") && $0.contains(" sqli ") }, "\(ungated.stdout)")
        try sandbox.write(".security/config.yml", config.replacingOccurrences(of: "    severity: low\n    gate: false\n",
                                                                             with: "    severity: high\n    gate: true\n"), in: repo)
        try sandbox.git("commit", "-qam", "Gate on attempts", in: repo)
        let result = try sandbox.secissue("telemetry", "ingest", "logs/access.log", in: repo)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.lines.contains { $0.hasPrefix("high ") && $0.contains(" sqli ") }, "\(result.stdout)")
        #expect(result.stderr.contains("gate"), "\(result.stderr)")

        try sandbox.write(".security/config.yml", config.replacingOccurrences(of: "    gate: false\n", with: "    gate: maybe\n"), in: repo)
        let bad = try sandbox.secissue("telemetry", "ingest", "--no-file", "logs/access.log", in: repo)
        #expect(bad.status == 1 && bad.stderr.contains("'maybe' is not true or false"), "\(bad.stderr)")
    }

    @Test("attacks on a route whose code finding is still open keep their severity, fail the gate and name the finding")
    func attacksOnOpenRoute() throws {
        let sandbox = try Sandbox()
        let (repo, code) = try Self.fixedRoute(sandbox, status: "open")
        let result = try sandbox.secissue("telemetry", "ingest", "logs/access.log", in: repo)
        #expect(result.status == 2)
        let filed = try #require(try sandbox.findings(in: repo).first { ($0["source"] as? [String: Any])?["rule"] as? String == "sqli" })
        #expect(filed["severity"] as? String == "high")
        #expect((filed["tags"] as? [String] ?? []).isEmpty)
        #expect((filed["description"] as? String)?.contains("- \(code) (open): SQL built from the query string") == true)
    }
}
