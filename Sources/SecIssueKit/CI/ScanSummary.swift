import Foundation

/// The Markdown summary of a scan, fit for a pull-request comment.
public struct ScanSummary {
    public var report: ImportReport
    public var commit: String
    public var mode: String
    public var gateReasons: [String]
    /// Turns `path` and `line` into a link to the code (GitHub or GitLab), or nil for plain text.
    public var link: (String, Int?) -> String?

    public init(report: ImportReport, commit: String, mode: String, gateReasons: [String], link: @escaping (String, Int?) -> String?) {
        self.report = report
        self.commit = commit
        self.mode = mode
        self.gateReasons = gateReasons
        self.link = link
    }

    public var markdown: String {
        var out = "## Security scan of \(commit.prefix(7))\n\n"
        let rows: [(String, [Finding])] = [
            ("new", report.new.filter { $0.status.isActive }), ("reopened", report.reopened + report.expired),
            ("still open", report.stillOpen), ("fixed", report.fixed),
        ]
        out += "| | " + Severity.allCases.map(\.rawValue).joined(separator: " | ") + " | total |\n"
        out += "|---|" + String(repeating: "---:|", count: Severity.allCases.count + 1) + "\n"
        for (name, findings) in rows {
            let counts = Severity.allCases.map { severity in String(findings.filter { $0.severity == severity }.count) }
            out += "| \(name) | " + counts.joined(separator: " | ") + " | \(findings.count) |\n"
        }
        let attention = (report.new.filter { $0.status.isActive } + report.reopened).sorted { $0.severity > $1.severity }
        if !attention.isEmpty {
            out += "\n### New and reopened findings\n\n| ID | severity | title | where | guidance |\n|---|---|---|---|---|\n"
            for finding in attention {
                out += "| \(code(finding.id)) | \(finding.severity.rawValue) | \(escape(finding.title)) | \(place(finding)) | \(guidance(finding)) |\n"
            }
        }
        if report.keptTriage > 0 { out += "\n\(report.keptTriage) result(s) match findings already triaged (risk-accepted, false-positive or duplicate).\n" }
        if !report.skipped.isEmpty { out += "\n\(report.skipped.count) result(s) skipped: " + report.skipped.prefix(5).map(escape).joined(separator: "; ") + "\n" }
        if !report.notes.isEmpty { out += "\n" + report.notes.map { "- note: \(escape($0))\n" }.joined() }
        if gateReasons.isEmpty {
            out += "\n**Gate: passed.**\n"
        } else {
            out += "\n**Gate: failed.**\n\n" + gateReasons.map { "- \(escape($0))\n" }.joined()
        }
        out += "\n<sub>git secissue ci, \(mode) mode. `git secissue show ID` gives the details.</sub>\n"
        return out
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
