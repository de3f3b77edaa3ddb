import Foundation

/// One scanner result, mapped from SARIF into the terms of a finding and ready to file.
public struct ScanResult: Sendable {
    public var tool: String
    public var toolVersion: String?
    public var rule: String
    public var category: String
    public var title: String
    public var severity: Severity
    public var cwe: [Int]
    public var location: Finding.Location?
    public var message: String
    public var ruleHelp: String?
    public var helpURI: String?
    public var snippet: String?
    /// Versioned (`v1/…`): from the SARIF fingerprints, else computed from the code.
    public var fingerprint: String
    /// The justification of an accepted SARIF suppression, when there is one.
    public var suppression: String?
    public var isSecret: Bool
    /// True when the title, severity and description are the tool's to keep current (telemetry counts,
    /// drift details): a re-run rewrites them on an active finding. Scanner findings keep what people edited.
    public var refreshes = false
    /// Counted events, for telemetry findings.
    public var evidence: Finding.Evidence?
    /// The commit the result is about when it is not the scanned one (a protected change):
    /// a new finding is detected and introduced there.
    public var commit: String?
    /// Tags a new finding is filed with, besides `secret`.
    public var tags: [String] = []
    /// Guides the tool chose for a new finding; empty means the guides for its CWE.
    public var guidance: [String] = []

    /// The key the finding ID derives from, so the same result always files the same finding.
    public var identityKey: String { [tool, rule, fingerprint].joined(separator: "\u{0}") }

    /// The Markdown description of an imported finding.
    public var description: String {
        var parts = [message]
        var ruleLine = "**Rule:** `\(rule)` (\(tool)\(toolVersion.map { " \($0)" } ?? ""))"
        if let helpURI { ruleLine += " — [\(helpURI)](\(helpURI))" }
        parts.append(ruleLine)
        if let snippet, !snippet.isEmpty { parts.append(SafeText.fencedBlock(snippet.trimmingCharacters(in: .newlines))) }
        if let ruleHelp, !ruleHelp.isEmpty, ruleHelp != message { parts.append(ruleHelp) }
        return parts.joined(separator: "\n\n")
    }
}
