import SecIssueKit

/// The report as one self-contained HTML page: inline CSS and SVG, no script, and a Content
/// Security Policy that forbids loading anything, so the file reads the same offline and
/// untrusted text (escaped with `SafeText.html`) cannot run or fetch.
extension ReportPage {
    public var html: String {
        func text(_ value: String) -> String { SafeText.escape(value, for: .html) }
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(text(title))</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            <header><h1>\(text(title))</h1><p class="asof">\(text(asOf))</p></header>

            """
        out += "<section id=\"posture\"><h2>Posture now</h2><div class=\"cards\">\n"
        for severity in Severity.allCases {
            let open = stats.open[severity.rank], overdue = stats.overdue[severity.rank]
            out += "<div class=\"card\" data-severity=\"\(severity.rawValue)\" data-open=\"\(open)\" data-overdue=\"\(overdue)\" "
                + "style=\"border-color:\(Self.colors[severity]!)\"><b>\(open)</b> \(severity.rawValue)<small>\(overdue) overdue</small></div>\n"
        }
        out += "<div class=\"card\" data-severity=\"total\" data-open=\"\(stats.open.reduce(0, +))\" data-overdue=\"\(stats.overdue.reduce(0, +))\">"
            + "<b>\(stats.open.reduce(0, +))</b> open in all<small>\(stats.overdue.reduce(0, +)) overdue</small></div></div></section>\n"

        let labels = stats.periods.map { text($0.label) }
        let period = stats.query.by.rawValue
        out += "<section id=\"trend\"><h2>Open findings at the end of each \(period)</h2>\n"
        out += SVGChart.bars(id: "chart-open", caption: "Open findings by severity per \(period)", labels: labels,
                             series: Severity.allCases.reversed().map { severity in
            SVGChart.Series(name: severity.rawValue, color: Self.colors[severity]!, values: stats.periods.map { $0.open[severity.rank] })
        }, stacked: true)
        out += "</section>\n<section id=\"flow\"><h2>New and fixed per \(period)</h2>\n"
        out += SVGChart.bars(id: "chart-flow", caption: "New and fixed findings per \(period)", labels: labels, series: [
            SVGChart.Series(name: "new", color: "#6366f1", values: stats.periods.map(\.new)),
            SVGChart.Series(name: "fixed", color: "#16a34a", values: stats.periods.map(\.fixed)),
        ], stacked: false)
        out += "</section>\n"

        out += "<section id=\"mttr\"><h2>Time to remediate</h2><p>From a finding's first appearance in history to the commit that recorded it fixed.</p>\n"
        out += table(id: "table-mttr", headers: ["Severity", "Fixed", "Mean days", "Median days"], rows: Severity.allCases.compactMap { severity in
            stats.remediation(severity).map { [severity.rawValue, String($0.count), Statistics.days($0.mean), Statistics.days($0.median)] }
        }, empty: "No fixes recorded yet.")
        out += "</section>\n<section id=\"sla\"><h2>SLA</h2>\n"
        out += table(id: "table-sla", headers: ["Severity", "SLA days", "Fixed", "Within SLA", "Open", "Overdue"], rows: stats.slaRows.map {
            [$0.severity.rawValue, $0.days.map(String.init) ?? "-", String($0.fixed), String($0.within), String($0.open), String($0.overdue)]
        }, empty: nil)
        out += "</section>\n<section id=\"age\"><h2>Age of open findings</h2>\n"
        out += SVGChart.rows(id: "chart-age", caption: "Open findings by age", rows: zip(Statistics.ageBuckets, stats.ages).map { ($0.label, $1) }, color: "#475569")
        out += "</section>\n"

        for (id, heading, breakdown) in [("rules", "Top rules", stats.byRule), ("paths", "Top paths", stats.byPath), ("tools", "Tools", stats.byTool),
                                         ("cwes", "CWEs", stats.byCWE), ("owners", "Owners", stats.byOwner)] {
            out += "<section id=\"\(id)\" class=\"half\"><h2>\(heading)</h2>\n"
            out += table(id: "table-\(id)", headers: ["", "Open", "Fixed"], rows: Statistics.ranked(breakdown).prefix(10).map {
                [$0.key, String($0.value.open), String($0.value.fixed)]
            }, empty: "None.")
            out += "</section>\n"
        }
        if !stats.repositories.isEmpty {
            out += "<section id=\"repositories\"><h2>Repositories</h2>\n"
            out += table(id: "table-repositories", headers: ["Repository"] + Severity.allCases.map(\.rawValue) + ["Overdue", "Fixed"],
                         rows: stats.repositories.map { name, part in
                [name] + part.open.map(String.init) + [String(part.overdue.reduce(0, +)), String(part.fixes.count)]
            }, empty: nil)
            out += "</section>\n"
        }
        out += findingList()
        out += "<footer>Made by git secissue report from the history of .security/.</footer>\n</body>\n</html>\n"
        return out
    }

    private func findingList() -> String {
        func text(_ value: String) -> String { SafeText.escape(value, for: .html) }
        func link(_ label: String, _ url: String?) -> String {
            url.map { "<a href=\"\(text($0))\">\(text(label))</a>" } ?? text(label)
        }
        let several = histories.count > 1
        var out = "<section id=\"findings\"><h2>Open findings (\(stats.openFindings.count))</h2>\n<table id=\"table-findings\"><thead><tr>"
            + (several ? "<th>Repository</th>" : "") + "<th>ID</th><th>Severity</th><th>Title</th><th>Location</th><th>Age (days)</th><th>Assignee</th></tr></thead><tbody>\n"
        for finding in stats.openFindings.prefix(listLimit) {
            let links = links(finding)
            let location = finding.record.path.map { $0 + (finding.record.line.map { ":\($0)" } ?? "") } ?? ""
            out += "<tr data-id=\"\(text(finding.record.id))\" data-severity=\"\(finding.record.severity.rawValue)\"\(finding.overdue ? " class=\"overdue\"" : "")>"
                + (several ? "<td>\(text(finding.repository))</td>" : "")
                + "<td>\(link(finding.record.id, links.finding))</td><td>\(finding.record.severity.rawValue)</td><td>\(text(finding.record.title))</td>"
                + "<td>\(link(location, links.location))</td><td>\(ageDays(finding))\(finding.overdue ? " (overdue)" : "")</td>"
                + "<td>\(text(finding.record.assignee ?? ""))</td></tr>\n"
        }
        out += "</tbody></table>\n"
        if stats.openFindings.count > listLimit {
            out += "<p>\(stats.openFindings.count - listLimit) more: git secissue list shows them all.</p>\n"
        }
        return out + "</section>\n"
    }

    private func table(id: String, headers: [String], rows: [[String]], empty: String?) -> String {
        func text(_ value: String) -> String { SafeText.escape(value, for: .html) }
        if rows.isEmpty, let empty { return "<p id=\"\(id)\">\(text(empty))</p>\n" }
        return "<table id=\"\(id)\"><thead><tr>" + headers.map { "<th>\(text($0))</th>" }.joined() + "</tr></thead><tbody>\n"
            + rows.map { "<tr>" + $0.map { "<td>\(text($0))</td>" }.joined() + "</tr>\n" }.joined() + "</tbody></table>\n"
    }

    static let css = """
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111827;background:#f9fafb;margin:0 auto;max-width:1040px;padding:24px}
        h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px}.asof{color:#4b5563;margin:0}
        section{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:4px 18px 14px;margin-top:16px}
        section.half{display:inline-block;vertical-align:top;width:calc(50% - 48px);margin-right:12px}
        .cards{display:flex;gap:10px;flex-wrap:wrap}.card{border-left:6px solid #111827;background:#f3f4f6;padding:8px 14px;min-width:110px}
        .card b{font-size:24px;display:block}.card small{display:block;color:#6b7280}
        .chart{width:100%;height:auto}.chart.rows{max-width:640px}.chart .grid{stroke:#e5e7eb}.chart .axis{font-size:11px;fill:#4b5563}
        .legend span{margin-right:14px;font-size:13px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
        table{border-collapse:collapse;width:100%;font-size:14px}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e5e7eb;overflow-wrap:anywhere}
        tr.overdue td{background:#fef2f2}a{color:#1d4ed8}footer{color:#6b7280;font-size:13px;margin-top:20px}
        """
}
