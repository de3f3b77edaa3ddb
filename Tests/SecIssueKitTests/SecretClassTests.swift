import Foundation
import Testing
@testable import SecIssueKit

/// Values of each format, put together at run time so that this file holds no whole token.
private enum Made {
    static let mixed = "Zq8Xv2Lm9Rt4Wp7Ks3Nd6Hf1Jb5Gc0Ya"
    static let hexAlphabet = "3f9a0c7e1b5d28a4f6c0e9b7d1a3c5e8"
    static func body(_ count: Int, from alphabet: String = mixed) -> String {
        String(String(repeating: alphabet, count: count / alphabet.count + 1).prefix(count))
    }
    /// A chosen password: two kinds of character and more, not built from default words.
    static let password = "Falc" + "on#4821river"
}

private func found(_ path: String, _ text: String, custom: GitleaksRules? = nil) -> [SecretMatch] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { ($0.offset + 1, String($0.element)) }
    return SecretScanner.scan(path: path, lines: lines, allowlist: SecretAllowlist(), custom: custom)
}

@Suite("secret classes the first rules missed")
struct SecretClassTests {
    static let samples: [(rule: String, path: String, text: String, secret: String)] = [
        ("database-url-password", ".env", "DATABASE_URL=postgres://app:\(Made.password)@db:5432/app", Made.password),
        ("database-url-password", "app.py", "engine = create_engine(\"mysql+pymysql://root:\(Made.password)@db/shop\")", Made.password),
        ("database-url-password", "compose.yml", "  MONGO_URL: mongodb+srv://admin:\(Made.password)@cluster0.ab1cd.mongodb.net/prod", Made.password),
        ("database-url-password", "worker.py", "r = redis.from_url(\"redis://:\(Made.password)@cache:6379/0\")", Made.password),
        ("jdbc-password", "app.properties", "url=jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=\(Made.password)", Made.password),
        ("azure-storage-key", "appsettings.json", "\"DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=\(Made.body(86))==;\"", Made.body(86) + "=="),
        ("sendgrid-api-key", "mail.py", "sg = SendGridAPIClient('SG." + Made.body(22) + "." + Made.body(43) + "')", "SG." + Made.body(22) + "." + Made.body(43)),
        ("twilio-auth-token", "sms.py", "client = Client('AC" + Made.body(32, from: Made.hexAlphabet) + "', '" + Made.body(32, from: "0a1b2c3d4e5f6789") + "')",
         Made.body(32, from: "0a1b2c3d4e5f6789")),
        ("mailgun-api-key", "send.sh", "curl -s --user 'api:key-" + Made.body(32) + "' https://api.mailgun.net/v3", "key-" + Made.body(32)),
        ("pypi-token", "release.sh", "twine upload -u __token__ -p pypi-AgEIcHlwaS5vcmc" + Made.body(60) + " dist/*", "pypi-AgEIcHlwaS5vcmc" + Made.body(60)),
        ("vault-token", "login.sh", "vault login hv" + "s." + Made.body(90), "hv" + "s." + Made.body(90)),
        ("openai-api-key", "chat.py", "client = OpenAI(api_key=\"sk-" + "proj-" + Made.body(100) + "\")", "sk-" + "proj-" + Made.body(100)),
        ("anthropic-api-key", "claude.ts", "new Anthropic({ apiKey: 'sk-" + "ant-api03-" + Made.body(93) + "AA' })", "sk-" + "ant-api03-" + Made.body(93) + "AA"),
        ("docker-config-auth", "config.json", "      \"auth\": \"" + Data("deploy:\(Made.password)".utf8).base64EncodedString() + "\"",
         Data("deploy:\(Made.password)".utf8).base64EncodedString()),
        ("curl-user-password", "backup.sh", "curl -u backup:\(Made.password) -X POST https://backup.acme.io/api", Made.password),
        ("generic-secret", "application.properties", "spring.datasource.password=\(Made.password)", Made.password),
        ("xml-secret-value", "web.config", "    <add key=\"DbPassword\" value=\"\(Made.password)\" />", Made.password),
        ("generic-secret", "Dockerfile", "    DB_PASSWORD=\(Made.password) \\", Made.password),
    ]

    @Test("each class is found, on its line, as its own rule", arguments: samples.indices)
    func classes(index: Int) {
        let sample = Self.samples[index]
        let matches = found(sample.path, sample.text)
        #expect(matches.map(\.rule) == [sample.rule], "\(sample.text)")
        #expect(matches.first?.secret == sample.secret)
    }

    @Test("a Terraform default is a secret when its variable's name says so")
    func terraform() {
        let text = "variable \"db_password\" {\n  type = string\n  default = \"\(Made.password)\"\n}\nvariable \"region\" {\n  default = \"eu-west-1-\(Made.body(12))\"\n}\n"
        let matches = found("variables.tf", text)
        #expect(matches.map(\.rule) == ["terraform-secret-default"])
        #expect(matches.first?.line == 3)
    }

