import Foundation
import SecIssueKit

extension BaselineCheck {
    /// One scan result per drifted entry, identified by baseline, rule and entry, so a re-run
    /// updates the same finding and a later check without that drift fixes it. The title, severity
    /// and description follow the live state (`refreshes`); the location is the entry's line in
    /// the baseline file, which is where a person decides whether the change was wanted.
    public static func results(_ drift: [BaselineDrift], baseline: Baseline) -> [ScanResult] {
        drift.map { item in
            var result = ScanResult(
                tool: "baseline", toolVersion: nil, rule: item.rule, category: baseline.name, title: title(item, baseline: baseline),
                severity: item.severity, cwe: cwe(item), location: Finding.Location(path: Baseline.path(baseline.name), line: item.line),
                message: message(item, baseline: baseline), ruleHelp: nil, helpURI: nil, snippet: nil,
                fingerprint: "v1/baseline:\(baseline.name):\(item.rule):\(item.manager.map { "\($0)/" } ?? "")\(item.entry)",
                suppression: nil, isSecret: false)
            result.refreshes = true
            return result
        }
    }

    static func title(_ item: BaselineDrift, baseline: Baseline) -> String {
        let summary = printable(item.summary)
        let title = "Drift from baseline \(baseline.name): \(summary)"
        return title.count > 200 ? String(title.prefix(199)) + "…" : title
    }

    /// CWE-732 (permissions) when the mode or owner moved; none for content and packages.
    static func cwe(_ item: BaselineDrift) -> [Int] {
        item.changes.contains { $0.hasPrefix("mode") || $0.hasPrefix("owner") } ? [732] : []
    }

    static func message(_ item: BaselineDrift, baseline: Baseline) -> String {
        let file = Baseline.path(baseline.name) + (item.line.map { ", line \($0)" } ?? "")
        let entry = printable(item.entry)
        let changes = printable(item.changes.joined(separator: ", "))
        let subject = item.rule == "package" ? "package `\(entry)` (\(item.manager ?? "package manager"))" : "`\(entry)`"
        var parts: [String] = []
        switch item.kind {
        case .changed: parts.append("\(subject) differs from baseline `\(baseline.name)` (\(file)): \(changes).")
        case .missing: parts.append("\(subject) is recorded in baseline `\(baseline.name)` (\(file)) but is not on the system.")
        case .new:
            let pattern = baseline.patterns.first { FileSnapshot.covers($0.text, item.entry) }.map { "pattern `\($0.text)`" } ?? "a pattern"
            parts.append("\(subject) matches \(pattern) of baseline `\(baseline.name)` (\(file)) but the baseline does not list it.")
        case .removed: parts.append("\(subject) is recorded in baseline `\(baseline.name)` (\(file)) but is no longer installed.")
        case .installed: parts.append("\(subject) is installed but baseline `\(baseline.name)` (\(file)) does not list it.")
        case .upgraded, .downgraded:
            parts.append("\(subject) was \(item.kind.rawValue) since baseline `\(baseline.name)` was recorded (\(file)): "
                         + "\(changes).")
        }
        let keys = (item.expected.map(\.0) + item.actual.map(\.0)).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let expected = Dictionary(item.expected, uniquingKeysWith: { first, _ in first })
        let actual = Dictionary(item.actual, uniquingKeysWith: { first, _ in first })
        // Rows that differ are in bold, so the change stands out among the values that stayed.
        parts.append((["| | baseline | now |", "|---|---|---|"] + keys.map { key in
            let label = expected[key] == actual[key] ? key : "**\(key)**"
            return "| \(label) | \(cell(expected[key])) | \(cell(actual[key])) |"
        }).joined(separator: "\n"))
        if let diff = item.diff, !diff.isEmpty {
            parts.append("How the content differs from the copy recorded with `--with-content` (secrets redacted):\n\n" + SafeText.fencedBlock(diff))
        }
        let gained = riskyBits(actual["mode"]).filter { !riskyBits(expected["mode"]).contains($0) }
        if !gained.isEmpty {
            let meaning = ["setuid": "a setuid program runs with its owner's rights (\(actual["owner"] ?? "its owner")) whoever starts it",
                           "setgid": "a setgid program runs with its group's rights whoever starts it",
                           "world-writable": "any user on the system can change a world-writable file"]
            parts.append("It is now \(gained.joined(separator: " and ")): " + gained.compactMap { meaning[$0] }.joined(separator: "; ")
                         + ". This is a common way to gain or keep access to a system.")
        }
        let command = "git secissue baseline check \(baseline.name) --root DIR"
        let record = BaselineFile.recordCommand(baseline)
        parts.append("**What to do:** if the change was not intended, find out how it happened and restore the system to its baseline; "
                     + "the next `\(command)` (with the same root) marks this finding fixed. If it was intended, re-record the baseline "
                     + "(`\(record)`) and have the updated `\(Baseline.path(baseline.name))` reviewed like code.")
        return parts.joined(separator: "\n\n")
    }

    /// One line: file names and link targets may hold newlines and other control characters.
    static func printable(_ text: String) -> String {
        text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : String($0) }.joined()
    }

    private static func cell(_ value: String?) -> String {
        guard let value else { return "—" }
        let line = printable(value)
        return "`" + line.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "`", with: "'") + "`"
    }
}
