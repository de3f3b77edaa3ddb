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
        /// `name = value` under a secret-sounding name: the value has to look random.
        case assignment
    }

    let id: String
    let description: String
    let check: Check
    let regex: NSRegularExpression

    /// The rules in priority order: where two match the same text, only the earlier is reported,
    /// so a GitHub token assigned to `token` is one finding, not two.
    static let definitions: [(id: String, description: String, check: Check, pattern: String)] = [
        ("aws-access-key-id", "AWS access key ID", .token,
         #"(?<![A-Za-z0-9])(?<secret>(?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Za-z0-9])"#),
        // The secret key has no prefix of its own, so only its name next to it marks it.
        ("aws-secret-access-key", "AWS secret access key", .token,
         #"(?i:aws[_.-]?secret[A-Za-z0-9_.-]{0,20}|secret[_.-]?access[_.-]?key[A-Za-z0-9_.-]{0,10})["'\]]{0,2}\s*(?::=|=>|=|:)\s*["'`]?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"#),
        ("github-token", "GitHub token", .token,
         #"(?<![A-Za-z0-9_])(?<secret>gh[pousr]_[A-Za-z0-9]{36,251})(?![A-Za-z0-9_])"#),
        ("github-fine-grained-token", "GitHub fine-grained personal access token", .token,
         #"(?<![A-Za-z0-9_])(?<secret>github_pat_[A-Za-z0-9_]{60,244})(?![A-Za-z0-9_])"#),
        ("gitlab-token", "GitLab personal access token", .token,
         #"(?<![A-Za-z0-9_-])(?<secret>glpat-[A-Za-z0-9_-]{20,250})(?![A-Za-z0-9_-])"#),
        // Slack puts a numeric team or user id after the prefix, which `xoxb-your-token` lacks.
        ("slack-token", "Slack token", .token,
         #"(?<![A-Za-z0-9])(?<secret>xox[abprs]-[0-9]{1,20}-[A-Za-z0-9-]{8,250})(?![A-Za-z0-9-])"#),
        ("slack-webhook", "Slack incoming webhook URL", .token,
         #"(?<secret>https://hooks\.slack\.com/services/T[A-Za-z0-9_]{6,20}/B[A-Za-z0-9_]{6,20}/[A-Za-z0-9_]{16,64})(?![A-Za-z0-9_])"#),
        ("stripe-live-key", "Stripe live secret or restricted key", .token,
         #"(?<![A-Za-z0-9_])(?<secret>(?:sk|rk)_live_[A-Za-z0-9]{16,247})(?![A-Za-z0-9_])"#),
        ("stripe-test-key", "Stripe test secret or restricted key", .token,
         #"(?<![A-Za-z0-9_])(?<secret>(?:sk|rk)_test_[A-Za-z0-9]{16,247})(?![A-Za-z0-9_])"#),
        ("google-api-key", "Google API key", .token,
         #"(?<![A-Za-z0-9_-])(?<secret>AIza[A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])"#),
        // RSA, EC, DSA, OPENSSH, ENCRYPTED, PKCS#8 (no word) and PGP's "PRIVATE KEY BLOCK".
        ("private-key", "Private key", .header,
         #"(?<secret>-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----)"#),
        ("jwt", "JSON Web Token", .token,
         #"(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])"#),
        // The look-ahead is a cheap filter; `namesSecret` then decides on whole words of the key.
        // A key may carry a type (`let token: String =`); a value is quoted or bare. Quantifiers
        // are possessive (`{0,60}+`) and a bare value stops at `=` but for base64 padding, so that
        // a minified line does not make the engine retry every length of every value.
        ("generic-secret", "Hard-coded secret", .assignment,
         #"(?<![A-Za-z0-9_])(?=[A-Za-z0-9_.-]{0,60}(?i:passw(?:or)?d|pwd|secret|token|api[_-]?key|access[_-]?key))(?<key>[A-Za-z_][A-Za-z0-9_.-]{0,60}+)["']?\]?\s*(?::\s*[A-Za-z_][A-Za-z0-9_.<>?!\[\]]{0,40}\s*(?==(?![=~>])))?(?::=|=>|=(?![=~])|:(?!:))\s*(?:[rRbBuU]{0,2}"(?<dq>(?:[^"\\\n]|\\.){1,300}+)"|[rRbBuU]{0,2}'(?<sq>[^'\n]{1,300}+)'|`(?<bt>[^`\n]{1,300}+)`|(?<bare>[^\s"'`,;#(){}\[\]<>=]{1,300}+={0,2}+)(?=$|[\s,;#)}\]]))"#),
    ]

    /// The compiled rules. A pattern that fails to compile is left out rather than crashing the
    /// hook; a test checks that none does.
    static let all: [SecretRule] = definitions.compactMap { definition in
        guard let regex = try? NSRegularExpression(pattern: definition.pattern) else { return nil }
        return SecretRule(id: definition.id, description: definition.description, check: definition.check, regex: regex)
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
            if word == "pwd" || secretWords.contains(where: { word.hasSuffix($0) }) { return true }
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

    static func isSourceCode(_ path: String) -> Bool {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return false }
        return sourceExtensions.contains(path[path.index(after: dot)...].lowercased())
    }
}
