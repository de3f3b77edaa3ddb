import Foundation

/// One kind of secret the pre-commit scanner looks for: an id, a description and a compiled pattern.
///
/// Every pattern names the text it reports: the `secret` group, or for an assignment the `key`
/// and one of the value groups (`dq`, `sq`, `bt`, `bare`).
struct SecretRule: Sendable {
    /// How a match is judged before it is reported.
    enum Check: Sendable {
        /// A vendor token with a fixed shape: only documentation placeholders are dropped.
        case token
        /// The first line of a private key: always reported, as no placeholder has one.
        case header
        /// `name = value` under a secret-sounding name: the value has to look random (or, under a
        /// name that says password, like a chosen password).
        case assignment
        /// A password written into a URL, a JDBC string or a command line (`secret` group): judged
        /// as a chosen password, as it is one.
        case credential
        /// Docker's config.json `auth`: base64 of `user:password`.
        case basicAuth
    }

    let id: String
    let description: String
    let check: Check
    /// Literals one of which every match holds: text without one is not matched at all.
    let keywords: SecretKeywords
    private let pattern: CompiledOnDemand

    /// The compiled pattern, compiled on first use: the hook compiles only the rules whose
    /// keywords a commit's lines hold. Nil when it fails to compile (a test checks none does),
    /// which finds nothing rather than crashing the hook.
    var regex: NSRegularExpression? { pattern.regex }

