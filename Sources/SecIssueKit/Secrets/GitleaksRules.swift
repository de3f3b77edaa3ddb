import Foundation

/// A team's own secret rules, read from a gitleaks configuration (`secrets.gitleaks_config` in
/// config.yml names the file): each `[[rules]]` with its `id`, `description`, `regex`,
/// `secretGroup`, `keywords`, `entropy`, `path` and allowlists, and the global `[allowlist]` (or
/// `[[allowlists]]`) with `paths`, `regexes` (`regexTarget` secret, match or line), `stopwords`
/// and `condition`. They run after the built-in rules, on the same lines.
///
/// gitleaks is written in Go, whose regular expressions (RE2) differ from ICU's in a few ways a
/// rules file meets: `(?P<name>…)` named groups (made plain groups here, which keeps the numbers
/// `secretGroup` counts), and the ungreedy flag `(?U)`, which ICU lacks (refused with a message).
/// Everything else RE2 accepts, ICU reads the same way. `[extend]` (gitleaks' own default rules)
/// is not followed: the built-in rules stand in for them.
public struct GitleaksRules: Sendable {
    public struct Rule: Sendable {
        public let id: String
        public let description: String
        let regex: NSRegularExpression?
        let secretGroup: Int
        let keywords: [String]
        let entropy: Double
        let path: NSRegularExpression?
        let allowlists: [Allowlist]
    }

    struct Allowlist: Sendable {
        var regexes: [NSRegularExpression] = []
        var target = "secret"
        var stopwords: [String] = []
        var paths: [NSRegularExpression] = []
        var requiresAll = false

        /// True when this allowlist lets `secret` (matched as `match` on `line` of `path`) through.
        func allows(secret: String, match: String, line: String, path: String) -> Bool {
            var checks: [Bool] = []
            if !paths.isEmpty { checks.append(paths.contains { $0.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil }) }
            if !regexes.isEmpty {
                let subject = target == "match" ? match : target == "line" ? line : secret
                checks.append(regexes.contains { $0.firstMatch(in: subject, range: NSRange(subject.startIndex..., in: subject)) != nil })
            }
            if !stopwords.isEmpty {
                let lower = secret.lowercased()
                checks.append(stopwords.contains { lower.contains($0.lowercased()) })
            }
            guard !checks.isEmpty else { return false }
            return requiresAll ? checks.allSatisfy { $0 } : checks.contains(true)
        }
    }

    public let rules: [Rule]
    let allowlists: [Allowlist]

    /// Reads a gitleaks TOML configuration; a problem names the file and line (or the rule).
    public init(toml text: String, path: String) throws {
        let root = try TOMLSubset.parse(text, path: path)
        func fail(_ message: String) -> FileProblem { FileProblem(path: path, line: nil, message: message) }
        var global: [Allowlist] = []
        if let table = root["allowlist"]?.table { global.append(try Self.allowlist(table, path: path, fail: fail)) }
        for item in root["allowlists"]?.array ?? [] {
            if let table = item.table { global.append(try Self.allowlist(table, path: path, fail: fail)) }
        }
        allowlists = global
        var rules: [Rule] = []
        for (position, item) in (root["rules"]?.array ?? []).enumerated() {
            guard let table = item.table else { continue }
            guard let id = table["id"]?.string, !id.isEmpty else { throw fail("rule \(position + 1) has no id") }
            let regex = try table["regex"]?.string.map { try Self.compile($0, what: "rule \(id): regex", fail: fail) }
            let pathRegex = try table["path"]?.string.map { try Self.compile($0, what: "rule \(id): path", fail: fail) }
            guard regex != nil || pathRegex != nil else { throw fail("rule \(id) has neither a regex nor a path") }
            var lists: [Allowlist] = []
            if let table = table["allowlist"]?.table { lists.append(try Self.allowlist(table, path: path, fail: fail)) }
            for entry in table["allowlists"]?.array ?? [] {
                if let inner = entry.table { lists.append(try Self.allowlist(inner, path: path, fail: fail)) }
            }
            rules.append(Rule(id: id, description: table["description"]?.string ?? id, regex: regex,
                              secretGroup: Int(table["secretGroup"]?.number ?? 0), keywords: (table["keywords"]?.array ?? []).compactMap(\.string).map { $0.lowercased() },
                              entropy: table["entropy"]?.number ?? 0, path: pathRegex, allowlists: lists))
        }
        self.rules = rules
    }

    private static func allowlist(_ table: [String: TOMLValue], path: String, fail: (String) -> FileProblem) throws -> Allowlist {
        var list = Allowlist()
        list.regexes = try (table["regexes"]?.array ?? []).compactMap(\.string).map { try compile($0, what: "allowlist regex", fail: fail) }
        list.paths = try (table["paths"]?.array ?? []).compactMap(\.string).map { try compile($0, what: "allowlist path", fail: fail) }
        list.stopwords = (table["stopwords"]?.array ?? []).compactMap(\.string)
        list.target = table["regexTarget"]?.string ?? "secret"
        list.requiresAll = table["condition"]?.string?.uppercased() == "AND"
        return list
    }

    /// Compiles an RE2 pattern with ICU: `(?P<name>` and `(?<name>` become plain groups.
    static func compile(_ pattern: String, what: String, fail: (String) -> FileProblem) throws -> NSRegularExpression {
        if pattern.contains("(?U") || pattern.range(of: #"\(\?[a-zA-Z]*U"#, options: .regularExpression) != nil {
            throw fail("\(what): the ungreedy flag (?U) of Go's regular expressions has no equivalent here; write the lazy quantifiers (*?, +?) instead")
        }
        let converted = pattern.replacingOccurrences(of: #"\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>"#, with: "(", options: .regularExpression)
        do {
            return try NSRegularExpression(pattern: converted)
        } catch {
            throw fail("\(what): \(pattern) is not a regular expression this scanner can run")
        }
    }

    /// True when a global allowlist skips the whole path: the team listed it as holding no
    /// secrets (fixtures, vendored code), which holds for the built-in rules too.
    public func allowsPath(_ path: String) -> Bool {
        allowlists.contains { list in
            !list.paths.isEmpty && (!list.requiresAll || (list.regexes.isEmpty && list.stopwords.isEmpty))
                && list.paths.contains { $0.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil }
        }
    }

    /// The secrets the rules find on `line` of `path`, after their keywords, entropy and allowlists.
    func matches(in line: String, path: String) -> [(Rule, Range<String.Index>)] {
        var found: [(Rule, Range<String.Index>)] = []
        var lower: String?
        for rule in rules {
            guard let regex = rule.regex else { continue }
            if let pathRegex = rule.path, pathRegex.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) == nil { continue }
            if !rule.keywords.isEmpty {
                if lower == nil { lower = line.lowercased() }
                guard rule.keywords.contains(where: lower!.contains) else { continue }
            }
            for match in regex.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                let group = rule.secretGroup > 0 ? rule.secretGroup : (match.numberOfRanges > 1 && match.range(at: 1).location != NSNotFound ? 1 : 0)
                guard group < match.numberOfRanges, let range = Range(match.range(at: group), in: line),
                      let whole = Range(match.range, in: line) else { continue }
                let secret = String(line[range])
                if rule.entropy > 0 && SecretScanner.entropy(secret) < rule.entropy { continue }
                let allowed = (rule.allowlists + allowlists).contains {
                    $0.allows(secret: secret, match: String(line[whole]), line: line, path: path)
                }
                if !allowed { found.append((rule, range)) }
            }
        }
        return found
    }
}
