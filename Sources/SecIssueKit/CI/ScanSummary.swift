import Foundation

/// The Markdown summary of a scan, fit for a pull-request comment.
public struct ScanSummary {
    public var report: ImportReport
    public var commit: String
    public var mode: String
    public var gateReasons: [String]
    /// Turns `path` and `line` into a link to the code (GitHub or GitLab), or nil for plain text.
    public var link: (String, Int?) -> String?
    /// What the gate judged: a pull request's summary does not count the base's expired
    /// acceptances as its own, and nothing it lists is filed yet.
    public var scope: Gate.Scope = .posture
    /// What the findings were compared with (`origin/main (GITHUB_BASE_REF)`), for a pull request.
    public var baseLabel: String?
    /// The table of the security tests that ran (`ci` without `--sarif`); nil when none did.
    public var tests: Listing?
    /// At most this many findings get a details section (a comment has a size limit).
    public static let detailsLimit = 30

    public init(report: ImportReport, commit: String, mode: String, gateReasons: [String], link: @escaping (String, Int?) -> String?) {
        self.report = report
        self.commit = commit
        self.mode = mode
        self.gateReasons = gateReasons
        self.link = link
    }

    /// Whether the findings listed are in the repository (commit mode) or only planned (report mode).
    private var filed: Bool { scope != .change && mode != "report" }

    public var markdown: String {
        var out = "## Security scan of \(commit.prefix(7))\n\n"
        if let baseLabel { out += "Compared with \(escape(baseLabel)).\n\n" }
        let expired = scope == .change ? [] : report.expired
        let rows: [(String, [Finding])] = [
            ("new", report.new.filter { $0.status.isActive }), ("reopened", report.reopened + expired),
            ("still open", report.stillOpen), ("fixed", report.fixed),
        ]
        // Findings whose severity policy hides are counted in a column of their own.
        let hiding = rows.contains { $0.1.contains(where: \.isSeverityHidden) }
        let columns = Severity.allCases.map(\.rawValue) + (hiding ? [Confidentiality.hiddenSeverity] : [])
        out += "| | " + columns.joined(separator: " | ") + " | total |\n"
        out += "|---|" + String(repeating: "---:|", count: columns.count + 1) + "\n"
        for (name, findings) in rows {
            let counts = columns.map { label in String(findings.filter { $0.severityLabel == label }.count) }
            out += "| \(name) | " + counts.joined(separator: " | ") + " | \(findings.count) |\n"
        }
        // Hidden severities first, as the worst, so that the order tells nothing either.
        let attention = (report.new.filter { $0.status.isActive } + report.reopened)
            .sorted { ($0.isSeverityHidden ? .critical : $0.severity) > ($1.isSeverityHidden ? .critical : $1.severity) }
        if !attention.isEmpty {
            out += "\n### New and reopened findings\n\n| ID | severity | title | where | guidance |\n|---|---|---|---|---|\n"
            for finding in attention {
                out += "| \(code(finding.id)) | \(finding.severityLabel) | \(escape(finding.title)) | \(place(finding)) | \(guidance(finding)) |\n"
            }
        }
        let adopted = report.new.filter { $0.tags.contains(ScanImport.adoptedTag) }
        if !adopted.isEmpty {
            out += "\n\(adopted.count) finding(s) adopted as known debt (tag `\(ScanImport.adoptedTag)`): they are filed open with their due dates, and later builds gate on new findings only.\n"
        }
        if scope == .change && !report.expired.isEmpty {
            out += "\nRisk acceptances expired on the base: " + report.expired.map { code($0.id) }.joined(separator: ", ")
                + ". The default-branch build reopens them and fails on them; this request is not judged on them.\n"
        } else if !expired.isEmpty {
            out += "\nRisk acceptances expired and reopened: " + expired.map { "\(code($0.id)) (expired \(escape($0.triage?.expires ?? "?")))" }.joined(separator: ", ") + ".\n"
        }
        if !attention.isEmpty {
            out += "\n### Details\n\n"
            for finding in attention.prefix(Self.detailsLimit) { out += details(finding) }
            if attention.count > Self.detailsLimit {
                out += "\(attention.count - Self.detailsLimit) more finding(s) are not detailed here.\n\n"
            }
        }
        if report.keptTriage > 0 { out += "\n\(report.keptTriage) result(s) match findings already triaged (risk-accepted, false-positive or duplicate).\n" }
        if !report.skipped.isEmpty { out += "\n\(report.skipped.count) result(s) skipped: " + report.skipped.prefix(5).map(escape).joined(separator: "; ") + "\n" }
        if !report.notes.isEmpty { out += "\n" + report.notes.map { "- note: \(escape($0))\n" }.joined() }
        if let tests, !tests.rows.isEmpty {
            out += "\n### Security tests\n\n| " + tests.headers.map(escape).joined(separator: " | ") + " |\n|"
                + String(repeating: "---|", count: tests.headers.count) + "\n"
            out += tests.rows.map { "| " + $0.map(escape).joined(separator: " | ") + " |\n" }.joined()
        }
        if gateReasons.isEmpty {
            out += "\n**Gate: passed.**\n"
        } else {
            out += "\n**Gate: failed.**\n\n" + gateReasons.map { "- \(escape($0))\n" }.joined()
        }
        if filed {
            out += "\n<sub>git secissue ci, \(mode) mode. `git secissue show ID` gives the details once this commit is pushed.</sub>\n"
        } else {
            out += "\n<sub>git secissue ci, \(mode) mode: nothing was filed. The details above are all there is until the default-branch build files the findings.</sub>\n"
        }
        return out
    }

