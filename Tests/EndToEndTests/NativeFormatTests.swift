import Foundation
import Testing
import TestSupport

@Suite("import: scanners' own JSON", .scratchDirectory)
struct NativeFormatTests {
    static func fixture(_ name: String) -> String { Fixtures.directory.appendingPathComponent("native/\(name)").path }

    /// A fixture, what it files, and what the findings must show.
    struct Case: Sendable, CustomTestStringConvertible {
        let file: String
        let tool: String
        let new: Int
        /// rule -> status of findings that must be there.
        let statuses: [String: String]
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(file: "osv-scanner.json", tool: "osv-scanner", new: 2, statuses: ["GHSA-x84v-xcm2-53pg": "open", "PYSEC-2020-96": "open"]),
        Case(file: "pip-audit.json", tool: "pip-audit", new: 4, statuses: ["PYSEC-2018-28": "open", "PYSEC-2019-179": "open"]),
        Case(file: "npm-audit.json", tool: "npm-audit", new: 2, statuses: ["GHSA-jf85-cpcp-j695": "open", "GHSA-35jh-r3h4-6jhm": "open"]),
        Case(file: "trivy.json", tool: "trivy", new: 5, statuses: ["CVE-2018-18074": "open", "DS001": "open", "github-pat": "open"]),
        Case(file: "gitleaks.json", tool: "gitleaks", new: 2, statuses: ["aws-access-token": "open", "github-pat": "open"]),
        Case(file: "detect-secrets.json", tool: "detect-secrets", new: 7, statuses: ["github-token": "open", "secret-keyword": "open"]),
        Case(file: "cyclonedx-vex.json", tool: "cyclonedx", new: 3,
             statuses: ["CVE-2018-18074": "confirmed", "CVE-2020-1747": "false-positive", "CVE-2019-10906": "open"]),
        Case(file: "defectdojo.json", tool: "defectdojo", new: 3,
             statuses: ["SQLI-01": "confirmed", "verbose-error-pages": "false-positive", "missing-rate-limit-on-login": "open"]),
    ]

