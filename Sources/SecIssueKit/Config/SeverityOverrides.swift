/// `severity_overrides` in config.yml: per tool, rule ids or globs (`CKV_*`) mapped to a severity
/// or to `ignore`. Some tools' SARIF levels are not severities (Checkov marks every result
/// `error`, cfn-lint's template-lint warnings are style), so those tools have defaults here,
/// below anything the repository sets and below a result's own `security-severity`.
public struct SeverityOverrides: Sendable, Equatable {
    /// One line of the map: a rule id or glob, and the severity (nil: ignore the rule).
    public struct Entry: Sendable, Equatable {
        public var pattern: String
        public var severity: Severity?

        public init(_ pattern: String, _ severity: Severity?) {
            self.pattern = pattern
            self.severity = severity
        }

        func matches(_ rule: String) -> Bool { pattern == rule || Glob.matches(pattern, rule) }
    }

    /// The repository's entries per tool, in file order.
    public var byTool: [String: [Entry]] = [:]

    public init(_ byTool: [String: [Entry]] = [:]) {
        self.byTool = byTool
    }

    /// Defaults for tools whose levels are not severities (see the type's comment).
    public static let toolDefaults: [String: [Entry]] = [
        "checkov": [Entry("*", .medium)],
        "cfn-lint": [Entry("E*", .medium), Entry("W*", .low), Entry("I*", .info)],
    ]

    /// What the repository says of `rule` of `tool`: an exact id first, then the first glob in
    /// file order. Nil when it says nothing.
    public func configured(tool: String, rule: String) -> Entry? {
        Self.lookup(byTool[tool] ?? [], rule)
    }

    /// The built-in default for `rule` of `tool`, if the tool has one.
    public func toolDefault(tool: String, rule: String) -> Entry? {
        Self.lookup(Self.toolDefaults[tool] ?? [], rule)
    }

    /// True when the repository ignores the rule: its results are not filed, and its findings
    /// are not fixed by their absence.
    public func ignores(tool: String, rule: String) -> Bool {
        guard let entry = configured(tool: tool, rule: rule) else { return false }
        return entry.severity == nil
    }

    private static func lookup(_ entries: [Entry], _ rule: String) -> Entry? {
        entries.first { $0.pattern == rule } ?? entries.first { $0.matches(rule) }
    }
}
