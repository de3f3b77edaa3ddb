/// How bad a finding is, most severe first.
public enum Severity: String, CaseIterable, Sendable, Comparable, Codable {
    case critical, high, medium, low, info

    /// 0 for critical up to 4 for info, so sorting ascending puts the worst first.
    public var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank > rhs.rank }

    /// Parses a severity as a user types it (case-insensitive), or explains the choices.
    public static func parse(_ text: String) throws -> Severity {
        guard let value = Severity(rawValue: text.lowercased()) else {
            throw SecIssueError.usage("invalid severity '\(text)': use one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}
