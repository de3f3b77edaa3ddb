/// The orders `list --sort` offers. Each ends on the ID, so equal keys never shuffle.
public enum FindingSort: String, CaseIterable, Sendable {
    /// Most severe first, then soonest due (the default).
    case severity
    /// Soonest due first; findings without a due date last.
    case due
    /// Oldest first (by `created`).
    case age
    /// By location: path, then line; findings without one last.
    case path
    /// Most recently updated first.
    case updated

    func sorted(_ findings: [Finding]) -> [Finding] {
        sortedIndices(findings, Array(findings.indices)).map { findings[$0] }
    }

    /// `selected` (indices of `findings`) in this order: small keys and indices are sorted rather
    /// than whole findings, which are costly to move.
    func sortedIndices(_ findings: [Finding], _ selected: [Int]) -> [Int] {
        let last = "\u{10FFFF}"
        typealias Key = (first: String, second: Int, third: String, id: String, index: Int)
        let keys: [Key] = selected.map { index in
            let finding = findings[index]
            switch self {
            case .severity: return ("", finding.severity.rank, finding.due ?? "9999", finding.id, index)
            case .due: return (finding.due ?? "9999", finding.severity.rank, "", finding.id, index)
            case .age: return (finding.created, 0, "", finding.id, index)
            case .path: return (finding.location?.path ?? last, finding.location?.line ?? Int.max, "", finding.id, index)
            case .updated: return ("", 0, "", finding.id, index)
            }
        }
        if self == .updated {
            return keys.sorted { (findings[$1.index].updated, $0.id) < (findings[$0.index].updated, $1.id) }.map(\.index)
        }
        return keys.sorted { ($0.first, $0.second, $0.third, $0.id) < ($1.first, $1.second, $1.third, $1.id) }.map(\.index)
    }
}
