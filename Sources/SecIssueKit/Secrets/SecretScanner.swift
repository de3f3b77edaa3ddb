import Foundation

/// A secret found on a line that a change adds.
public struct SecretMatch: Sendable, Equatable {
    /// The rule's id, e.g. `aws-access-key-id`, as `SecretAllowlist.rules` names it.
    public let rule: String
    /// What was found, e.g. "AWS access key ID".
    public let description: String
    public let path: String
    /// The 1-based line in the new file.
    public let line: Int
    /// The 1-based column where the secret starts, counted in Unicode scalars as the SARIF
    /// regions that `Redaction` reads are.
    public let column: Int
    /// The matched secret value only, not the whole line. Print `redacted` instead.
    public let secret: String

    /// The value as it may be printed: first 4 characters, then "…" and the length, e.g. "AKIA…(20 chars)"; never the whole value.
    public var redacted: String {
        // At most a third of the value, so that even a short one is never shown whole; every rule
        // needs 12 characters or more, so in practice this is 4.
        let shown = min(4, secret.count / 3)
        return String(secret.prefix(shown)) + "…(\(secret.count) chars)"
    }
}

/// Paths and rules the secret scanner skips, from the repository's configuration.
public struct SecretAllowlist: Sendable {
    /// Globs on repository paths, as `Glob` reads them, e.g. `tests/fixtures/**`.
    public var paths: [String]
    /// Ids of rules to ignore, e.g. `stripe-test-key`.
    public var rules: [String]

    public init(paths: [String] = [], rules: [String] = []) {
        self.paths = paths
        self.rules = rules
    }
}

/// Finds secrets on the lines a commit adds, for the pre-commit hook.
public enum SecretScanner {
    /// Marks a line as reviewed: a line containing it is skipped, whatever comment syntax surrounds it.
    public static let allowMarker = "secissue:allow"

    /// The id of every rule, in priority order, for checking the ids an allowlist names.
    public static var ruleIDs: [String] { SecretRule.all.map(\.id) }

    /// A generic value has to look generated: 12 characters or more at 3.5 bits per character or
    /// more. Chosen words and defaults (`changeme`, `Password123!`, `admin-admin`) stay below it,
    /// as do most identifiers, while generated keys clear it (hex about 3.7 to 4, base64 about 5).
    /// A 12-character value needs 11 distinct characters to reach it, as log2(12) is about 3.58.
    static let minimumGenericEntropy = 3.5
    static let minimumGenericLength = 12

    /// A vendor token whose body repeats one character (`ghp_xxxx…`, `AKIAXXXX…`) comes from
    /// documentation; real tokens are random and far above this.
    static let minimumTokenEntropy = 3.0

    /// Scans the added lines of one file. `lines` are (line number, text) pairs of lines the change adds.
    /// `custom` adds a team's own rules (a gitleaks configuration) after the built-in ones.
    public static func scan(path: String, lines: [(number: Int, text: String)], allowlist: SecretAllowlist,
                            custom: GitleaksRules? = nil) -> [SecretMatch] {
        if allowlist.paths.contains(where: { Glob.matches($0, path) }) { return [] }
        if let custom, custom.allowsPath(path) { return [] }
        let bareValuesAreLiterals = !SecretRule.isSourceCode(path)
        var terraform = TerraformContext(enabled: path.hasSuffix(".tf"))
        var found: [SecretMatch] = []
        for line in lines where !line.text.contains(allowMarker) {
            var taken: [Range<String.Index>] = []
            var onLine: [SecretMatch] = []
            if let range = terraform.secretDefault(line.text) {
                taken.append(range)
                if !allowlist.rules.contains(TerraformContext.ruleID) {
                    let column = line.text.unicodeScalars.distance(from: line.text.startIndex, to: range.lowerBound) + 1
                    onLine.append(SecretMatch(rule: TerraformContext.ruleID, description: "Hard-coded default of a secret Terraform variable",
                                              path: path, line: line.number, column: column, secret: String(line.text[range])))
                }
            }
            var customDone = false
            let present = KeywordText(line.text)
            for rule in SecretRule.all {
                if rule.check == .assignment && !customDone {
                    // A team's rules are more specific than the generic ones: they claim their text first.
                    customDone = true
                    addCustom(custom, line: line, path: path, allowlist: allowlist, taken: &taken, into: &onLine)
                }
                for range in secretRanges(of: rule, in: line.text, present: present, bareValuesAreLiterals: bareValuesAreLiterals)
                where !taken.contains(where: { $0.overlaps(range) }) {
                    // An allowlisted rule still claims its text, so that the generic rule does not
                    // report the same token under another name.
                    taken.append(range)
                    guard !allowlist.rules.contains(rule.id) else { continue }
                    let column = line.text.unicodeScalars.distance(from: line.text.startIndex, to: range.lowerBound) + 1
                    onLine.append(SecretMatch(rule: rule.id, description: rule.description, path: path, line: line.number,
                                              column: column, secret: String(line.text[range])))
                }
            }
            if !customDone { addCustom(custom, line: line, path: path, allowlist: allowlist, taken: &taken, into: &onLine) }
            found += onLine.sorted { $0.column < $1.column }
        }
        return found
    }

