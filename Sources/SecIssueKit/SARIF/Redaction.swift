import Foundation

/// Keeps secrets out of every git object: each is replaced by `[redacted]`.
///
/// What is redacted is decided by what the text contains, not by who the tool says it is: the
/// pre-commit hook's secret rules run over every string a scan result stores, from any tool,
/// and a secret scanner's result (recognised widely: see `isSecret`) also loses the text its
/// region, snippet and quotes point at.
///
/// The marker carries no hash of the secret, on purpose. An unkeyed hash (this used to be 48 bits
/// of SHA-256) lets anyone who can read the repository confirm a guessed secret offline. A keyed
/// hash would need the key in every clone that imports, and a key that travels with the
/// repository protects nothing; one kept per clone (in the git directory) would give the same
/// secret different markers in each CI job's fresh clone, so the markers could not be compared
/// anyway. The rule id and the location already say which secret a finding is about.
enum Redaction {
    static let marker = "[redacted]"

    /// Names of secret scanners, matched anywhere in the tool's name: drivers name themselves
    /// `Gitleaks v8.18.2`, `gitleaks-action`, `TruffleHog OSS`.
    static let secretTools: Set<String> = ["gitleaks", "detect-secrets", "detect_secrets", "trufflehog", "ggshield", "gitguardian"]

    /// CWEs of hard-coded or exposed credentials.
    static let secretCWEs: Set<Int> = [259, 260, 312, 315, 321, 522, 798]

    /// True for a secret scanner's output (by the log's own tool name or the one given), a rule
    /// tagged or named as being about secrets, or one whose CWEs are about credentials. Wide on
    /// purpose: a secret that reaches git cannot be taken back.
    static func isSecret(tools: [String], rule: String, ruleName: String?, tags: [String], cwe: [Int]) -> Bool {
        if tools.contains(where: { tool in secretTools.contains { tool.lowercased().contains($0) } }) { return true }
        if tags.contains(where: { ["secret", "secrets", "credential", "credentials"].contains($0.lowercased()) }) { return true }
        if cwe.contains(where: secretCWEs.contains) { return true }
        let words = (rule + " " + (ruleName ?? "")).lowercased()
        return ["secret", "password", "passwd", "token", "credential", "api-key", "api_key", "apikey", "private-key", "private_key"]
            .contains { words.contains($0) }
    }

    /// Everything that may be the secret: the region's columns on its line, the snippet, and the
    /// quoted values on the flagged line and in the message and title.
    static func candidates(line: String?, startColumn: Int?, endColumn: Int?, snippet: String?, texts: [String]) -> [String] {
        var found = [secret(line: line, startColumn: startColumn, endColumn: endColumn, snippet: snippet)].compactMap { $0 }
        if let snippet = snippet?.trimmingCharacters(in: .whitespacesAndNewlines), !snippet.isEmpty { found.append(snippet) }
        for text in texts + [line ?? ""] {
            found += quoted(in: text).filter { $0.count >= 6 }
        }
        return Array(Set(found))
    }

    /// The contents of '...' and "..." in `text`.
    static func quoted(in text: String) -> [String] {
        var values: [String] = []
        for quote in ["'", "\""] {
            let parts = text.components(separatedBy: quote)
            stride(from: 1, to: parts.count - 1, by: 2).forEach { values.append(parts[$0]) }
        }
        return values
    }


    /// The secret a region points at: the columns of its line (1-based, end exclusive), or the
    /// whole snippet when the region has no columns.
    static func secret(line: String?, startColumn: Int?, endColumn: Int?, snippet: String?) -> String? {
        if let line, let startColumn, startColumn >= 1 {
            let scalars = Array(line.unicodeScalars)
            let start = startColumn - 1
            // A column below 1 is "unknown", as for lines (ResultMapper): the rest of the line, the wider
            // guess. Checked before subtracting: a hostile log can write Int64.min, and `- 1` would trap.
            let end = min(endColumn.flatMap { $0 >= 1 ? $0 - 1 : nil } ?? scalars.count, scalars.count)
            if start < end {
                let text = String(String.UnicodeScalarView(scalars[start..<end])).trimmingCharacters(in: .whitespaces)
                if text.count >= 4 { return text }
            }
        }
        let trimmed = snippet?.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed?.isEmpty == false ? trimmed : nil
    }

