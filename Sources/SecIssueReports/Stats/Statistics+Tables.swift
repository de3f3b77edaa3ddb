import SecIssueKit

extension Statistics {
    /// The tables of `stats`, each under a title: the periods, remediation, SLA, age and the
    /// breakdowns (the `top` keys of each), then one row per repository in a roll-up.
    public func tables(top: Int = 10) -> [(title: String, listing: Listing)] {
        var tables: [(String, Listing)] = [
            ("Open findings by severity at the end of each \(query.by.rawValue), new and fixed in it", periodListing),
            ("Time to remediate (first seen to fixed), days", Listing(headers: ["Severity", "Fixed", "Mean", "Median"], rows: Severity.allCases.compactMap { severity in
                remediation(severity).map { [severity.rawValue, String($0.count), Self.days($0.mean), Self.days($0.median)] }
            })),
            ("SLA: fixes in the window within their SLA; open and overdue now", Listing(
                headers: ["Severity", "SLA days", "Fixed", "Within SLA", "Open", "Overdue"],
                rows: slaRows.map { [$0.severity.rawValue, $0.days.map(String.init) ?? "-", String($0.fixed), String($0.within), String($0.open), String($0.overdue)] })),
            ("Age of open findings", Listing(headers: ["Age", "Open"], rows: zip(Self.ageBuckets, ages).map { [$0.label, String($1)] })),
        ]
        for (name, breakdown) in breakdowns {
            let nouns = ["by_tool": "tools", "by_rule": "rules", "by_cwe": "CWEs", "by_path": "path prefixes", "by_owner": "owners"]
            let title = "Top \(top) \(nouns[name] ?? name): open now, fixed in the window"
            tables.append((title, Listing(headers: ["Key", "Open", "Fixed"], rows: Self.ranked(breakdown).prefix(top).map { [$0.key, String($0.value.open), String($0.value.fixed)] },
                                          truncatable: 0)))
        }
        if !repositories.isEmpty {
            tables.append(("Repositories", Listing(headers: ["Repository"] + Severity.allCases.map { $0.rawValue.capitalized } + ["Overdue", "New", "Fixed"],
                                                   rows: repositories.map { name, stats in
                [name] + stats.open.map(String.init) + [String(stats.overdue.reduce(0, +)), String(stats.periods.reduce(0) { $0 + $1.new }), String(stats.fixes.count)]
            }, truncatable: 0)))
        }
        return tables
    }

    /// One row per period: its label, open per severity and in all, new and fixed.
    public var periodListing: Listing {
        Listing(headers: ["Period"] + Severity.allCases.map { $0.rawValue.capitalized } + ["Open", "New", "Fixed"], rows: periods.map { period in
            [period.label] + period.open.map(String.init) + [String(period.open.reduce(0, +)), String(period.new), String(period.fixed)]
        })
    }
}
