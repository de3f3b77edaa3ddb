import Foundation
import Testing
import TestSupport

/// Output a person and a program can use: tables that fit the terminal, JSON reports and JSON
/// errors with stable codes, and progress only where a person watches.
@Suite("terminal width and JSON for programs", .scratchDirectory)
struct TerminalAndJSONTests {
    static let longTitle = "SQL injection in the search endpoint, where the name parameter is concatenated into the query text"

    /// Runs the binary on a pseudo-terminal (util-linux `script`), as a person at a terminal would.
    func onTerminal(_ sandbox: Sandbox, _ arguments: [String], in directory: String, columns: Int) throws -> String {
        let command = ([Sandbox.binary] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let result = try sandbox.run("/usr/bin/script", ["-qec", command, "/dev/null"], in: directory, env: ["COLUMNS": String(columns)])
        #expect(result.status == 0, "\(result.stdout)")
        return result.stdout.replacingOccurrences(of: "\r\n", with: "\n")
    }

    @Test("on an 80-column terminal list fits, the title shortened with …; --wide and a pipe show it whole")
    func tableWidth() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        _ = try sandbox.newFinding("--title", Self.longTitle, "--path", "app/db.py:4", in: repo)
        let fitted = try onTerminal(sandbox, ["list"], in: repo, columns: 80)
        let rows = fitted.split(separator: "\n")
        #expect(rows.count == 2 && rows.allSatisfy { $0.count <= 80 }, "\(fitted)")
        #expect(fitted.contains("…") && fitted.contains("app/db.py:4"), "\(fitted)")
        #expect(try onTerminal(sandbox, ["list", "--wide"], in: repo, columns: 80).contains(Self.longTitle))
        #expect(try sandbox.secissue("list", in: repo, env: ["COLUMNS": "80"]).stdout.contains(Self.longTitle))
    }

    @Test("import and ci --format json report the filing; validate and sync too")
    func jsonReports() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        let imported = try sandbox.secissue("import", Fixtures.sarif("bandit.sarif"), "--format", "json", in: repo)
        #expect(imported.status == 0, "\(imported.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [String: Any])
        #expect((report["counts"] as? [String: Int])?["new"] == 18)
        #expect((report["new"] as? [String])?.count == 18)
        #expect(report["outcome"] as? String == "committed")
        #expect(report["commit"] as? String == (try sandbox.git("rev-parse", "HEAD", in: repo)).trimmingCharacters(in: .newlines))
        #expect(imported.stderr.isEmpty, "\(imported.stderr)")

        let ci = try sandbox.secissue("ci", "--sarif", Fixtures.sarif("bandit.sarif"), "--mode", "report", "--format", "json", in: repo)
        #expect(ci.status == 0, "\(ci.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(ci.stdout.utf8)) as? [String: Any])
        #expect(summary["mode"] as? String == "report" && summary["outcome"] as? String == "unchanged")
        #expect((summary["gate"] as? [String: Any])?["passed"] as? Bool == true)
        #expect((summary["counts"] as? [String: Int])?["unchanged"] == 18)

        let validate = try sandbox.secissue("validate", "--format", "json", in: repo)
        #expect(validate.status == 0)
        #expect((try JSONSerialization.jsonObject(with: Data(validate.stdout.utf8)) as? [String: Any])?["valid"] as? Bool == true)
        let sync = try sandbox.secissue("sync", "--format", "json", in: repo)
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect((try JSONSerialization.jsonObject(with: Data(sync.stdout.utf8)) as? [String: Any])?["linked"] as? Int == 0)
    }

    @Test("errors are JSON with a stable code under --error-format json or --format json", arguments: [
        (["list", "--error-format", "json"], "not-initialised", 1),
        (["show", "SEC-nothing", "--format", "json"], "no-such-finding", 1),
        (["list", "--no-such-flag", "--error-format=json"], "usage", 64),
        (["import", "--format", "json", "missing.sarif"], "invalid-input", 1),
    ])
    func jsonErrors(arguments: [String], code: String, status: Int32) throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository(initialise: !arguments.contains("list") || arguments.contains("--no-such-flag"))
        let result = try sandbox.run(Sandbox.binary, arguments, in: repo)
        #expect(result.status == status, "\(result.stderr)")
        let error = try #require((try JSONSerialization.jsonObject(with: Data(result.stderr.utf8)) as? [String: Any])?["error"] as? [String: Any],
                                 "\(result.stderr)")
        #expect(error["code"] as? String == code)
        #expect((error["message"] as? String)?.isEmpty == false)
        #expect(result.stdout.isEmpty)
    }

    @Test("a failed gate is a JSON error listing its reasons; text errors stay text")
    func gateAsJSON() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        let result = try sandbox.secissue("ci", "--sarif", Fixtures.sarif("bandit.sarif"), "--mode", "commit", "--format", "json", in: repo)
        #expect(result.status == 2)
        let error = try #require((try JSONSerialization.jsonObject(with: Data(result.stderr.utf8)) as? [String: Any])?["error"] as? [String: Any])
        #expect(error["code"] as? String == "gate-failed")
        #expect((error["reasons"] as? [String])?.isEmpty == false)
        let text = try sandbox.secissue("show", "SEC-nothing", in: repo)
        #expect(text.stderr.hasPrefix("git secissue: error: no finding matches"), "\(text.stderr)")
    }

    @Test("no progress line when standard error is not a terminal")
    func progressOnlyOnTerminal() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        let result = try sandbox.secissue("import", Fixtures.sarif("semgrep.sarif"), in: repo)
        #expect(result.status == 0)
        #expect(!result.stderr.contains("\r") && !result.stderr.contains("\u{1B}"), "\(result.stderr)")
    }
}
