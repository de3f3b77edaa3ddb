import Foundation
import Testing
@testable import SecIssueKit

/// Fake secrets of the right shapes, put together at run time so that this file holds no whole
/// token for another scanner (or this one) to flag.
private enum Fake {
    static let mixed = "Zq8Xv2Lm9Rt4Wp7Ks3Nd6Hf1Jb5Gc0Ya"
    static let upper = "Q7WE9RT2YU4IO6PA8SD3FG5HJ1KL0ZXCVBNM"
    static let base64 = "Zq8Xv2Lm9/Rt4Wp7Ks3+Nd6Hf1Jb5Gc0Ya"

    /// `count` characters cycled from `alphabet`: random-looking, yet the same on every run.
    static func body(_ count: Int, from alphabet: String = mixed) -> String {
        String(String(repeating: alphabet, count: count / alphabet.count + 1).prefix(count))
    }

    static let awsKeyID = "AK" + "IA" + body(16, from: upper)
    static let awsSecret = body(40, from: base64)
    static let githubToken = "gh" + "p_" + body(36)
    static let githubOAuth = "gh" + "o_" + body(36)
    static let githubFineGrained = "github" + "_pat_" + body(22) + "_" + body(59)
    static let gitlab = "gl" + "pat-" + body(20)
    static let slack = "xo" + "xb-" + "1234567890" + "-" + "9876543210" + "-" + body(24)
    static let slackWebhook = "https://hooks.slack" + ".com/services/" + "T0ABC1DEF" + "/" + "B0GHI2JKL" + "/" + body(24)
    static let stripeLive = "sk" + "_live_" + body(24)
    static let stripeRestricted = "rk" + "_live_" + body(24)
    static let stripeTest = "sk" + "_test_" + body(24)
    static let google = "AI" + "za" + body(35)
    static let jwt = "ey" + "JhbGciOiJIUzI1NiJ9" + "." + "eyJzdWIiOiIxMjM0NTY3ODkwIn0" + "." + body(43)
    static let value = body(24)
}

/// A line a change adds, and what the scanner should say about it.
struct SecretSample: Sendable, CustomTestStringConvertible {
    let rule: String
    let path: String
    let text: String
    let secret: String
    var testDescription: String { "\(rule) in \(path)" }

    init(_ rule: String, _ path: String, _ before: String, _ secret: String, _ after: String = "") {
        self.rule = rule
        self.path = path
        text = before + secret + after
        self.secret = secret
    }
}

@Suite("secret scanner")
struct SecretScannerTests {
    static let tokens: [SecretSample] = [
        SecretSample("aws-access-key-id", "config/prod.ini", "aws_access_key_id = \"", Fake.awsKeyID, "\""),
        SecretSample("aws-secret-access-key", ".env", "AWS_SECRET_ACCESS_KEY=", Fake.awsSecret),
        SecretSample("aws-secret-access-key", "template.yml", "      SecretAccessKey: '", Fake.awsSecret, "'"),
        SecretSample("github-token", "Makefile", "\tgit clone https://", Fake.githubToken, "@github.com/org/repo.git"),
        SecretSample("github-token", "client.py", "headers = {\"Authorization\": \"token ", Fake.githubOAuth, "\"}"),
        SecretSample("github-fine-grained-token", ".env", "GH_PAT=", Fake.githubFineGrained),
        SecretSample("gitlab-token", "deploy.sh", "GITLAB_TOKEN=\"", Fake.gitlab, "\""),
        SecretSample("slack-token", "bot.py", "client = WebClient(\"", Fake.slack, "\")"),
        SecretSample("slack-webhook", "alerts.yml", "url: ", Fake.slackWebhook),
        SecretSample("stripe-live-key", "Billing.java", "Stripe.apiKey = \"", Fake.stripeLive, "\";"),
        SecretSample("stripe-live-key", "pay.js", "const stripe = require(\"stripe\")(\"", Fake.stripeRestricted, "\");"),
        SecretSample("stripe-test-key", "ci.yml", "STRIPE_KEY: ", Fake.stripeTest),
        SecretSample("google-api-key", "index.html", "<script src=\"https://maps.googleapis.com/maps/api/js?key=", Fake.google, "\"></script>"),
        SecretSample("jwt", "call.sh", "curl -H \"Authorization: Bearer ", Fake.jwt, "\" https://api.example.com"),
    ]

