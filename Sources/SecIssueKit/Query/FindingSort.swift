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

    /// `selected` (indices of `findings`) in this order. Every key is an integer: a rank, a
    /// number, or for text the place of its value among the distinct values sorted
    /// (`ordinals`), so the sort compares integers and moves nothing bigger, and ties keep the
    /// order of `selected`.
    func sortedIndices(_ findings: [Finding], _ selected: [Int]) -> [Int] {
        // Through the buffer, so that each key is read in place rather than from a copy of its finding.
        findings.withUnsafeBufferPointer { sortedIndices($0, selected) }
    }

    private func sortedIndices(_ findings: UnsafeBufferPointer<Finding>, _ selected: [Int]) -> [Int] {
        let ids = Self.ordinals(selected.map { findings[$0].id })
        var keys: [(Int, Int, Int, Int, Int)] = []
        keys.reserveCapacity(selected.count)
        switch self {
        case .severity:
            let due = Self.ordinals(selected.map { findings[$0].due ?? "9999" })
            for (place, index) in selected.enumerated() { keys.append((findings[index].severity.rank, due[place], ids[place], place, index)) }
        case .due:
            let due = Self.ordinals(selected.map { findings[$0].due ?? "9999" })
            for (place, index) in selected.enumerated() { keys.append((due[place], findings[index].severity.rank, ids[place], place, index)) }
        case .age:
            let created = Self.ordinals(selected.map { findings[$0].created })
            for (place, index) in selected.enumerated() { keys.append((created[place], 0, ids[place], place, index)) }
        case .path:
            let paths = Self.ordinals(selected.map { findings[$0].location?.path ?? "\u{10FFFF}" })
            for (place, index) in selected.enumerated() {
                keys.append((paths[place], findings[index].location?.line ?? Int.max, ids[place], place, index))
            }
        case .updated:
            // Most recent first: the updated time's place counted from the end.
            let updated = Self.ordinals(selected.map { findings[$0].updated })
            for (place, index) in selected.enumerated() { keys.append((-updated[place], 0, ids[place], place, index)) }
        }
        keys.sort { ($0.0, $0.1, $0.2, $0.3) < ($1.0, $1.1, $1.2, $1.3) }
        return keys.map(\.4)
    }

    /// For each value, its place among the distinct values in `String` order: equal values get
    /// the same number and a smaller value a smaller one. Values already in order (IDs, as
    /// listings read them) are numbered in one pass; otherwise the distinct ones are sorted.
    static func ordinals(_ values: [String]) -> [Int] {
        var places: [Int] = []
        places.reserveCapacity(values.count)
        var inOrder = true
        for (position, value) in values.enumerated() {
            guard position > 0 else { places.append(0); continue }
            let previous = values[position - 1]
            if value == previous {
                places.append(places[position - 1])
            } else if previous < value {
                places.append(places[position - 1] + 1)
            } else {
                inOrder = false
                break
            }
        }
        if inOrder { return places }
        var distinct: [String: Int] = [:]
        for value in values { distinct[value] = 0 }
        for (place, value) in distinct.keys.sorted().enumerated() { distinct[value] = place }
        return values.map { distinct[$0]! }
    }
}