    /// `text` with every occurrence of each secret replaced by the marker, longest first so that a
    /// secret holding a shorter one goes whole; then whatever the secret rules still find in it.
    static func redact(_ text: String, secrets: [String]) -> String {
        let known = secrets.filter { !$0.isEmpty }.sorted { $0.count > $1.count }.reduce(text) { result, secret in
            result.replacingOccurrences(of: secret, with: marker)
        }
        return Self.secrets(in: known).sorted { $0.count > $1.count }.reduce(known) { result, secret in
            result.replacingOccurrences(of: secret, with: marker)
        }
    }

    // MARK: Secrets by content

    /// A private key's body follows its header line: everything to its END line (or to the end of
    /// the text, when a snippet cuts it off) goes.
    private static let privateKeyEnd = try? NSRegularExpression(pattern: #"-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----"#)

    /// The secrets the pre-commit hook's rules find in `text`, judged to fail closed: the hook
    /// lets documentation tokens (`…EXAMPLE`, low entropy) and short chosen passwords through so
    /// as not to block commits, but a stored finding has no reason to keep either.
    static func secrets(in text: String) -> [String] {
        // Most stored strings (help texts, messages) hold no rule's keywords, and so run no rule.
        let present = KeywordText(text)
        var found: [String] = []
        for rule in SecretRule.all {
            for match in rule.matches(in: text, keywords: present) {
                func group(_ name: String) -> Range<String.Index>? { Range(match.range(withName: name), in: text) }
                switch rule.check {
                case .token, .credential, .basicAuth:
                    if let range = group("secret") { found.append(String(text[range])) }
                case .header:
                    guard let range = group("secret") else { continue }
                    let rest = NSRange(range.upperBound..., in: text)
                    let end = privateKeyEnd?.firstMatch(in: text, range: rest).flatMap { Range($0.range, in: text) }?.upperBound
                    found.append(String(text[range.lowerBound..<(end ?? text.endIndex)]))
                case .assignment:
                    guard let key = group("key"), SecretRule.namesSecret(String(text[key])) else { continue }
                    if let quoted = group("dq") ?? group("sq") ?? group("bt") {
                        if let value = assignedValue(text[quoted], minimum: 6) { found.append(value) }
                    } else if let bare = group("bare"), SecretRule.isBareLiteral(text[bare]),
                              let value = assignedValue(text[bare], minimum: 8) {
                        found.append(value)
                    }
                }
            }
        }
        return found
    }

    /// The secret in an assigned value: the value, or the credential after an `Authorization`
    /// scheme; nil for prose, placeholders and values too short to be a credential.
    private static func assignedValue(_ value: Substring, minimum: Int) -> String? {
        let words = value.split(whereSeparator: \.isWhitespace)
        var secret = value
        if words.count > 1 {
            guard words.count == 2, ["bearer", "basic", "token"].contains(words[0].lowercased()) else { return nil }
            secret = words[1]
        }
        guard secret.count >= minimum, !SecretRule.isPlaceholder(secret) else { return nil }
        return String(secret)
    }
}

/// Runs `Redaction` over every string a scan result would store, whoever produced it. Texts are
/// read once each: rule help and titles repeat across thousands of results.
struct Redactor {
    private var done: [String: String] = [:]

    mutating func text(_ text: String) -> String {
        if let known = done[text] { return known }
        let redacted = Redaction.redact(text, secrets: [])
        done[text] = redacted
        return redacted
    }

    mutating func scrub(_ result: ScanResult) -> ScanResult {
        var out = result
        out.tool = text(result.tool)
        out.toolVersion = result.toolVersion.map { text($0) }
        out.rule = text(result.rule)
        out.category = text(result.category)
        out.title = text(result.title)
        out.message = text(result.message)
        out.ruleHelp = result.ruleHelp.map { text($0) }
        out.helpURI = result.helpURI.map { text($0) }
        out.snippet = result.snippet.map { text($0) }
        out.fingerprint = text(result.fingerprint)
        out.suppression = result.suppression.map { text($0) }
        out.commit = result.commit.map { text($0) }
        out.tags = result.tags.map { text($0) }
        out.guidance = result.guidance.map { text($0) }
        if let path = result.location?.path { out.location?.path = text(path) }
        if let evidence = result.evidence {
            out.evidence?.sources = evidence.sources.map { Finding.Evidence.Source(name: text($0.name), count: $0.count) }
            out.evidence?.firstSeen = text(evidence.firstSeen)
            out.evidence?.lastSeen = text(evidence.lastSeen)
        }
        return out
    }
}