    @Test("each format: the fixture files the expected findings, no secret is written, and re-importing writes nothing", arguments: cases)
    func importsNatively(_ example: Case) throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        let first = try sandbox.secissue("import", Self.fixture(example.file), in: repo)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("new \(example.new), updated 0, reopened 0, fixed 0,"), "\(first.stdout)")
        let findings = try sandbox.findings(in: repo)
        #expect(findings.count == example.new)
        #expect(findings.allSatisfy { ($0["source"] as? [String: Any])?["tool"] as? String == example.tool })
        for (rule, status) in example.statuses {
            let finding = findings.first { ($0["source"] as? [String: Any])?["rule"] as? String == rule }
            #expect(finding?["status"] as? String == status, "\(rule): \(finding?["status"] ?? "missing")")
        }
        // The fake credentials of config.py, and detect-secrets' hashes of them, never reach git.
        let written = try sandbox.git("log", "-p", "-1", in: repo)
        for secret in ["AKIAIOSFODNN7EXAMPLE", "ghp_FAKE0123456789", "wJalrXUtnFEMI", "hunter2", "d70eab08607a4d05faa2d0d6647206599e9abc65"] {
            #expect(!written.contains(secret), "\(secret) was written")
        }
        #expect(try sandbox.git("log", "-1", "--format=%s", in: repo).hasPrefix("secissue: import \(example.tool): new \(example.new)"))

        let head = try sandbox.head(repo)
        let again = try sandbox.secissue("import", Self.fixture(example.file), in: repo)
        #expect(again.stdout.hasPrefix("new 0, updated 0, reopened 0, fixed 0, unchanged \(example.new)"), "\(again.stdout)")
        #expect(try sandbox.head(repo) == head)
    }

    @Test("VEX: an analysis that turns to resolved fixes the finding; a suppressed secret is a false positive")
    func triageChanges() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        #expect(try sandbox.secissue("import", Self.fixture("cyclonedx-vex.json"), in: repo).status == 0)
        let resolved = try String(contentsOfFile: Self.fixture("cyclonedx-vex.json"), encoding: .utf8)
            .replacingOccurrences(of: "\"state\": \"in_triage\"", with: "\"state\": \"resolved\"")
        try sandbox.write("vex.json", resolved, in: sandbox.root.path)
        let second = try sandbox.secissue("import", sandbox.path("vex.json"), in: repo)
        #expect(second.stdout.hasPrefix("new 0, updated 0, reopened 0, fixed 1,"), "\(second.stdout)")

        let audited = try String(contentsOfFile: Self.fixture("detect-secrets.json"), encoding: .utf8)
            .replacingOccurrences(of: "\"line_number\": 9\n", with: "\"line_number\": 9,\n      \"is_secret\": false\n")
        try sandbox.write("baseline.json", audited, in: sandbox.root.path)
        #expect(try sandbox.secissue("import", sandbox.path("baseline.json"), in: repo).status == 0)
        let keyword = try sandbox.findings(in: repo).first {
            ($0["location"] as? [String: Any])?["line"] as? Int == 9 && ($0["source"] as? [String: Any])?["tool"] as? String == "detect-secrets"
        }
        #expect(keyword?["status"] as? String == "false-positive")
    }

    @Test("malformed input in a known shape names the format; other tools' output says which flag writes SARIF", arguments: [
        ("{\"results\":[{\"packages\":[{\"package\":{}}],\"source\":{\"path\":\"requirements.txt\"}}]}", "OSV-Scanner JSON, but results[0] has a package without package.name"),
        ("{\"dependencies\":[{\"vulns\":[]}],\"fixes\":[]}", "pip-audit JSON, but dependencies[0] has no name"),
        ("{\"auditReportVersion\":2,\"vulnerabilities\":[]}", "npm audit JSON (v2), but no \"vulnerabilities\" object"),
        ("{\"auditReportVersion\":1}", "npm audit JSON version 1, which import does not read: run npm 7 or later"),
        ("{\"SchemaVersion\":2,\"Results\":[{\"Class\":\"lang-pkgs\"}]}", "Trivy JSON, but Results[0] has no Target"),
        ("[{\"RuleID\":\"aws\",\"Secret\":\"x\"}]", "gitleaks JSON, but leak [0] has no RuleID or File"),
        ("{\"version\":\"1.5.0\",\"plugins_used\":[],\"results\":{\"a.py\":[{\"line_number\":1}]}}", "detect-secrets baseline, but results.a.py[0] has no type"),
        ("{\"bomFormat\":\"CycloneDX\",\"vulnerabilities\":[{\"ratings\":[]}]}", "CycloneDX VEX, but vulnerabilities[0] has no id"),
        ("{\"bomFormat\":\"CycloneDX\",\"components\":[]}", "a CycloneDX SBOM without vulnerabilities, which import does not read"),
        ("{\"findings\":[{\"title\":\"x\",\"severity\":\"Severe\"}]}", "DefectDojo generic findings JSON, but findings[0] has severity Severe"),
        ("[{\"file\":\"deploy.sh\",\"line\":3,\"column\":8,\"level\":\"warning\",\"code\":2086,\"message\":\"Double quote\"}]", "ShellCheck JSON (shellcheck -f json), which import does not read: ShellCheck writes no SARIF"),
        ("{\"results\":[{\"check_id\":\"x\",\"path\":\"a.py\"}],\"errors\":[]}", "Semgrep JSON, which import does not read: run semgrep scan --sarif"),
        ("{\"results\":[{\"test_id\":\"B105\"}],\"metrics\":{}}", "Bandit JSON, which import does not read: run bandit -r . -f sarif"),
        ("[]", "gitleaks writes this when it finds nothing; give --tool gitleaks"),
        ("<checkstyle/>", "XML, not JSON"),
        ("{\"name\":\"shop\",\"dependencies\":{}}", "JSON with the keys \"dependencies\", \"name\" is no scanner output this tool reads"),
    ])
    func refusals(_ content: String, _ message: String) throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        try sandbox.write("scan.json", content, in: sandbox.root.path)
        let head = try sandbox.head(repo)
        let result = try sandbox.secissue("import", sandbox.path("scan.json"), in: repo)
        #expect(result.status == 1)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try sandbox.head(repo) == head)
    }

    @Test("an empty gitleaks report with --tool gitleaks is a clean scan: its findings are fixed")
    func cleanGitleaks() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        #expect(try sandbox.secissue("import", Self.fixture("gitleaks.json"), in: repo).status == 0)
        try sandbox.write("empty.json", "[]\n", in: sandbox.root.path)
        let clean = try sandbox.secissue("import", sandbox.path("empty.json"), "--tool", "gitleaks", in: repo)
        #expect(clean.stdout.hasPrefix("new 0, updated 0, reopened 0, fixed 2,"), "\(clean.stdout) \(clean.stderr)")
    }
}
