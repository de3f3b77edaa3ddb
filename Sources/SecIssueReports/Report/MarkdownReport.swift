import SecIssueKit

/// The report as GitHub-flavoured Markdown for a wiki: the same sections as the HTML page, with
/// the charts as tables. Untrusted text is escaped with `SafeText` (inline text, code spans).
extension ReportPage {
    public var markdown: String {
        func inline(_ value: String) -> String { SafeText.escape(value, for: .markdownInline) }
        func table(_ headers: [String], _ rows: [[String]]) -> String {
            guard !rows.isEmpty else { return "None.\n" }
            return "| " + headers.joined(separator: " | ") + " |\n|" + headers.map { _ in " --- |" }.joined() + "\n"
                + rows.map { "| " + $0.joined(separator: " | ") + " |\n" }.joined()
        }
        var out = "# \(inline(title))\n\n\(inline(asOf))\n\n## Posture now\n\n"
        out += table(Severity.allCases.map(\.rawValue) + ["open in all", "overdue"],
                     [stats.open.map(String.init) + [String(stats.open.reduce(0, +)), String(stats.overdue.reduce(0, +))]])
        out += "\n## Open, new and fixed per \(stats.query.by.rawValue)\n\n"
        out += table(stats.periodListing.headers, stats.periodListing.rows)
        out += "\n## Time to remediate (days)\n\n"
        out += table(["Severity", "Fixed", "Mean", "Median"], Severity.allCases.compactMap { severity in
            stats.remediation(severity).map { [severity.rawValue, String($0.count), Statistics.days($0.mean), Statistics.days($0.median)] }
        })
        out += "\n## SLA\n\n"
        out += table(["Severity", "SLA days", "Fixed", "Within SLA", "Open", "Overdue"], stats.slaRows.map {
            [$0.severity.rawValue, $0.days.map(String.init) ?? "-", String($0.fixed), String($0.within), String($0.open), String($0.overdue)]
        })
        out += "\n## Age of open findings\n\n" + table(["Age", "Open"], zip(Statistics.ageBuckets, stats.ages).map { [$0.label, String($1)] })
        for (heading, breakdown) in [("Top rules", stats.byRule), ("Top paths", stats.byPath), ("Tools", stats.byTool), ("CWEs", stats.byCWE), ("Owners", stats.byOwner)] {
            out += "\n## \(heading)\n\n" + table(["Key", "Open", "Fixed"], Statistics.ranked(breakdown).prefix(10).map {
                [SafeText.escape($0.key, for: .markdownCode), String($0.value.open), String($0.value.fixed)]
            })
        }
        if !stats.repositories.isEmpty {
            out += "\n## Repositories\n\n" + table(["Repository"] + Severity.allCases.map(\.rawValue) + ["Overdue", "Fixed"], stats.repositories.map { name, part in
                [inline(name)] + part.open.map(String.init) + [String(part.overdue.reduce(0, +)), String(part.fixes.count)]
            })
        }
        let several = histories.count > 1
        out += "\n## Open findings (\(stats.openFindings.count))\n\n"
        out += table((several ? ["Repository"] : []) + ["ID", "Severity", "Title", "Location", "Age (days)", "Assignee"],
                     stats.openFindings.prefix(listLimit).map { finding in
            let links = links(finding)
            let location = finding.record.path.map { $0 + (finding.record.line.map { ":\($0)" } ?? "") }
            func linked(_ label: String, _ url: String?) -> String {
                let code = SafeText.escape(label, for: .markdownCode)
                return url.map { "[\(code)](<\($0.replacingOccurrences(of: ">", with: "%3E"))>)" } ?? code
            }
            return (several ? [inline(finding.repository)] : []) + [linked(finding.record.id, links.finding), finding.record.severity.rawValue,
                inline(finding.record.title), location.map { linked($0, links.location) } ?? "",
                "\(ageDays(finding))\(finding.overdue ? " (overdue)" : "")", inline(finding.record.assignee ?? "")]
        })
        if stats.openFindings.count > listLimit {
            out += "\n\(stats.openFindings.count - listLimit) more: git secissue list shows them all.\n"
        }
        return out
    }
}
