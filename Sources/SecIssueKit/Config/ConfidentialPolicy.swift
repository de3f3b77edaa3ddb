/// `confidential:` in config.yml: which new findings are filed confidential without being asked
/// (`new --confidential` always is). `min_severity: high` covers high and critical; `tools`
/// lists source tools (as in `source.tool`) whose findings always are. `hide_severity: true` seals
/// the severity (and the due date it sets) of every confidential finding written with a key.
public struct ConfidentialPolicy: Sendable, Equatable {
    public var minSeverity: Severity?
    public var tools: [String] = []
    public var hidesSeverity = false

    public init(minSeverity: Severity? = nil, tools: [String] = []) {
        self.minSeverity = minSeverity
        self.tools = tools
    }

    var isActive: Bool { minSeverity != nil || !tools.isEmpty }

    /// True when a new finding like this one must be confidential.
    public func covers(_ finding: Finding) -> Bool {
        covers(tool: finding.source?.tool, severity: finding.severity)
    }

    public func covers(tool: String?, severity: Severity) -> Bool {
        if let minSeverity, severity >= minSeverity { return true }
        return tool.map(tools.contains) ?? false
    }
}
