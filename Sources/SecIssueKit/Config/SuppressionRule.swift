/// One entry of `ignore:` in config.yml: results of a tool (a rule glob, a path glob) that people
/// decided not to act on, with the reason. Imports file them already settled, as false-positive
/// or risk-accepted, naming the rule, so the decision is reviewed as code in config.yml. A rule
/// past its `expires` date stops applying, and imports say so.
public struct SuppressionRule: Sendable, Equatable {
    /// The entry's position in `ignore:`, from 1, which names it in activity lines.
    public var number: Int
    public var tool: String
    /// A glob on the scanner's rule id; nil for every rule of the tool.
    public var rule: String?
    /// A glob on the result's path; nil for every path.
    public var path: String?
    public var reason: String
    /// `false-positive` (the default) or `risk-accepted`.
    public var status: Status
    /// `YYYY-MM-DD`: the last day the rule applies; required for risk-accepted.
    public var expires: String?

    public init(number: Int, tool: String, rule: String? = nil, path: String? = nil, reason: String,
                status: Status = .falsePositive, expires: String? = nil) {
        self.number = number
        self.tool = tool
        self.rule = rule
        self.path = path
        self.reason = reason
        self.status = status
        self.expires = expires
    }

    /// `ignore[2] (tool=checkov rule=CKV_AWS_* path=test/**)`, as activity lines and notes name it.
    public var name: String {
        let terms = [("tool", tool), ("rule", rule), ("path", path)].compactMap { key, value in value.map { "\(key)=\($0)" } }
        return "ignore[\(number)] (\(terms.joined(separator: " ")))"
    }

    /// True when the rule covers `result`, whether or not it has expired.
    public func covers(_ result: ScanResult) -> Bool {
        guard result.tool.caseInsensitiveCompare(tool) == .orderedSame else { return false }
        if let rule, result.rule != rule, !Glob.matches(rule, result.rule) { return false }
        if let path {
            guard let location = result.location?.path, Glob.matches(path, location) else { return false }
        }
        return true
    }

    /// True once `today` is past `expires`.
    public func hasExpired(on today: String) -> Bool { expires.map { $0 < today } ?? false }

    /// Reads `ignore:`, refusing an entry that could not be applied as written.
    static func read(_ fields: YAMLFields) throws -> [SuppressionRule] {
        try fields.items("ignore").enumerated().map { index, entry in
            let known = ["tool", "rule", "path", "reason", "status", "expires"]
            if let unknown = entry.keys.first(where: { !known.contains($0) }) {
                throw entry.problem(unknown, "unknown field: use \(known.joined(separator: ", "))")
            }
            let tool = try entry.required("tool")
            let reason = try entry.required("reason")
            guard !reason.contains(where: \.isNewline) else { throw entry.problem("reason", "must be one line") }
            var rule = SuppressionRule(number: index + 1, tool: tool, reason: reason)
            for key in ["rule", "path"] {
                guard let glob = try entry.string(key) else { continue }
                guard Glob.isUsable(glob), !glob.hasPrefix("/") else { throw entry.problem(key, "'\(glob)' is not a usable glob") }
                if key == "rule" { rule.rule = glob } else { rule.path = glob }
            }
            if let status = try entry.enumValue("status", Status.self) {
                guard status == .falsePositive || status == .riskAccepted else {
                    throw entry.problem("status", "'\(status.rawValue)' is not a suppression: use false-positive or risk-accepted")
                }
                rule.status = status
            }
            if let expires = try entry.string("expires") {
                guard (try? InputCheck.day(expires, what: "expires")) != nil else { throw entry.problem("expires", "'\(expires)' is not a date: write YYYY-MM-DD") }
                rule.expires = expires
            } else if rule.status == .riskAccepted {
                throw entry.problem("expires", "required with status risk-accepted: say when to look at the risk again")
            }
            return rule
        }
    }
}
