/// Where a finding is in its life.
public enum Status: String, CaseIterable, Sendable, Codable {
    case open, confirmed, fixed
    case riskAccepted = "risk-accepted"
    case falsePositive = "false-positive"
    case duplicate

    /// Open and confirmed findings still need work; the others are settled.
    public var isActive: Bool { self == .open || self == .confirmed }

    /// Parses a status as a user types it (case-insensitive), or explains the choices.
    public static func parse(_ text: String) throws -> Status {
        guard let value = Status(rawValue: text.lowercased()) else {
            throw SecIssueError.usage("invalid status '\(text)': use one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}
