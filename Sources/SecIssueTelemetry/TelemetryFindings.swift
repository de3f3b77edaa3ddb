import Foundation
import SecIssueKit

/// Turns telemetry summaries into findings: one per rule and resource (route or cloud resource),
/// whose counts add up over ingests, located where the repository defines the resource.
public enum TelemetryFindings {
    public static let tool = "telemetry"

    /// The fingerprint of a rule and resource; the finding ID derives from it.
    static func fingerprint(_ resource: String) -> String { "v1/telemetry:\(resource)" }

    /// The identity key of the finding of `rule` on `resource` (`ScanResult.identityKey`).
    static func identityKey(rule: String, resource: String) -> String {
        ScanResult.identityKey(tool: tool, rule: rule, fingerprint: fingerprint(resource))
    }

    /// Per identity key of a stored telemetry finding, the last event time counted: older events
    /// are not counted again when the same log (or an overlapping one) is read a second time.
    public static func cutoffs(_ findings: [Finding]) -> [String: Int64] {
        var cutoffs: [String: Int64] = [:]
        for finding in findings {
            guard let source = finding.source, source.tool == tool, let key = source.identityKey,
                  let evidence = finding.evidence, let last = Timestamp.parse(evidence.lastSeen) else { continue }
            cutoffs[key] = Timestamp.clampedSeconds(last)
        }
        return cutoffs
    }

    /// Tags the findings of attacks on a route whose code findings are all fixed.
    public static let attemptedTag = "attempted"

    /// The scan results for `summaries`, located through `locations` (resource -> place in the code).
    /// Attacks on a route whose code findings are all fixed are filed at `policy.attemptSeverity`,
    /// tagged `attempted`.
    static func results(_ summaries: [TelemetryAggregate.Summary], locations: [String: Finding.Location],
                        routes: RouteCodeFindings, policy: TelemetryPolicy) -> [ScanResult] {
        summaries.map { summary in
            let attempted = RouteCodeFindings.attackRules.contains(summary.rule) && routes.isFixed(summary.resource)
            let evidence = Finding.Evidence(count: summary.count, firstSeen: time(summary.firstSeen), lastSeen: time(summary.lastSeen),
                                            sources: summary.topSources().map { .init(name: $0.source, count: $0.count) })
            var result = ScanResult(
                tool: tool, toolVersion: nil, rule: summary.rule, category: summary.rule.hasPrefix("cloudtrail/") ? "cloud" : "web",
                title: summary.title, severity: attempted ? policy.attemptSeverity : summary.severity, cwe: summary.cwe.map { [$0] } ?? [],
                location: locations[summary.resource], message: "", ruleHelp: nil, helpURI: nil, snippet: nil,
                fingerprint: fingerprint(summary.resource), suppression: nil, isSecret: false)
            result.refreshes = true
            result.evidence = evidence
            result.tags = attempted ? [attemptedTag] : []
            result.message = describe(summary, evidence: evidence, code: routes.byResource[summary.resource] ?? [])
            return result
        }
    }

    /// Adds the stored counts of `existing` to `result`, filed from `summary` in this run (for
    /// `ScanImport.refine`): counts add up, first and last seen widen, the busiest sources merge,
    /// severity never drops.
    static func merge(_ result: ScanResult, into existing: Finding?, summary: TelemetryAggregate.Summary, routes: RouteCodeFindings) -> ScanResult {
        guard let existing, let old = existing.evidence, let new = result.evidence else { return result }
        var sources: [String: Int] = [:]
        for source in old.sources + new.sources {
            // Counts come from the stored finding file, which anyone can edit: add without trapping.
            sources[source.name, default: 0] = sources[source.name, default: 0].addingSaturated(source.count)
        }
        let top = sources.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(5)
        let evidence = Finding.Evidence(count: old.count.addingSaturated(new.count), firstSeen: min(old.firstSeen, new.firstSeen),
                                        lastSeen: max(old.lastSeen, new.lastSeen), sources: top.map { .init(name: $0.key, count: $0.value) })
        var merged = result
        merged.evidence = evidence
        merged.severity = max(result.severity, existing.severity)
        merged.message = describe(summary, evidence: evidence, code: routes.byResource[summary.resource] ?? [])
        return merged
    }

    /// The result with the client addresses in its evidence and description cut down as `policy` says.
    static func applying(_ policy: ClientAddressPolicy, to result: ScanResult) -> ScanResult {
        var result = result
        if var evidence = result.evidence {
            // Addresses cut to one network become one source, their counts added.
            var counts: [String: Int] = [:]
            var order: [String] = []
            for source in evidence.sources {
                let name = policy.apply(to: source.name)
                if counts[name] == nil { order.append(name) }
                counts[name] = counts[name, default: 0].addingSaturated(source.count)
            }
            evidence.sources = order.map { Finding.Evidence.Source(name: $0, count: counts[$0]!) }
                .sorted { ($1.count, $0.name) < ($0.count, $1.name) }
            result.evidence = evidence
        }
        result.message = policy.apply(to: result.message)
        return result
    }

    /// The finding's description: what was seen, how often, from where, samples, and what to do.
    static func describe(_ summary: TelemetryAggregate.Summary, evidence: Finding.Evidence, code: [Finding]) -> String {
        let noun = summary.rule.hasPrefix("cloudtrail/") ? "event" : summary.rule.hasSuffix("-burst") ? "response" : "request"
        var parts = ["\(summary.title): \(evidence.count) \(noun)\(evidence.count == 1 ? "" : "s") seen in telemetry "
                     + "between \(evidence.firstSeen) and \(evidence.lastSeen)."]
        if !evidence.sources.isEmpty {
            parts.append("**Top sources:**\n" + evidence.sources.map { "- \(plain($0.display))" }.joined(separator: "\n"))
        }
        if !summary.samples.isEmpty {
            parts.append("**Samples (redacted):**\n\n" + summary.samples.map { "    " + plain($0) }.joined(separator: "\n"))
        }
        if !code.isEmpty {
            let list = code.map { "- \($0.id) (\($0.status.rawValue)): \(plain($0.title))" }.joined(separator: "\n")
            if code.allSatisfy({ $0.status == .fixed }) {
                parts.append("**Code findings of this route (all fixed):** these requests are attempts against code "
                             + "whose fix is in: evidence that someone tried, not a vulnerability.\n" + list)
            } else {
                parts.append("**Code findings of this route:** attacks reach code with a finding not fixed yet: fix it first.\n" + list)
            }
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

    /// Attacker-chosen text, made safe to show in Markdown: no control characters, no line breaks.
    static func plain(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 32 || $0.value == 127 ? " " : $0 }))
    }
}

extension Observation {
    static func key(rule: String, resource: String) -> String { "\(rule)\u{0}\(resource)" }
}