    /// A collapsed section with what a reader needs without the finding file: where, what rule,
    /// what the scanner said and the flagged code. Every piece of scanner text is escaped; the
    /// snippet is the fenced block the import made (`SafeText.fencedBlock`), shown as code.
    private func details(_ finding: Finding) -> String {
        // The ID is derived (prefix letters and hex) and the severity is ours: safe in HTML as they are.
        var out = "<details><summary>\(finding.id): \(finding.severityLabel)</summary>\n\n"
        out += "- **Title:** \(escape(finding.title))\n"
        out += "- **Where:** \(place(finding))\n"
        if let source = finding.source {
            out += "- **Rule:** \(code(source.rule ?? "-")) (\(code(source.tool))\(source.version.map { " " + escape($0) } ?? ""))\n"
        }
        if !finding.cwe.isEmpty { out += "- **CWE:** " + finding.cwe.map { "CWE-\($0)" }.joined(separator: ", ") + "\n" }
        if let due = finding.due { out += "- **Due:** \(escape(due))\n" }
        if !finding.guidance.isEmpty { out += "- **Guidance:** \(guidance(finding))\n" }
        let message = finding.description.components(separatedBy: "\n\n").first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if !message.isEmpty, !message.hasPrefix("**Rule:**") {
            out += "\n" + escape(message.count > 1000 ? String(message.prefix(999)) + "…" : message) + "\n"
        }
        if let snippet = Self.snippetBlock(finding.description) { out += "\n" + snippet + "\n" }
        return out + "\n</details>\n\n"
    }

    /// The fenced code block an import put after the `**Rule:**` line, as it stands (a fence that
    /// nothing inside can close); nil when there is none.
    static func snippetBlock(_ description: String) -> String? {
        let lines = description.components(separatedBy: "\n")
        guard let (open, close) = ImportedSnippet.fences(in: lines) else { return nil }
        let fence = lines[open]
        // A hand-edited description could hold a longer fence inside, which would close the block
        // early and let what follows render: such a block is not shown.
        let inner = lines[(open + 1)..<close]
        guard !inner.contains(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(fence) }) else { return nil }
        return lines[open...close].joined(separator: "\n")
    }

    private func place(_ finding: Finding) -> String {
        guard let location = finding.location else { return "-" }
        let text = code(location.display)
        return link(location.path, location.line).map { "[\(text)](\(destination($0)))" } ?? text
    }

    private func guidance(_ finding: Finding) -> String {
        guard !finding.guidance.isEmpty else { return "-" }
        return finding.guidance.map { topic in
            link(".security/guidance/\(topic).md", nil).map { "[\(code(topic))](\(destination($0)))" } ?? code(topic)
        }.joined(separator: ", ")
    }

    /// Scanner text (titles, paths, skip reasons, gate reasons naming titles) is the scanner's, not
    /// ours: it must not hide the gate line (`<!--`), notify a team (`@org/team`), load an image
    /// or plant a link in a comment people trust.
    private func escape(_ text: String) -> String { SafeText.escape(text, for: .markdownInline) }

    private func code(_ text: String) -> String { SafeText.escape(text, for: .markdownCode) }

    /// A link target built from a path: the parentheses and spaces that would end it early are
    /// percent-encoded (the path parts already are, by `CodeLinks`; the base is the forge's own).
    private func destination(_ url: String) -> String {
        url.replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: "(", with: "%28")
            .replacingOccurrences(of: ")", with: "%29").replacingOccurrences(of: "<", with: "%3C").replacingOccurrences(of: ">", with: "%3E")
    }
}

/// Links to code on the forge CI runs on, from its standard variables.
public enum CodeLinks {
    public static func make(environment: [String: String], commit: String) -> (String, Int?) -> String? {
        let base: String?
        if let server = environment["GITHUB_SERVER_URL"], let repository = environment["GITHUB_REPOSITORY"] {
            base = "\(server)/\(repository)/blob/\(commit)/"
        } else if let project = environment["CI_PROJECT_URL"] {
            base = "\(project)/-/blob/\(commit)/"
        } else {
            base = nil
        }
        return { path, line in
            base.map { $0 + path.split(separator: "/").map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0) }
                .joined(separator: "/") + (line.map { "#L\($0)" } ?? "") }
        }
    }
}