    static let assignments: [SecretSample] = [
        SecretSample("generic-secret", "settings.py", "DB_PASSWORD = \"", Fake.value, "\""),
        SecretSample("generic-secret", "app.py", "client = Client(api_key='", Fake.value, "')"),
        SecretSample("generic-secret", "client.py", "headers = {\"x-api-key\": \"", Fake.value, "\"}"),
        SecretSample("generic-secret", "config.js", "const config = { clientSecret: \"", Fake.value, "\" };"),
        SecretSample("generic-secret", "index.ts", "export const apiToken = `", Fake.value, "`;"),
        SecretSample("generic-secret", "appsettings.json", "  \"ConnectionPassword\": \"", Fake.value, "\","),
        SecretSample("generic-secret", "docker-compose.yml", "      POSTGRES_PASSWORD: ", Fake.value),
        SecretSample("generic-secret", "values.yaml", "  secret: \"", Fake.value, "\""),
        SecretSample("generic-secret", ".env", "API_KEY=", Fake.value),
        SecretSample("generic-secret", "deploy.sh", "export ACCESS_KEY=", Fake.value, " # staging"),
        SecretSample("generic-secret", "settings.ini", "pwd = ", Fake.value),
        SecretSample("generic-secret", "Secrets.swift", "    static let apiKey: String = \"", Fake.value, "\""),
        SecretSample("generic-secret", "main.go", "\tauthToken := \"", Fake.value, "\""),
        SecretSample("generic-secret", "secrets.rb", "  config.secret_key_base = '", Fake.value, "'"),
        SecretSample("generic-secret", "settings.php", "$dbPassword = '", Fake.value, "';"),
        SecretSample("generic-secret", "api.py", "AUTH_TOKEN = \"Bearer ", Fake.value, "\""),
    ]

    /// Lines that hold no secret, each with the path it is scanned under.
    static let clean: [(path: String, text: String)] = [
        // Placeholders and references.
        ("a.py", "password = \"xxxxxxxxxxxxxxxx\""),
        ("a.yml", "password: \"********************\""),
        ("a.py", "api_key = \"<your-api-key>\""),
        (".env", "API_TOKEN=${API_TOKEN}"),
        ("values.yaml", "password: \"{{ .Values.dbPassword }}\""),
        (".github/workflows/ci.yml", "  GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}"),
        ("a.py", "token = os.environ[\"API_TOKEN\"]"),
        ("a.py", "token = os.getenv(\"API_TOKEN\", \"\")"),
        ("a.js", "const apiKey = process.env.STRIPE_API_KEY;"),
        ("a.rb", "token = ENV.fetch(\"API_TOKEN\")"),
        ("a.sh", "PASSWORD=\"$DB_PASSWORD_FROM_VAULT\""),
        ("README.md", "export API_KEY=your-api-key-goes-here-123"),
        ("docs/setup.md", "token: " + "gh" + "p_" + String(repeating: "x", count: 36)),
        ("docs/aws.md", "aws_access_key_id = " + "AK" + "IA" + "IOSFODNN7" + "EXAMPLE"),
        // Chosen passwords, too short or too predictable to be generated.
        ("a.py", "password = \"changeme\""),
        ("a.yml", "password: hunter2hunter2"),
        (".env", "DB_PASSWORD=\"Password123!\""),
        ("a.py", "secret = \"aaaaaaaaaaaaaaaaaaaaaaaa\""),
        // Ordinary code.
        ("a.swift", "let tokenizer = Tokenizer(vocabulary: \"abcdefghijklmnopqrstuvwxyz0123\")"),
        ("a.py", "password = request.form[\"password\"]"),
        ("a.swift", "if token == expectedToken {"),
        ("a.swift", "func validate(password: String) -> Bool {"),
        ("a.py", "token_url = \"https://oauth2.googleapis.com/token\""),
        ("a.py", "max_tokens = 4096"),
        ("a.py", "token = generate_token_v2"),
        ("a.py", "error_token = \"The token has expired, please sign in again\""),
        (".env", "PASSWORD_FILE=/run/secrets/db_password_2024"),
        ("a.json", "  \"password_hint\": \"Use 12+ characters with numbers and symbols\","),
    ]

    @Test("each vendor rule finds a token of its shape", arguments: tokens)
    func vendorToken(sample: SecretSample) {
        let matches = SecretScanner.scan(path: sample.path, lines: [(1, sample.text)], allowlist: SecretAllowlist())
        #expect(matches.map(\.rule) == [sample.rule])
        #expect(matches.first?.secret == sample.secret)
    }

    @Test("private key blocks of every kind", arguments: ["RSA ", "EC ", "DSA ", "OPENSSH ", "ENCRYPTED ", ""])
    func privateKey(kind: String) {
        let header = "-----BEGIN " + kind + "PRIVATE" + " KEY-----"
        let matches = SecretScanner.scan(path: "deploy/id", lines: [(1, header)], allowlist: SecretAllowlist())
        #expect(matches.map(\.rule) == ["private-key"])
        #expect(matches.first?.secret == header)
    }

