import Foundation
import SecIssueKit

/// Turns telemetry summaries into findings: one per rule and resource (route or cloud resource),
/// whose counts add up over ingests, located where the repository defines the resource.
public enum TelemetryFindings {
    public static let tool = "telemetry"

    /// The fingerprint of a rule and resource; the finding ID derives from it.
    static func fingerprint(_ resource: String) -> String { "v1/telemetry:\(resource)" }

    /// Per observation key, the last event time counted in the stored findings: older events are
    /// not counted again when the same log (or an overlapping one) is read a second time.
    public static func cutoffs(_ findings: [Finding]) -> [String: Int64] {
        var cutoffs: [String: Int64] = [:]
        for finding in findings {
            guard let source = finding.source, source.tool == tool, let rule = source.rule,
                  let resource = source.fingerprint?.dropPrefix("v1/telemetry:"), let evidence = finding.evidence,
                  let last = Timestamp.parse(evidence.lastSeen) else { continue }
            cutoffs[Observation.key(rule: rule, resource: resource)] = Timestamp.clampedSeconds(last)
        }
        return cutoffs
    }

    /// The scan results for `summaries`, located through `locations` (resource -> place in the code).
    public static func results(_ summaries: [TelemetryAggregate.Summary], locations: [String: Finding.Location]) -> [ScanResult] {
        summaries.map { summary in
            let evidence = Finding.Evidence(count: summary.count, firstSeen: time(summary.firstSeen), lastSeen: time(summary.lastSeen),
                                            sources: summary.topSources().map { "\($0.source) (\($0.count))" })
            var result = ScanResult(
                tool: tool, toolVersion: nil, rule: summary.rule, category: summary.rule.hasPrefix("cloudtrail/") ? "cloud" : "web",
                title: summary.title, severity: summary.severity, cwe: summary.cwe.map { [$0] } ?? [],
                location: locations[summary.resource], message: "", ruleHelp: nil, helpURI: nil, snippet: nil,
                fingerprint: fingerprint(summary.resource), suppression: nil, isSecret: false)
            result.refreshes = true
            result.evidence = evidence
            result.message = describe(summary, evidence: evidence)
            return result
        }
    }

    /// Adds the stored counts of `existing` to a result of this run (for `ScanImport.refine`):
    /// counts add up, first and last seen widen, the busiest sources merge, severity never drops.
    public static func merge(_ result: ScanResult, into existing: Finding?, summaries: [String: TelemetryAggregate.Summary]) -> ScanResult {
        guard let existing, let old = existing.evidence, let new = result.evidence,
              let resource = result.fingerprint.dropPrefix("v1/telemetry:"),
              let summary = summaries[Observation.key(rule: result.rule, resource: resource)] else { return result }
        var sources: [String: Int] = [:]
        for entry in old.sources + new.sources {
            let (source, count) = splitSource(entry)
            // Counts come from the stored finding file, which anyone can edit: add without trapping.
            sources[source, default: 0] = sources[source, default: 0].addingSaturated(count)
        }
        let top = sources.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(5)
        let evidence = Finding.Evidence(count: old.count.addingSaturated(new.count), firstSeen: min(old.firstSeen, new.firstSeen),
                                        lastSeen: max(old.lastSeen, new.lastSeen), sources: top.map { "\($0.key) (\($0.value))" })
        var merged = result
        merged.evidence = evidence
        merged.severity = max(result.severity, existing.severity)
        merged.message = describe(summary, evidence: evidence)
        return merged
    }

    /// The result with the client addresses in its evidence and description cut down as `policy` says.
    static func applying(_ policy: ClientAddressPolicy, to result: ScanResult) -> ScanResult {
        var result = result
        if var evidence = result.evidence {
            evidence.sources = evidence.sources.map(policy.apply)
            result.evidence = evidence
        }
        result.message = policy.apply(to: result.message)
        return result
    }

    /// The finding's description: what was seen, how often, from where, samples, and what to do.
    static func describe(_ summary: TelemetryAggregate.Summary, evidence: Finding.Evidence) -> String {
        let noun = summary.rule.hasPrefix("cloudtrail/") ? "event" : summary.rule.hasSuffix("-burst") ? "response" : "request"
        var parts = ["\(summary.title): \(evidence.count) \(noun)\(evidence.count == 1 ? "" : "s") seen in telemetry "
                     + "between \(evidence.firstSeen) and \(evidence.lastSeen)."]
        if !evidence.sources.isEmpty {
            parts.append("**Top sources:**\n" + evidence.sources.map { "- \(plain($0))" }.joined(separator: "\n"))
        }
        if !summary.samples.isEmpty {
            parts.append("**Samples (redacted):**\n\n" + summary.samples.map { "    " + plain($0) }.joined(separator: "\n"))
        }
        parts.append("**What to do:** " + advice(summary.rule))
        return parts.joined(separator: "\n\n")
    }

    static func advice(_ rule: String) -> String {
        switch rule {
        case "sqli": return "make sure this route builds every query with bound parameters (see the guidance below); "
            + "attempts that keep coming can be blocked at the edge. Risk-accept this finding when the route is known to be safe."
        case "xss": return "make sure this route encodes what it echoes for its context and sends a Content-Security-Policy (see the guidance below)."
        case "path-traversal": return "make sure this route never builds a file path from input without resolving it and checking it stays under its directory."
        case "http-4xx-burst": return "a burst of client errors usually means a scanner or a brute-force attempt: check the sources, rate-limit or block them."
        case "http-5xx-burst": return "a burst of server errors can be an attack that reaches a fault (or an outage): read the application logs for that window."
        default: return "check that the change was intended and reviewed; if not, revert it and find out how it was made (the source says who and from where)."
        }
    }

    /// `2026-11-27T08:00:00Z` for an epoch second.
    static func time(_ seconds: Int64) -> String {
        Timestamp.string(Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// `SOURCE (COUNT)` split back into its parts.
    static func splitSource(_ entry: String) -> (String, Int) {
        guard entry.hasSuffix(")"), let open = entry.range(of: " (", options: .backwards),
              let count = Int(entry[open.upperBound..<entry.index(before: entry.endIndex)]) else { return (entry, 0) }
        return (String(entry[..<open.lowerBound]), count)
    }

    /// Attacker-chosen text, made safe to show in Markdown: no control characters, no line breaks.
    static func plain(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 32 || $0.value == 127 ? " " : $0 }))
    }
}

extension Observation {
    static func key(rule: String, resource: String) -> String { "\(rule)\u{0}\(resource)" }
}

private extension String {
    func dropPrefix(_ prefix: String) -> String? { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil }
}