    @Test("vendors' documentation examples, placeholders and references are not secrets", arguments: [
        "curl https://api.stripe.com/v1/charges -u sk_test_4eC39HqLyjWDarjtT1zdp7dc:",
        "token: xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
        "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;",
        "DATABASE_URL=postgres://user:password@localhost:5432/app", "DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app",
        "curl -u \"$DEPLOY_USER:$DEPLOY_TOKEN\" https://deploy.acme.io", "url: https://user@example.com/repo.git",
        "password: hunter2hunter2", "spring.datasource.password=changeme", "<add key=\"PasswordPolicy\" value=\"strict\" />",
        "      \"auth\": \"" + Data("user:pass".utf8).base64EncodedString() + "\"", "SID: AC" + String(repeating: "x", count: 32),
        "ENV APP_HOME=/app \\",
    ])
    func quiet(text: String) {
        #expect(found("docs.md", text).isEmpty, "\(text)")
        #expect(found("settings.env", text).isEmpty, "\(text)")
    }
}

@Suite("gitleaks rules")
struct GitleaksRulesTests {
    static let config = #"""
    title = "acme"
    [extend]
    useDefault = true

    [[rules]]
    id = "acme-token"
    description = "ACME internal token"
    regex = '''acme_(?P<body>[a-z0-9]{24})'''
    secretGroup = 1
    keywords = ["acme_"]
    entropy = 3.0

    [[rules]]
    id = "acme-db"   # a comment after a value
    regex = "db_pw\\s*=\\s*\"([^\"]+)\""
    [rules.allowlist]
    stopwords = ["localdev"]

    [allowlist]
    description = "global"
    paths = ['''(^|/)testdata/''']
    regexes = ['''^acme_0{24}$''']
    regexTarget = "match"
    """#

    @Test("rules apply with their keywords, groups, entropy and allowlists; RE2 named groups work")
    func rules() throws {
        let rules = try GitleaksRules(toml: Self.config, path: ".gitleaks.toml")
        #expect(rules.rules.map(\.id) == ["acme-token", "acme-db"])
        let token = "acme_" + "k3x9q2m7v5b1n8c4z6w0r2t7"
        #expect(found("app.py", "TOKEN = '\(token)'", custom: rules).map(\.rule) == ["acme-token"])
        #expect(found("app.py", "TOKEN = '\(token)'", custom: rules).first?.secret == String(token.dropFirst(5)))
        #expect(found("app.py", "TOKEN = 'acme_" + String(repeating: "0", count: 24) + "'", custom: rules).isEmpty, "global allowlist on the match")
        #expect(found("app.py", "TOKEN = 'acme_aaaaaaaaaaaaaaaaaaaaaaaa'", custom: rules).isEmpty, "below the rule's entropy")
        #expect(found("testdata/app.py", "TOKEN = '\(token)'", custom: rules).isEmpty, "global allowlist on the path")
        #expect(found("db.cfg", "db_pw = \"Xk3!pq88\"", custom: rules).map(\.rule) == ["acme-db"])
        #expect(found("db.cfg", "db_pw = \"localdev-1\"", custom: rules).isEmpty, "the rule's stopword")
    }

    @Test("a bad file is refused with its line; Go's ungreedy flag is refused with advice", arguments: [
        ("[[rules]]\nid = \"x\"\nregex = \"unclosed\n", ".gitleaks.toml:3: a string on one line is not closed before the line ends"),
        ("[[rules]]\nid = \"x\"\nregex = '''(?U)a+'''\n", "the ungreedy flag (?U)"),
        ("[[rules]]\ndescription = \"no id\"\nregex = 'a'\n", "rule 1 has no id"),
        ("[[rules]]\nid = \"x\"\nregex = '''([a-'''\n", "is not a regular expression"),
    ])
    func refused(text: String, message: String) {
        do {
            _ = try GitleaksRules(toml: text, path: ".gitleaks.toml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
    }

    @Test("the TOML subset: multi-line strings and arrays, escapes, inline tables, dotted keys")
    func toml() throws {
        let root = try TOMLSubset.parse("a.b = 1\n[t]\nlist = [\n  'x', # one\n  \"y\\u0041\",\n]\ntext = '''\nline\n'''\ninline = { k = true, f = 1.5 }\n", path: "t.toml")
        #expect(root["a"]?.table?["b"] == .integer(1))
        let table = try #require(root["t"]?.table)
        #expect(table["list"] == .array([.string("x"), .string("yA")]))
        #expect(table["text"] == .string("line\n"))
        #expect(table["inline"] == .table(["k": .bool(true), "f": .float(1.5)]))
    }
}

@Suite("config: gitleaks rules and recon thresholds")
struct DetectionConfigTests {
    @Test("secrets.gitleaks_config names a file inside the repository; the recon thresholds are read and checked")
    func config() throws {
        let config = try Config(yaml: "secrets:\n  gitleaks_config: .gitleaks.toml\ntelemetry:\n  bursts:\n    client_4xx_paths: 30\n    rate_factor: 5\n    rate_min_responses: 10\n")
        #expect(config.gitleaksConfig == ".gitleaks.toml")
        #expect(config.telemetry.clientPaths4xx == 30 && config.telemetry.rateFactor == 5 && config.telemetry.rateMinimum == 10)
        for bad in ["secrets:\n  gitleaks_config: ../other/rules.toml\n", "secrets:\n  gitleaks_config: /etc/rules.toml\n",
                    "telemetry:\n  bursts:\n    rate_factor: 1\n"] {
            #expect(throws: FileProblem.self, "\(bad)") { try Config(yaml: bad) }
        }
    }
}