    private static func addCustom(_ custom: GitleaksRules?, line: (number: Int, text: String), path: String, allowlist: SecretAllowlist,
                                  taken: inout [Range<String.Index>], into onLine: inout [SecretMatch]) {
        guard let custom else { return }
        for (rule, range) in custom.matches(in: line.text, path: path) where !taken.contains(where: { $0.overlaps(range) }) {
            taken.append(range)
            guard !allowlist.rules.contains(rule.id) else { continue }
            let column = line.text.unicodeScalars.distance(from: line.text.startIndex, to: range.lowerBound) + 1
            onLine.append(SecretMatch(rule: rule.id, description: rule.description, path: path, line: line.number,
                                      column: column, secret: String(line.text[range])))
        }
    }

    /// Shannon entropy in bits per character.
    static func entropy(_ text: String) -> Double {
        guard !text.isEmpty else { return 0 }
        var counts: [Character: Int] = [:]
        for character in text { counts[character, default: 0] += 1 }
        let total = Double(text.count)
        return counts.values.reduce(0) { sum, count in
            let share = Double(count) / total
            return sum - share * log2(share)
        }
    }

    /// Where `rule` finds secrets in `text`, after its check has dropped placeholders.
    private static func secretRanges(of rule: SecretRule, in text: String, present: KeywordText,
                                     bareValuesAreLiterals: Bool) -> [Range<String.Index>] {
        rule.matches(in: text, keywords: present).compactMap { match in
            func group(_ name: String) -> Range<String.Index>? { Range(match.range(withName: name), in: text) }
            switch rule.check {
            case .header:
                return group("secret")
            case .token:
                guard let range = group("secret") else { return nil }
                let secret = String(text[range])
                // AWS's documentation keys end in EXAMPLE and EXAMPLEKEY; Stripe, Slack and jwt.io publish theirs.
                guard !SecretRule.isDocumentationExample(secret), entropy(secret) >= minimumTokenEntropy else { return nil }
                return range
            case .credential:
                guard let range = group("secret"), SecretRule.isPasswordLiteral(text[range], minimum: 6),
                      !SecretRule.isDocumentationExample(String(text[range])) else { return nil }
                return range
            case .basicAuth:
                guard let range = group("secret"), let decoded = Data(base64Encoded: String(text[range])),
                      let pair = String(data: decoded, encoding: .utf8), let colon = pair.firstIndex(of: ":"),
                      SecretRule.isPasswordLiteral(pair[pair.index(after: colon)...], minimum: 6) else { return nil }
                return range
            case .assignment:
                guard let key = group("key"), SecretRule.namesSecret(String(text[key])) else { return nil }
                let password = SecretRule.namesPassword(String(text[key]))
                if let quoted = group("dq") ?? group("sq") ?? group("bt") { return literal(in: text, quoted, password: password) }
                guard bareValuesAreLiterals, let bare = group("bare"),
                      SecretRule.isBareLiteral(text[bare]) || (password && SecretRule.isPasswordLiteral(text[bare])) else { return nil }
                return literal(in: text, bare, password: password)
            }
        }
    }

    /// The secret in an assigned value, or nil when the value is a placeholder, prose or too
    /// predictable to be a generated secret.
    static func literal(in text: String, _ value: Range<String.Index>, password: Bool = false) -> Range<String.Index>? {
        var range = value
        let words = text[value].split(whereSeparator: \.isWhitespace)
        if words.count > 1 {
            // `Authorization: Bearer <token>` style values carry the secret after the scheme; any
            // other value with spaces is a sentence (a message, a hint), not a credential.
            guard words.count == 2, ["bearer", "basic", "token"].contains(words[0].lowercased()) else { return nil }
            range = words[1].startIndex..<words[1].endIndex
        }
        let secret = text[range]
        guard !SecretRule.isDocumentationExample(String(secret)) else { return nil }
        // A password is chosen, not generated: it passes as a password (`Tr0ub4dor&3`) or by entropy.
        if password && SecretRule.isPasswordLiteral(secret) { return range }
        guard secret.count >= minimumGenericLength, !SecretRule.isPlaceholder(secret),
              entropy(String(secret)) >= minimumGenericEntropy else { return nil }
        return range
    }
}

/// Terraform's `variable "db_password" { default = "…" }`: the name that makes the default a
/// secret is on an earlier line, so the lines of a `.tf` file are read with the block they are in.
struct TerraformContext {
    static let ruleID = "terraform-secret-default"
    let enabled: Bool
    private var variable: String?

    init(enabled: Bool) { self.enabled = enabled }

    private static let opening = try? NSRegularExpression(pattern: #"^\s*variable\s+"([^"]+)"\s*\{"#)
    private static let assignment = try? NSRegularExpression(pattern: #"^\s*default\s*=\s*"([^"\n]{1,300})""#)

    /// The secret on `line` when it is the default of a variable named like a secret.
    mutating func secretDefault(_ line: String) -> Range<String.Index>? {
        guard enabled else { return nil }
        let whole = NSRange(line.startIndex..., in: line)
        if let match = Self.opening?.firstMatch(in: line, range: whole), let name = Range(match.range(at: 1), in: line) {
            variable = String(line[name])
            return nil
        }
        if line.hasPrefix("}") { variable = nil }
        guard let variable, SecretRule.namesSecret(variable),
              let match = Self.assignment?.firstMatch(in: line, range: whole), let value = Range(match.range(at: 1), in: line) else { return nil }
        return SecretScanner.literal(in: line, value, password: SecretRule.namesPassword(variable))
    }
}