    /// The matches in `text`; none, without compiling or running the pattern, when `present`
    /// (the same text) holds none of the keywords.
    func matches(in text: String, keywords present: KeywordText) -> [NSTextCheckingResult] {
        guard keywords.mayOccur(in: present), let regex else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text))
    }

    /// The rules in priority order: where two match the same text, only the earlier is reported,
    /// so a GitHub token assigned to `token` is one finding, not two.
    static let definitions: [(id: String, description: String, check: Check, keywords: SecretKeywords, pattern: String)] = [
        ("aws-access-key-id", "AWS access key ID", .token, .exact("AKIA", "ASIA"),
         #"(?<![A-Za-z0-9])(?<secret>(?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Za-z0-9])"#),
        // The secret key has no prefix of its own, so only its name next to it marks it.
        ("aws-secret-access-key", "AWS secret access key", .token, .anyCase("secret"),
         #"(?i:aws[_.-]?secret[A-Za-z0-9_.-]{0,20}|secret[_.-]?access[_.-]?key[A-Za-z0-9_.-]{0,10})["'\]]{0,2}\s*(?::=|=>|=|:)\s*["'`]?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"#),
        ("github-token", "GitHub token", .token, .exact("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
         #"(?<![A-Za-z0-9_])(?<secret>gh[pousr]_[A-Za-z0-9]{36,251})(?![A-Za-z0-9_])"#),
        ("github-fine-grained-token", "GitHub fine-grained personal access token", .token, .exact("github_pat_"),
         #"(?<![A-Za-z0-9_])(?<secret>github_pat_[A-Za-z0-9_]{60,244})(?![A-Za-z0-9_])"#),
        ("gitlab-token", "GitLab personal access token", .token, .exact("glpat-"),
         #"(?<![A-Za-z0-9_-])(?<secret>glpat-[A-Za-z0-9_-]{20,250})(?![A-Za-z0-9_-])"#),
        // Slack puts a numeric team or user id after the prefix, which `xoxb-your-token` lacks.
        ("slack-token", "Slack token", .token, .exact("xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-"),
         #"(?<![A-Za-z0-9])(?<secret>xox[abprs]-[0-9]{1,20}-[A-Za-z0-9-]{8,250})(?![A-Za-z0-9-])"#),
        ("slack-webhook", "Slack incoming webhook URL", .token, .exact("https://hooks.slack.com/services/T"),
         #"(?<secret>https://hooks\.slack\.com/services/T[A-Za-z0-9_]{6,20}/B[A-Za-z0-9_]{6,20}/[A-Za-z0-9_]{16,64})(?![A-Za-z0-9_])"#),
        ("stripe-live-key", "Stripe live secret or restricted key", .token, .exact("sk_live_", "rk_live_"),
         #"(?<![A-Za-z0-9_])(?<secret>(?:sk|rk)_live_[A-Za-z0-9]{16,247})(?![A-Za-z0-9_])"#),
        ("stripe-test-key", "Stripe test secret or restricted key", .token, .exact("sk_test_", "rk_test_"),
         #"(?<![A-Za-z0-9_])(?<secret>(?:sk|rk)_test_[A-Za-z0-9]{16,247})(?![A-Za-z0-9_])"#),
        ("google-api-key", "Google API key", .token, .exact("AIza"),
         #"(?<![A-Za-z0-9_-])(?<secret>AIza[A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])"#),
        ("sendgrid-api-key", "SendGrid API key", .token, .exact("SG."),
         #"(?<![A-Za-z0-9_-])(?<secret>SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])"#),
        // A Twilio account SID names the account; the auth token beside it (`-u AC…:token`,
        // `Client("AC…", "token")`) is the secret.
        ("twilio-auth-token", "Twilio auth token", .token, .exact("AC"),
         #"(?<![A-Za-z0-9])AC[0-9a-f]{32}(?![A-Za-z0-9])[^\n]{0,80}?(?<![A-Za-z0-9])(?<secret>[0-9a-f]{32})(?![A-Za-z0-9])"#),
        ("twilio-api-key", "Twilio API key", .token, .exact("SK"),
         #"(?<![A-Za-z0-9])(?<secret>SK[0-9a-f]{32})(?![A-Za-z0-9])"#),
        ("mailgun-api-key", "Mailgun API key", .token, .exact("key-"),
         #"(?<![A-Za-z0-9_-])(?<secret>key-[0-9a-zA-Z]{32})(?![A-Za-z0-9_-])"#),
        ("pypi-token", "PyPI upload token", .token, .exact("pypi-AgEIcHlwaS5vcmc"),
         #"(?<![A-Za-z0-9_-])(?<secret>pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,500})(?![A-Za-z0-9_-])"#),
        ("vault-token", "HashiCorp Vault token", .token, .exact("hvs.", "hvb.", "hvr."),
         #"(?<![A-Za-z0-9_.-])(?<secret>hv[sbr]\.[A-Za-z0-9_-]{24,300})(?![A-Za-z0-9_-])"#),
        ("openai-api-key", "OpenAI API key", .token, .exact("sk-"),
         #"(?<![A-Za-z0-9_-])(?<secret>sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,300}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}))(?![A-Za-z0-9_-])"#),
        ("anthropic-api-key", "Anthropic API key", .token, .exact("sk-ant-"),
         #"(?<![A-Za-z0-9_-])(?<secret>sk-ant-(?:api|admin|sid)[0-9]{2}-[A-Za-z0-9_-]{80,300})(?![A-Za-z0-9_-])"#),
        ("azure-storage-key", "Azure storage account key", .token, .anyCase("accountkey="),
         #"(?i:AccountKey)=(?<secret>[A-Za-z0-9+/]{86}==)"#),
        // postgres://user:password@host, mysql://, mongodb+srv://, redis://:password@, amqp://…
        ("database-url-password", "Password in a database URL", .credential, .exact("://"),
         #"(?i:\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|cockroachdb|clickhouse)(?:\+[a-z0-9]+)?://)[^\s:/@'"]{0,100}:(?<secret>[^\s@/'"]{1,200})@"#),
        ("jdbc-password", "Password in a JDBC URL", .credential, .anyCase("jdbc:"),
         #"(?i:jdbc:[a-z0-9]+:)[^\s'"]{0,300}?[?;&](?i:password|pwd)=(?<secret>[^;&\s'"]{1,200})"#),
        ("url-password", "Password in a URL", .credential, .exact("://"),
         #"(?i:\b(?:https?|ftps?|sftp|smtps?|ldaps?)://)[^\s:/@'"]{1,100}:(?<secret>[^\s@/'"]{1,200})@[A-Za-z0-9.-]"#),
        ("curl-user-password", "Password on a curl command line", .credential, .anyCase("curl"),
         #"(?i:\bcurl\b)[^\n]{0,300}?\s(?:-u|--user)\s*['"]?[^\s:'"]{1,100}:(?<secret>[^\s'"]{1,200})"#),
        ("docker-config-auth", "Docker registry credentials (config.json auth)", .basicAuth, .exact("\"auth\""),
         #""auth"\s*:\s*"(?<secret>[A-Za-z0-9+/]{8,400}={0,2})""#),
        // RSA, EC, DSA, OPENSSH, ENCRYPTED, PKCS#8 (no word) and PGP's "PRIVATE KEY BLOCK".
        ("private-key", "Private key", .header, .exact("-----BEGIN "),
         #"(?<secret>-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----)"#),
        ("jwt", "JSON Web Token", .token, .exact("eyJ"),
         #"(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])"#),
        // The look-ahead is a cheap filter; `namesSecret` then decides on whole words of the key.
        // A key may carry a type (`let token: String =`); a value is quoted or bare (a `#` glued to
        // the value is part of it, as in .env, .properties and YAML; ` #` starts a comment). Quantifiers
        // are possessive (`{0,60}+`) and a bare value stops at `=` but for base64 padding, so that
        // a minified line does not make the engine retry every length of every value.
        // `<add key="DbPassword" value="…"/>`, `<property name="password" value="…"/>`.
        ("xml-secret-value", "Hard-coded secret in an XML value", .assignment, .exact("value"),
         #"<[A-Za-z][^<>]{0,200}?\b(?:key|name)\s*=\s*["'](?<key>[A-Za-z_][A-Za-z0-9_.:-]{0,60})["'][^<>]{0,200}?\bvalue\s*=\s*(?:"(?<dq>[^"\n]{1,300}+)"|'(?<sq>[^'\n]{1,300}+)')"#),
        ("generic-secret", "Hard-coded secret", .assignment, .anyCase("pass", "pwd", "secret", "token", "api", "access"),
         #"(?<![A-Za-z0-9_])(?=[A-Za-z0-9_.-]{0,60}(?i:passw(?:or)?d|pwd|pass(?![A-Za-z])|secret|token|api[_-]?key|access[_-]?key))(?<key>[A-Za-z_][A-Za-z0-9_.-]{0,60}+)["']?\]?\s*(?::\s*[A-Za-z_][A-Za-z0-9_.<>?!\[\]]{0,40}\s*(?==(?![=~>])))?(?::=|=>|=(?![=~])|:(?!:))\s*(?:[rRbBuU]{0,2}"(?<dq>(?:[^"\\\n]|\\.){1,300}+)"|[rRbBuU]{0,2}'(?<sq>[^'\n]{1,300}+)'|`(?<bt>[^`\n]{1,300}+)`|(?<bare>(?:[^\s"'`,;#(){}\[\]<>=]|(?<=[^\s=:])#){1,300}+={0,2}+)(?=$|[\s,;#)}\]]))"#),
    ]

    /// The rules, each compiled when first needed.
    static let all: [SecretRule] = definitions.map { definition in
        SecretRule(id: definition.id, description: definition.description, check: definition.check,
                   keywords: definition.keywords, pattern: CompiledOnDemand(definition.pattern))
    }

    // MARK: Judging assignments

    /// Words of a key, or endings of words run together (`AUTHTOKEN`), that make it name a secret
    /// (`DB_PASSWORD`, `clientSecret`); `tokenizer` and `tokens` do not end in one.
    private static let secretWords = ["password", "passwd", "secret", "token", "apikey", "accesskey"]

    /// Last words of a key that name something about a secret rather than the secret itself:
    /// `token_url`, `password_hash`, `SECRET_NAME`, `TOKEN_ENV`.
    private static let nonSecretLastWords: Set<String> = [
        "url", "uri", "endpoint", "path", "file", "filename", "dir", "name", "type", "id", "length", "len", "size",
        "count", "hash", "regex", "pattern", "field", "header", "prefix", "env", "var", "hint", "label", "format",
        "expiry", "expires", "ttl", "timeout", "version",
    ]

    /// Ways code reads a secret from elsewhere; a value holding one is a reference, not a literal.
    private static let references = ["environ", "getenv", "process.env", "env[", "env.fetch", "environment["]

    /// Words that mark a value as a stand-in (`your-api-key`, `changeme`, AWS's `...EXAMPLEKEY`).
    private static let placeholderWords = [
        "example", "placeholder", "changeme", "change_me", "change-me", "replaceme", "replace_me", "replace-me",
        "your", "dummy", "redacted", "sample", "fake",
    ]

    /// Extensions of source code, where a bare value (`token = make_token_v2`) is an expression;
    /// elsewhere (.env, YAML, shell, INI) a bare value is the literal itself.
    private static let sourceExtensions: Set<String> = [
        "swift", "py", "js", "jsx", "mjs", "cjs", "ts", "tsx", "go", "rb", "java", "kt", "kts", "scala", "cs", "c",
        "h", "cc", "cpp", "hpp", "m", "mm", "rs", "php", "dart", "lua", "groovy", "ex", "exs",
    ]

    /// True when the key, split into words, names a secret and does not end in a word that makes
    /// it about the secret (its URL, file or hash).
    static func namesSecret(_ key: String) -> Bool {
        let words = words(of: key)
        guard let last = words.last, !nonSecretLastWords.contains(last) else { return false }
        return words.indices.contains { index in
            let word = words[index]
            if word == "pwd" || word == "pass" || secretWords.contains(where: { word.hasSuffix($0) }) { return true }
            let next = index + 1 < words.count ? words[index + 1] : ""
            return (word == "api" || word == "access") && next == "key"
        }
    }

    /// The lower-cased words of an identifier, split at punctuation, camel case and digits:
    /// `APIKey2` is `api`, `key`, `2`.
    static func words(of name: String) -> [String] {
        var words: [String] = []
        var current = ""
        let characters = Array(name)
        for (index, character) in characters.enumerated() {
            guard character.isLetter || character.isNumber else {
                if !current.isEmpty { words.append(current) }
                current = ""
                continue
            }
            if let previous = current.last {
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                let startsWord = (character.isUppercase && !previous.isUppercase)
                    || (character.isUppercase && previous.isUppercase && next?.isLowercase == true)
                    || character.isNumber != previous.isNumber
                if startsWord {
                    words.append(current)
                    current = ""
                }
            }
            current.append(character)
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0.lowercased() }
    }

    /// True for values that stand in for a secret: masks, `<...>`, `${...}`, `{{...}}`, `$VAR`,
    /// environment look-ups and placeholder words.
    static func isPlaceholder(_ value: Substring) -> Bool {
        if value.allSatisfy({ "xX*._-#•".contains($0) }) { return true }
        if ["${", "{{", "#{", "%("].contains(where: { value.contains($0) }) { return true }
        if value.hasPrefix("{") && value.hasSuffix("}") { return true }
        if value.range(of: #"<[^<>]+>"#, options: .regularExpression) != nil { return true }
        if value.range(of: #"^\$(?:[A-Za-z_][A-Za-z0-9_]*|\(.*\))$"#, options: .regularExpression) != nil { return true }
        let lower = value.lowercased()
        return references.contains { lower.contains($0) } || placeholderWords.contains { lower.contains($0) }
    }

    /// True when a bare value reads as a literal: letters and digits together, and not a dotted
    /// path such as `settings.api_token`, which is a reference.
    static func isBareLiteral(_ value: Substring) -> Bool {
        value.contains(where: \.isLetter) && value.contains(where: \.isNumber)
            && value.range(of: #"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$"#, options: .regularExpression) == nil
    }

    /// True when the key names a password rather than a generated secret: its value may be a
    /// chosen password, judged by `isPasswordLiteral`.
    static func namesPassword(_ key: String) -> Bool {
        words(of: key).contains { ["password", "passwd", "pwd", "pass", "passphrase"].contains($0) || $0.hasSuffix("password") }
    }

    /// Words that make a value a default or a stand-in rather than a chosen password.
    private static let defaultPasswordWords = ["password", "passwd", "secret", "changeme", "example", "xxxx", "****", "redacted",
                                               "placeholder", "dummy", "sample", "your", "none", "null"]

    /// A chosen password: `minimum` characters or more, two kinds of character or more (lower,
    /// upper, digit, symbol), not a placeholder or a reference, and not built from the words
    /// defaults use (`Password123!`, `changeme`, `secret`).
    static func isPasswordLiteral(_ value: Substring, minimum: Int = 8) -> Bool {
        guard value.count >= minimum, value.count <= 300, !value.contains(where: \.isWhitespace), !isPlaceholder(value) else { return false }
        if value.hasPrefix("$") || value.hasPrefix("%") || value.contains("(") { return false }
        let lower = value.lowercased()
        guard !defaultPasswordWords.contains(where: lower.contains) else { return false }
        var kinds = Set<Int>()
        for character in value {
            kinds.insert(character.isLowercase ? 0 : character.isUppercase ? 1 : character.isNumber ? 2 : 3)
        }
        return kinds.count >= 2 && SecretScanner.entropy(String(value)) >= 3.0
    }

    /// Values that vendors publish in their documentation, which every copy of a tutorial holds:
    /// Stripe's and Slack's example keys (AWS's end in EXAMPLE and are skipped by that word).
    static let documentedExamples: Set<String> = [
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "sk_test_BQokikJOvBiI2HlWgH4olfQ2", "sk_test_26PHem9AhJZvU623DfE1x4sd",
        "rk_test_4eC39HqLyjWDarjtT1zdp7dc", "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
        "xoxp-2423917427-2423917431-2445017466-5f1e7ed4a5", "key-3ax6xnjp29jd6fds4gc373sgvjxteol0",
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
    ]

    /// True for a documentation value: a published example, a JWT whose claims are jwt.io's
    /// ("John Doe", issued at 1516239022), or a value padded with a run of one character
    /// (`T00000000/B00000000/XXXXXXXX…`, `ACxxxxxxxx…`).
    static func isDocumentationExample(_ secret: String) -> Bool {
        if documentedExamples.contains(secret) || secret.contains("EXAMPLE") { return true }
        if secret.hasPrefix("eyJ"), let payload = jwtPayload(secret),
           payload.contains("\"John Doe\"") || payload.contains("1516239022") { return true }
        var run = 1
        var previous: Character?
        for character in secret {
            run = character == previous ? run + 1 : 1
            if run >= 8 { return true }
            previous = character
        }
        return false
    }

    /// The decoded second part of a JWT.
    static func jwtPayload(_ token: String) -> String? {
        let parts = token.split(separator: ".")
        guard parts.count >= 2 else { return nil }
        var base64 = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map { String(decoding: $0, as: UTF8.self) }
    }

    static func isSourceCode(_ path: String) -> Bool {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return false }
        return sourceExtensions.contains(path[path.index(after: dot)...].lowercased())
    }
}

/// A regular expression compiled the first time it is asked for, once, whichever thread asks.
private final class CompiledOnDemand: @unchecked Sendable {
    private let pattern: String
    private let lock = NSLock()
    private var compiled: NSRegularExpression??

    init(_ pattern: String) { self.pattern = pattern }

    var regex: NSRegularExpression? {
        lock.lock()
        defer { lock.unlock() }
        if let compiled { return compiled }
        let made = try? NSRegularExpression(pattern: pattern)
        compiled = .some(made)
        return made
    }
}
