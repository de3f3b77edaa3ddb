import Foundation
import Testing
import TestSupport

/// The fenced blocks of a documentation page marked `<!-- example: NAME -->`, by name.
func documentedExamples(_ page: String) throws -> [String: String] {
    let url = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/\(page)")
    let text = try String(contentsOf: url, encoding: .utf8)
    var examples: [String: String] = [:]
    let marker = "<!-- example: "
    var rest = text[...]
    while let start = rest.range(of: marker) {
        let nameEnd = rest[start.upperBound...].range(of: " -->")!
        let name = String(rest[start.upperBound..<nameEnd.lowerBound])
        let fenceLine = rest[nameEnd.upperBound...].range(of: "```")!
        let bodyStart = rest[fenceLine.upperBound...].firstIndex(of: "\n").map { rest.index(after: $0) }!
        let close = rest[bodyStart...].range(of: "\n```")!
        examples[name] = String(rest[bodyStart..<close.lowerBound]) + "\n"
        rest = rest[close.upperBound...]
    }
    return examples
}

@Suite("secrets scan", .scratchDirectory)
struct SecretsScanTests {
    static let password = "Falc" + "on#4821river"
    static let sendgrid = "SG." + String(repeating: "Zq8Xv2Lm9Rt4", count: 2).prefix(22) + "." + String(String(repeating: "Wp7Ks3Nd6Hf1Jb5", count: 3).prefix(43))

    @Test("a tree scan files redacted findings with tool secrets, exits 2, and marks a removed secret fixed on the next scan")
    func tree() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try sandbox.write("app/.env", "DATABASE_URL=postgres://app:\(Self.password)@db:5432/app\nSENDGRID_KEY=\(Self.sendgrid)\n", in: repo)
        try sandbox.write("docs/stripe.md", "curl https://api.stripe.com/v1/charges -u sk_test_4eC39HqLyjWDarjtT1zdp7dc:\n", in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "Config", in: repo)
        let scan = try sandbox.secissue("secrets", "scan", in: repo)
        #expect(scan.status == 2, "\(scan.stderr)")
        #expect(scan.lines.prefix(2) == ["app/.env:1:29\tdatabase-url-password\tFalc…(16 chars)", "app/.env:2:14\tsendgrid-api-key\tSG.Z…(69 chars)"])
        #expect(!scan.stdout.contains(Self.password) && !scan.stderr.contains(Self.password))
        let findings = try sandbox.findings(in: repo)
        #expect(findings.count == 2)
        for finding in findings {
            let source = try #require(finding["source"] as? [String: Any])
            #expect(source["tool"] as? String == "secrets")
            #expect((finding["tags"] as? [String])?.contains("secret") == true)
            #expect(finding["severity"] as? String == "high")
        }
        // Nothing in the repository's history holds the secrets: not the findings, not the commit messages.
        let everything = try sandbox.git("log", "-p", "--all", "--", ".security", in: repo)
        #expect(!everything.contains(Self.password) && !everything.contains(Self.sendgrid))