    @Test("a PGP private key block inside a JSON string")
    func pgpPrivateKey() {
        let header = "-----BEGIN PGP " + "PRIVATE" + " KEY BLOCK-----"
        let matches = SecretScanner.scan(path: "keys.json", lines: [(3, "  \"key\": \"" + header + "\\nlQdG\",")], allowlist: SecretAllowlist())
        #expect(matches.map(\.secret) == [header])
        #expect(matches.first?.column == 11)
    }

    @Test("generic assignments in Python, JS, JSON, YAML, .env, shell, Swift, Go, Ruby and PHP", arguments: assignments)
    func genericAssignment(sample: SecretSample) {
        let matches = SecretScanner.scan(path: sample.path, lines: [(1, sample.text)], allowlist: SecretAllowlist())
        #expect(matches.map(\.rule) == [sample.rule])
        #expect(matches.first?.secret == sample.secret)
    }

    @Test("placeholders, chosen passwords and ordinary code are not secrets", arguments: clean)
    func noSecret(path: String, text: String) {
        #expect(SecretScanner.scan(path: path, lines: [(1, text)], allowlist: SecretAllowlist()).isEmpty)
    }

    @Test("a bare value is a literal in configuration but an expression in source code")
    func bareValues() {
        let line = [(1, "token = " + Fake.value)]
        #expect(SecretScanner.scan(path: "app.py", lines: line, allowlist: SecretAllowlist()).isEmpty)
        #expect(SecretScanner.scan(path: "app.cfg", lines: line, allowlist: SecretAllowlist()).map(\.secret) == [Fake.value])
        #expect(SecretScanner.scan(path: "app.cfg", lines: [(1, "token = settings.api_token_value")], allowlist: SecretAllowlist()).isEmpty)
    }

    @Test("a line marked secissue:allow is skipped in any comment style",
          arguments: ["  # secissue:allow", " // secissue:allow", " /* secissue:allow */", " <!-- secissue:allow -->", " -- secissue:allow"])
    func allowMarker(comment: String) {
        let lines = [(1, "api_key = \"" + Fake.value + "\"" + comment), (2, "aws = \"" + Fake.awsKeyID + "\"")]
        let matches = SecretScanner.scan(path: "a.txt", lines: lines, allowlist: SecretAllowlist())
        #expect(matches.map(\.line) == [2])
    }

    @Test("an allowlisted path is not scanned")
    func allowlistedPath() {
        let allowlist = SecretAllowlist(paths: ["tests/fixtures/**", "*.pem"])
        let lines = [(1, "token: " + Fake.githubToken)]
        #expect(SecretScanner.scan(path: "tests/fixtures/github/event.yml", lines: lines, allowlist: allowlist).isEmpty)
        #expect(SecretScanner.scan(path: "server.pem", lines: lines, allowlist: allowlist).isEmpty)
        #expect(SecretScanner.scan(path: "src/tests/fixtures.yml", lines: lines, allowlist: allowlist).count == 1)
    }

    @Test("an allowlisted rule is skipped and the generic rule does not report its token instead")
    func allowlistedRule() {
        let lines = [(1, "STRIPE_SECRET_KEY = \"" + Fake.stripeTest + "\""), (2, "STRIPE_LIVE = \"" + Fake.stripeLive + "\"")]
        let all = SecretScanner.scan(path: "a.py", lines: lines, allowlist: SecretAllowlist())
        #expect(all.map(\.rule) == ["stripe-test-key", "stripe-live-key"])
        let allowed = SecretScanner.scan(path: "a.py", lines: lines, allowlist: SecretAllowlist(rules: ["stripe-test-key"]))
        #expect(allowed.map(\.rule) == ["stripe-live-key"])
    }

    @Test("a token assigned to a secret-sounding name is one finding, from its own rule")
    func oneFindingPerSecret() {
        let matches = SecretScanner.scan(path: "a.py", lines: [(1, "GITHUB_TOKEN = \"" + Fake.githubToken + "\"")], allowlist: SecretAllowlist())
        #expect(matches.map(\.rule) == ["github-token"])
    }

    @Test("line numbers are the new file's, columns count Unicode scalars from 1")
    func lineAndColumn() {
        let lines = [(7, "// nothing here"), (42, "/* cafe\u{301} */ token = \"" + Fake.value + "\"")]
        let matches = SecretScanner.scan(path: "a.js", lines: lines, allowlist: SecretAllowlist())
        #expect(matches.count == 1)
        #expect(matches.first?.line == 42)
        #expect(matches.first?.column == 22)
        #expect(matches.first?.path == "a.js")
        #expect(matches.first?.description == "Hard-coded secret")
    }

