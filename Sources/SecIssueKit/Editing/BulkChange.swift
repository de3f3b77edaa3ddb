/// One triage change applied to every finding a filter selects (`--where`), planned as one
/// write with one commit: each changed finding gets its own activity line, as a change by ID would.
public struct BulkChange {
    /// What `--where` said, for the commit message and the errors.
    public let selection: String
    /// How many findings the filter selected.
    public let selected: Int
    /// The findings that change (those that already said so are left out), in the filter's order.
    public let changes: [FindingChange]

    /// Selects with `filter` from `store` and plans `change` on each selected finding. Selecting
    /// nothing is an error, so a mistyped selection never passes as done; a store with an
    /// unreadable finding file is refused, since the selection could not be trusted.
    public static func plan(
        _ filter: FindingFilter, selection: String, in store: SecurityStore, stamp: Stamp, _ change: (inout Finding) throws -> String?
    ) throws -> BulkChange {
        let (stored, problems) = try store.loadAll()
        guard problems.isEmpty else {
            throw SecIssueError("\(problems[0]): fix the finding files first (git secissue validate lists them); nothing was changed")
        }
        let byID = Dictionary(stored.map { ($0.finding.id, $0) }, uniquingKeysWith: { first, _ in first })
        let chosen = filter.apply(stored.map(\.finding))
        guard !chosen.isEmpty else {
            throw SecIssueError("no finding matches --where '\(selection)'\(filter.statuses.isEmpty ? " among the active ones (add status=* for every status)" : ""): nothing changed",
                                code: SecIssueError.Code.noSuchFinding)
        }
        let changes = try chosen.compactMap { finding in try byID[finding.id].flatMap { try FindingChange.apply(to: $0, stamp: stamp, change) } }
        return BulkChange(selection: selection, selected: chosen.count, changes: changes)
    }

    /// The write: every changed file, and a message naming the change, the selection and (up to 50) the findings.
    public var plannedWrite: PlannedWrite {
        let files = Dictionary(changes.map { ($0.path, Optional(Array($0.text.utf8))) }, uniquingKeysWith: { $1 })
        let verbs = Set(changes.map(\.verb))
        let verb = verbs.count == 1 ? verbs.first! : "change"
        var message = "secissue: \(verb) \(changes.count) finding\(changes.count == 1 ? "" : "s") where \(selection)\n\n"
        if changes.count > 50 { message += "The first 50 of \(changes.count) are named below.\n\n" }
        message += changes.prefix(50).map { "Security-Finding: \($0.id)\n" }.joined()
        return PlannedWrite(changes: files, message: message)
    }
}
