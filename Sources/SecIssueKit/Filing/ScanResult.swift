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
    /// The tool says a person confirmed it (a VEX `exploitable` analysis, a verified finding): a new
    /// finding is filed as confirmed. Only ever applied to new findings: triage stays people's.
    public var confirmed = false

    public init(tool: String, toolVersion: String? = nil, rule: String, category: String, title: String, severity: Severity,
                cwe: [Int] = [], location: Finding.Location?, message: String, ruleHelp: String? = nil, helpURI: String? = nil,
                snippet: String? = nil, fingerprint: String, suppression: String? = nil, isSecret: Bool = false) {
        self.tool = tool
        self.toolVersion = toolVersion
        self.rule = rule
        self.category = category
        self.title = title
        self.severity = severity
        self.cwe = cwe
        self.location = location
        self.message = message
        self.ruleHelp = ruleHelp
        self.helpURI = helpURI
        self.snippet = snippet
        self.fingerprint = fingerprint
        self.suppression = suppression
        self.isSecret = isSecret
    }

    /// The key the finding ID derives from, so the same result always files the same finding.
    public var identityKey: String { Self.identityKey(tool: tool, rule: rule, fingerprint: fingerprint) }

    /// The identity key of a result of `tool` and `rule` with `fingerprint`.
    public static func identityKey(tool: String, rule: String, fingerprint: String) -> String {
        [tool, rule, fingerprint].joined(separator: "\u{0}")
    }

    /// The Markdown description of an imported finding.
    public var description: String {
        var parts = [message]
        // The rule id and help URI are the scanner's: a backtick or `)` in them must not end their
        // span or link early and turn the rest into Markdown of its choosing.
        // The tool is a slug (letters, digits, `-_.`); its version is free text.
        var ruleLine = "**Rule:** \(SafeText.escape(rule, for: .markdownCode)) (\(tool)"
            + "\(toolVersion.map { " " + SafeText.escape($0, for: .markdownInline) } ?? ""))"
        if let helpURI {
            let linkable = (helpURI.hasPrefix("https://") || helpURI.hasPrefix("http://"))
                && !helpURI.contains { $0.isWhitespace || "()<>[]`\"".contains($0) }
            ruleLine += " — " + (linkable ? "[\(helpURI)](\(helpURI))" : SafeText.escape(helpURI, for: .markdownCode))
        }
        parts.append(ruleLine)
        if let snippet, !snippet.isEmpty { parts.append(SafeText.fencedBlock(snippet.trimmingCharacters(in: .newlines))) }
        if let ruleHelp, !ruleHelp.isEmpty, ruleHelp != message { parts.append(ruleHelp) }
        return parts.joined(separator: "\n\n")
    }
}