    @Test("several secrets on one line come in column order")
    func columnOrder() {
        let line = "AWS_ACCESS_KEY_ID=" + Fake.awsKeyID + " AWS_SECRET_ACCESS_KEY=" + Fake.awsSecret
        let matches = SecretScanner.scan(path: "ci.env", lines: [(5, line)], allowlist: SecretAllowlist())
        #expect(matches.map(\.rule) == ["aws-access-key-id", "aws-secret-access-key"])
        #expect(matches.map(\.column) == [19, 62])
    }

    @Test("redacted shows four characters and the length, never the secret")
    func redacted() {
        let samples = Self.tokens + Self.assignments
        let matches = samples.flatMap { SecretScanner.scan(path: $0.path, lines: [(1, $0.text)], allowlist: SecretAllowlist()) }
        #expect(matches.count == samples.count)
        for match in matches {
            #expect(!match.redacted.contains(match.secret))
            #expect(match.redacted == String(match.secret.prefix(4)) + "…(\(match.secret.count) chars)")
        }
        #expect(matches.first?.redacted == "AKIA…(20 chars)")
        let short = SecretMatch(rule: "r", description: "d", path: "p", line: 1, column: 1, secret: "abcdef")
        #expect(short.redacted == "ab…(6 chars)")
    }

    @Test("entropy is in bits per character")
    func entropy() {
        #expect(SecretScanner.entropy("") == 0)
        #expect(SecretScanner.entropy("aaaa") == 0)
        #expect(SecretScanner.entropy("abab") == 1)
        #expect(SecretScanner.entropy("abcd") == 2)
        #expect(abs(SecretScanner.entropy("0123456789abcdef") - 4) < 1e-9)
        #expect(SecretScanner.entropy(Fake.value) >= SecretScanner.minimumGenericEntropy)
    }

    @Test("every rule compiles and has its own id")
    func ruleTable() {
        #expect(SecretRule.all.allSatisfy { $0.regex != nil })
        #expect(Set(SecretScanner.ruleIDs).count == SecretScanner.ruleIDs.count)
        #expect(SecretScanner.ruleIDs.last == "generic-secret")
    }

    /// Every line a rule's pattern matches, in the samples here and in the fixtures, holds one
    /// of the rule's keywords: the prefilter never hides a match the full rule set finds.
    @Test("a rule's keywords are in every line its pattern matches")
    func keywordsAreSound() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        var lines = (Self.tokens + Self.assignments).map(\.text) + Self.clean.map(\.text) + SecretClassTests.samples.map(\.text)
        // ICU folds case beyond ASCII: the Kelvin sign is a `k`, so this line names a token.
        lines.append("to\u{212A}en = \"" + Fake.value + "\"")
        let fixtures = FileManager.default.enumerator(at: root.appendingPathComponent("Fixtures"), includingPropertiesForKeys: nil)
        while let file = fixtures?.nextObject() as? URL {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            lines += text.split(separator: "\n").map(String.init)
        }
        var matched = 0
        for line in lines {
            let present = KeywordText(line)
            for rule in SecretRule.all {
                guard let regex = rule.regex, regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil else { continue }
                matched += 1
                #expect(rule.keywords.mayOccur(in: present), "\(rule.id): \(line)")
            }
        }
        #expect(matched >= (Self.tokens + Self.assignments).count)
    }

    @Test("the scanner's own sources and these tests hold nothing it reports")
    func selfScan() throws {
        let tests = URL(fileURLWithPath: #filePath)
        let hooks = tests.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/SecIssueKit/Secrets")
        let files = [tests, hooks.appendingPathComponent("SecretScanner.swift"), hooks.appendingPathComponent("SecretRules.swift")]
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { ($0.offset + 1, String($0.element)) }
            #expect(SecretScanner.scan(path: file.lastPathComponent, lines: lines, allowlist: SecretAllowlist()) == [], "\(file.lastPathComponent)")
        }
    }

    @Test("keys are read as words, so tokenizer is not a token and token_url is not a secret")
    func keyWords() {
        #expect(SecretRule.words(of: "APIKey2") == ["api", "key", "2"])
        #expect(SecretRule.words(of: "db-password_hash") == ["db", "password", "hash"])
        for key in ["DB_PASSWORD", "clientSecret", "x-api-key", "AUTHTOKEN", "pwd", "self.access_key"] {
            #expect(SecretRule.namesSecret(key), "\(key)")
        }
        for key in ["tokenizer", "token_url", "password_hash", "SECRET_NAME", "keys", "passwordless"] {
            #expect(!SecretRule.namesSecret(key), "\(key)")
        }
    }
}
