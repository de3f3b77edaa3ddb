import Crypto
import Foundation

/// Findings as a SARIF 2.1.0 log: one run of git-secissue, a rule per source rule and severity,
/// human triage as suppressions, code issues as work items. `.github` shapes it for GitHub code
/// scanning, which reads a documented subset of SARIF (docs/ci.md lists what and why).
public enum SARIFExport {
    /// Who reads the log.
    public enum Consumer: String, CaseIterable, Sendable {
        /// Any SARIF 2.1.0 reader: every finding asked for, triage as `suppressions`.
        case oasis
        /// GitHub code scanning: triaged and fixed findings left out, since GitHub does not honour
        /// `suppressions` and would show them as open alerts; every result has a location.
        case github
    }

    /// GitHub shows only this many results of a run, the most severe first.
    public static let githubDisplayLimit = 5_000
    /// GitHub rejects a run with more results than this.
    public static let githubResultLimit = 25_000
    /// GitHub keeps only this many tags of a rule.
    static let githubTagLimit = 10

    /// The log and what a person should know about it.
    public struct Export {
        public let log: JSONValue
        /// The number of results in the log.
        public let results: Int
        /// Triaged or fixed findings left out (for GitHub).
        public let omitted: Int
        public let warnings: [String]
    }

    /// - Parameters:
    ///   - guides: the guidance catalog: a rule's help is the guides of its findings.
    ///   - source: a repository file's bytes at the exported revision, for full regions and
    ///     line-hash fingerprints; nil when unknown.
    ///   - filePaths: where each finding's file is (`FindingLayout`), the location of a finding about no file.
    public static func export(_ findings: [Finding], version: String, for consumer: Consumer = .oasis,
                              guides: GuidanceCatalog? = nil, source: ((String) -> [UInt8]?)? = nil,
                              filePaths: [String: String] = [:]) -> Export {
        let triaged: Set<Status> = [.riskAccepted, .falsePositive, .duplicate, .fixed]
        let kept = consumer == .github ? findings.filter { !triaged.contains($0.status) } : findings
        var files = SourceFiles(read: source)

        // A rule per source rule and severity: GitHub takes a result's severity from its rule's
        // security-severity, and a rule id must not change between analyses, so a rule's id may not
        // depend on which other findings happen to share it.
        var ruleIDs: [String] = []
        var ruleFindings: [String: [Finding]] = [:]
        for finding in kept {
            let id = ruleID(finding)
            if ruleFindings[id] == nil { ruleIDs.append(id) }
            ruleFindings[id, default: []].append(finding)
        }
        let rules = ruleIDs.map { rule($0, ruleFindings[$0]!, guides: guides) }
        let index = Dictionary(uniqueKeysWithValues: ruleIDs.enumerated().map { ($1, $0) })

        var seenHashes: Set<String> = []
        var results: [JSONValue] = []
        for finding in kept {
            let id = ruleID(finding)
            results.append(result(finding, ruleID: id, ruleIndex: index[id]!, consumer: consumer, filePath: filePaths[finding.id],
                                  files: &files, seenHashes: &seenHashes))
        }

        var warnings: [String] = []
        if results.count > githubResultLimit {
            warnings.append("\(results.count) results: GitHub code scanning rejects a run of more than \(githubResultLimit)")
        } else if results.count > githubDisplayLimit {
            warnings.append("\(results.count) results: GitHub code scanning shows only the \(githubDisplayLimit) most severe of a run")
        }
        let driver: JSONValue = .object([
            ("name", .string("git-secissue")), ("semanticVersion", .string(version)),
            ("rules", .array(rules)),
        ])
        let log: JSONValue = .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", driver)])),
                ("columnKind", .string("utf16CodeUnits")),
                ("results", .array(results)),
            ])])),
        ])
        return Export(log: log, results: results.count, omitted: findings.count - kept.count, warnings: warnings)
    }

    /// The log alone, for any SARIF reader.
    public static func log(_ findings: [Finding], version: String) -> JSONValue {
        export(findings, version: version).log
    }

    /// `tool/rule/severity` for imported findings, `secissue/manual/severity` for findings filed by hand.
    static func ruleID(_ finding: Finding) -> String {
        let base = finding.source.map { "\($0.tool)/\($0.rule ?? "finding")" } ?? "secissue/manual"
        return "\(base)/\(finding.severity.rawValue)"
    }

    /// GitHub ranks results by a rule's `security-severity`: the middle of each band
    /// (9.0 and up critical, 7.0 high, 4.0 medium, above 0 low).
    static func score(_ severity: Severity) -> String {
        switch severity {
        case .critical: return "9.5"
        case .high: return "8.0"
        case .medium: return "5.5"
        case .low: return "2.0"
        case .info: return "0.0"
        }
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: return "error"
        case .medium: return "warning"
        case .low: return "note"
        case .info: return "none"
        }
    }

    private static func rule(_ id: String, _ findings: [Finding], guides: GuidanceCatalog?) -> JSONValue {
        let first = findings[0]
        let severity = findings.map(\.severity).max()!
        let cwes = Array(Set(findings.flatMap(\.cwe))).sorted()
        let tags = Array((["security"] + cwes.map { "external/cwe/cwe-\($0)" }).prefix(githubTagLimit))
        let short: String
        let full: String
        if let source = first.source {
            short = oneLine(first.title, limit: 1_000)
            full = oneLine("\(first.title). Reported by \(source.tool) (rule \(source.rule ?? "unnamed"))"
                + (cwes.isEmpty ? "" : ", \(cwes.map { "CWE-\($0)" }.joined(separator: ", "))")
                + "; \(severity.rawValue) severity in git-secissue.", limit: 1_000)
        } else {
            short = "Security finding filed by hand (\(severity.rawValue))"
            full = "A \(severity.rawValue) severity finding that a person filed with git secissue new; the result's message is its title."
        }
        var linked: [GuidanceCatalog.Guide] = []
        for finding in findings {
            for guide in guides?.guides(for: finding) ?? [] where !linked.contains(guide) { linked.append(guide) }
        }
        let (helpText, helpMarkdown) = help(linked, cwes: cwes, example: first.id)
        return .object([
            ("id", .string(id)),
            ("name", .string(ruleName(id))),
            ("shortDescription", .object([("text", .string(short))])),
            ("fullDescription", .object([("text", .string(full))])),
            ("help", .object([("text", .string(helpText)), ("markdown", .string(helpMarkdown))])),
            ("defaultConfiguration", .object([("level", .string(level(severity)))])),
            ("properties", .object([
                ("tags", .strings(tags)), ("security-severity", .string(score(severity))),
            ])),
        ])
    }

    /// The guides' bodies as the rule's help, or where to look when no guide covers it.
    private static func help(_ guides: [GuidanceCatalog.Guide], cwes: [Int], example: String) -> (String, String) {
        let cweLinks = cwes.map { "[CWE-\($0)](https://cwe.mitre.org/data/definitions/\($0).html)" }
        guard !guides.isEmpty else {
            let text = "No guide in .security/guidance/ covers this rule yet. `git secissue show \(example)` shows the finding; "
                + "`git secissue guide --for \(example)` the guidance that applies."
            return (text + (cwes.isEmpty ? "" : " " + cwes.map { "CWE-\($0)" }.joined(separator: ", ") + "."),
                    text + (cweLinks.isEmpty ? "" : "\n\n" + cweLinks.joined(separator: ", ")))
        }
        var parts: [String] = []
        for guide in guides {
            let body = (try? MarkdownDocument(parsing: guide.text, path: guide.path)).map { String($0.body) } ?? guide.text
            parts.append("# \(guide.title)\n\n\(body.trimmingCharacters(in: .whitespacesAndNewlines))\n\n"
                + "_From `\(guide.path)` (`git secissue guide \(guide.id)`)._")
        }
        let markdown = parts.joined(separator: "\n\n") + (cweLinks.isEmpty ? "" : "\n\n" + cweLinks.joined(separator: ", "))
        return (markdown, markdown)
    }

    /// A rule's name as GitHub suggests, letters and digits in CamelCase: `BanditB608High`.
    private static func ruleName(_ id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    private static func result(_ finding: Finding, ruleID: String, ruleIndex: Int, consumer: Consumer, filePath: String?,
                               files: inout SourceFiles, seenHashes: inout Set<String>) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("ruleId", .string(ruleID)), ("ruleIndex", .int(ruleIndex)), ("level", .string(level(finding.severity))),
            ("message", .object([("text", .string("\(finding.id): \(oneLine(finding.title, limit: 1_000))"))])),
        ]
        // GitHub needs a location on every result; a finding about no file points at its own file.
        let location = finding.location ?? (consumer == .github
            ? Finding.Location(path: filePath ?? FindingLayout.flat.path(of: finding.id), line: 1) : nil)
        var lineHash: String?
        if let location {
            let file = files.file(location.path)
            var region: [(String, JSONValue)] = []
            if let line = location.line, line >= 1 {
                region.append(("startLine", .int(line)))
                if let column = location.column, column >= 1 { region.append(("startColumn", .int(column))) }
                let endLine = max(location.endLine ?? line, line)
                region.append(("endLine", .int(endLine)))
                // The end of the last line, when the file at this revision has it.
                if let file, endLine <= file.lines.count {
                    let endColumn = file.lines[endLine - 1].utf16.count + 1
                    if endLine > line || endColumn > (location.column ?? 1) { region.append(("endColumn", .int(endColumn))) }
                }
                if let file, let occurrence = file.occurrence(start: line, end: endLine) {
                    let block = file.normalised[(line - 1)..<min(endLine, file.normalised.count)].joined(separator: "\n")
                    lineHash = digest([block]) + ":\(occurrence + 1)"
                }
            }
            var physical: [(String, JSONValue)] = [("artifactLocation", .object([("uri", .string(uriPath(location.path)))]))]
            if !region.isEmpty { physical.append(("region", .object(region))) }
            members.append(("locations", .array([.object([("physicalLocation", .object(physical))])])))
        }
        // GitHub matches alerts across analyses by primaryLocationLineHash with the path and rule:
        // the flagged lines' whitespace-normalised text and which occurrence of it in the file, so
        // an alert stays one when its lines move. Two findings of one rule on the same text are
        // told apart by their IDs; without the file's text the ID alone (it is stable) stands in.
        let key = "\(ruleID)\u{0}\(location?.path ?? "")\u{0}\(lineHash ?? "")"
        if lineHash == nil || seenHashes.contains(key) { lineHash = digest([finding.id]) + ":1" }
        seenHashes.insert(key)
        members.append(("partialFingerprints", .object([
            ("primaryLocationLineHash", .string(lineHash!)), ("secissueFindingId/v1", .string(finding.id)),
        ])))
        if [.riskAccepted, .falsePositive, .duplicate].contains(finding.status) {
            let reason = finding.triage?.reason ?? finding.triage?.duplicateOf.map { "duplicate of \($0)" } ?? finding.status.rawValue
            members.append(("suppressions", .array([.object([
                ("kind", .string("external")), ("status", .string("accepted")),
                ("justification", .string("\(finding.status.rawValue): \(reason)")),
            ])])))
        }
        if finding.status == .fixed { members.append(("baselineState", .string("absent"))) }
        let workItems = finding.links.compactMap(workItemURI)
        if !workItems.isEmpty { members.append(("workItemUris", .strings(workItems))) }
        members.append(("properties", .object([
            ("secissue-id", .string(finding.id)), ("secissue-status", .string(finding.status.rawValue)),
            ("secissue-severity", .string(finding.severity.rawValue)),
            ("security-severity", .string(score(finding.severity))),
        ])))
        return .object(members)
    }

    /// A link as an absolute URI: forge references become their web pages; Jira keys a `jira:` URI.
    static func workItemURI(_ link: String) -> String? {
        if link.hasPrefix("https://") { return link }
        if let match = link.range(of: #"^(github|gitlab):(.+)#(\d+)$"#, options: .regularExpression) {
            let body = String(link[match])
            let forge = body.hasPrefix("github:") ? "github" : "gitlab"
            let rest = body.dropFirst(forge.count + 1)
            guard let hash = rest.lastIndex(of: "#") else { return nil }
            let project = rest[..<hash], number = rest[rest.index(after: hash)...]
            return forge == "github" ? "https://github.com/\(project)/issues/\(number)" : "https://gitlab.com/\(project)/-/issues/\(number)"
        }
        return "jira:" + (link.hasPrefix("jira:") ? String(link.dropFirst(5)) : link)
    }

    private static func uriPath(_ path: String) -> String {
        path.split(separator: "/").map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0) }.joined(separator: "/")
    }

    /// Text on one line, cut at `limit` characters.
    private static func oneLine(_ text: String, limit: Int) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > limit ? String(line.prefix(limit - 1)) + "…" : line
    }

    private static func digest(_ parts: [String]) -> String {
        Hex.string(SHA256.hash(data: Array(parts.joined(separator: "\u{0}").utf8)).prefix(8))
    }

    /// The repository's files at the exported revision, each read and indexed once. Only plain
    /// relative paths are read: a hand-edited location cannot point the export outside the tree.
    private struct SourceFiles {
        let read: ((String) -> [UInt8]?)?
        var cache: [String: SourceFile?] = [:]

        mutating func file(_ path: String) -> SourceFile? {
            guard let read else { return nil }
            if let cached = cache[path] { return cached }
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            let plain = !path.hasPrefix("/") && !parts.contains { $0.isEmpty || $0 == "." || $0 == ".." }
            let file = plain ? read(path).map(SourceFile.init) : nil
            cache[path] = file
            return file
        }
    }
}