        try sandbox.write("app/.env", "DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app\nSENDGRID_KEY=\(Self.sendgrid)\n", in: repo)
        try sandbox.git("commit", "-qam", "Password from the environment", in: repo)
        let again = try sandbox.secissue("secrets", "scan", "--format", "json", in: repo)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect((object["secrets"] as? [[String: Any]])?.map { $0["rule"] as? String } == ["sendgrid-api-key"])
        #expect(again.stderr.contains("fixed 1"), "\(again.stderr)")
        // PATHS scan part of the tree, and fix nothing.
        let part = try sandbox.secissue("secrets", "scan", "--no-file", "docs", in: repo)
        #expect(part.status == 0 && part.lines.last == "0 secret(s) in 1 file(s)")
    }

    @Test("--history finds a secret that a later commit removed, at the commit that added it")
    func history() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let base = try sandbox.head(repo)
        try sandbox.write("deploy.sh", "curl -u deploy:\(Self.password) https://deploy.example.com\n", in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "Deploy script", in: repo)
        let added = try sandbox.head(repo)
        try sandbox.write("deploy.sh", "curl -u \"deploy:$DEPLOY_PASSWORD\" https://deploy.example.com\n", in: repo)
        try sandbox.git("commit", "-qam", "Password from the environment", in: repo)

        let tree = try sandbox.secissue("secrets", "scan", "--no-file", in: repo)
        #expect(tree.status == 0, "the tree no longer holds it")
        let scan = try sandbox.secissue("secrets", "scan", "--history", "\(base)..HEAD", "--format", "json", in: repo)
        #expect(scan.status == 2, "\(scan.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(scan.stdout.utf8)) as? [String: Any])
        let rows = try #require(object["secrets"] as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["rule"] as? String == "curl-user-password")
        #expect(rows.first?["commit"] as? String == added)
        #expect(object["commits"] as? Int == 2)
        let finding = try #require(try sandbox.findings(in: repo).first)
        #expect((finding["location"] as? [String: Any])?["path"] as? String == "deploy.sh")
        #expect(finding["introduced"] as? String == added || (finding["detected"] as? [String: Any])?["commit"] as? String == added
                || "\(finding)".contains(added), "\(finding)")
        let bad = try sandbox.secissue("secrets", "scan", "--history", "nope..HEAD", in: repo)
        #expect(bad.status == 1)
    }

    @Test("the documented gitleaks example: the team's rule, its allowlist, beside the built-in rules; the hook applies it too")
    func gitleaksExample() throws {
        let examples = try documentedExamples("secrets.md")
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let config = try sandbox.read(".security/config.yml", in: repo)
        let secretsConfig = try #require(examples["config.yml"])
        try sandbox.write(".security/config.yml", config + secretsConfig, in: repo)
        for name in [".gitleaks.toml", "deploy.sh", "testdata/fixture.sh"] {
            try sandbox.write(name, try #require(examples[name], "\(name) in docs/secrets.md"), in: repo)
        }
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "Rules and scripts", in: repo)
        let scan = try sandbox.secissue("secrets", "scan", "--no-file", in: repo)
        #expect(scan.status == 2)
        let expected = try #require(examples["output"]).split(separator: "\n").map(String.init)
        #expect(scan.lines.filter { $0.contains("\t") } == expected)

        // The pre-commit hook reads the same rules.
        #expect(try sandbox.secissue("hooks", "install", in: repo).status == 0)
        try sandbox.write("more.sh", "export OTHER=acme_" + "p0o9i8u7y6t5r4e3w2q1a2s3" + "\n", in: repo)
        try sandbox.git("add", "more.sh", in: repo)
        let commit = try sandbox.run("/usr/bin/git", ["commit", "-qm", "More"], in: repo)
        #expect(commit.status != 0)
        #expect(commit.stderr.contains("acme-service-token"), "\(commit.stderr)")

        // A rules file that does not parse stops the scan with its line.
        try sandbox.write(".gitleaks.toml", "[[rules]]\nid = \"x\"\nregex = \"unclosed\n", in: repo)
        try sandbox.git("commit", "-qam", "Broken rules", "--no-verify", in: repo)
        let broken = try sandbox.secissue("secrets", "scan", "--no-file", in: repo)
        #expect(broken.status == 1 && broken.stderr.contains(".gitleaks.toml:3:"), "\(broken.stderr)")
    }

    @Test("on a fresh corpus of realistic files, recall is 95% or more and false alarms 5% or less")
    func corpus() throws {
        let sandbox = try Sandbox()
        let scripts = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts")
        let out = sandbox.path("corpus")
        let made = try sandbox.run("/usr/bin/env", ["python3", scripts.appendingPathComponent("secrets-corpus").path, "--out", out, "--seed", "5",
                                                    "--per-class", "4"], in: sandbox.root.path)
        #expect(made.status == 0, "\(made.stderr)")
        let result = try sandbox.run("/usr/bin/env", ["python3", scripts.appendingPathComponent("secrets-accuracy").path, "--json",
                                                      "--no-detect-secrets", out], in: sandbox.root.path, env: ["BIN": Sandbox.binary])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let ours = try #require(report["secissue"] as? [String: Any])
        #expect((ours["recall"] as? Double ?? 0) >= 0.95, "\(ours["classes"] ?? "")")
        #expect((ours["false_alarm_rate"] as? Double ?? 1) <= 0.05, "\(ours["benign"] ?? "")")
    }
}

@Suite("detection documentation and corpus", .scratchDirectory)
struct DetectionCorpusTests {
    @Test("the --matches example of docs/telemetry.md prints what the page says")
    func documentedMatches() throws {
        let examples = try documentedExamples("telemetry.md")
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try sandbox.write("access.log", try #require(examples["access.log"]), in: repo)
        let result = try sandbox.secissue("telemetry", "ingest", "--no-file", "--matches", "access.log", in: repo)
        let expected = try #require(examples["matches"]).split(separator: "\n").map(String.init)
        #expect(result.lines == expected, "\(result.stderr)")
    }

    /// A committed sample of scripts/detection-corpus (sqlmap with tampers, wfuzz, gobuster, our
    /// lists, benign traffic that looks dangerous), scored by sender with its stored labels.
    @Test("on the corpus sample every attack class is found at 99% or more, every sweep is seen, and nothing benign is flagged")
    func sample() throws {
        let sandbox = try Sandbox()
        let root = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent()
        let result = try sandbox.run("/usr/bin/env", ["python3", root.appendingPathComponent("scripts/detection-accuracy").path, "--json",
                                                      Fixtures.directory.appendingPathComponent("telemetry/detection-sample.log").path],
                                     in: sandbox.root.path, env: ["BIN": Sandbox.binary])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let classes = try #require(report["classes"] as? [String: [String: Any]])
        for name in ["sqli", "xss", "path-traversal", "cmdi", "recon"] {
            let numbers = try #require(classes[name], "\(name)")
            #expect((numbers["attacks"] as? Int ?? 0) > 0, "\(name) has attacks in the sample")
            #expect((numbers["recall"] as? Double ?? 0) >= 0.99, "\(name): \(numbers)")
        }
        let benign = try #require(report["benign"] as? [String: Any])
        #expect((benign["requests"] as? Int ?? 0) > 1000)
        #expect(benign["false_alarms"] as? Int == 0, "\(benign)")
    }
}
