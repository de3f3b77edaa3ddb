import SecIssueKit

/// A triage change to every finding `--where` selects: one write, one commit; `--dry-run` prints
/// what would change instead.
enum BulkUpdate {
    static func run(_ filter: FindingFilter, selection: String, dryRun: Bool, options: WriteOptions,
                    _ change: @escaping FindingUpdate.Change) throws {
        let workspace = try Workspace.discover()
        let stamp = try workspace.stamp()
        if dryRun {
            let store = try workspace.store(at: options.ref)
            let bulk = try BulkChange.plan(filter, selection: selection, in: store, stamp: stamp, try change(store, stamp))
            let index = FindingIndex(ids: try store.findingIDs())
            let listing = Listing(headers: ["ID", "LOCATION", "TITLE", "CHANGE"],
                                  rows: bulk.changes.map { [index.shortest($0.id), $0.location ?? "-", $0.title, $0.activity] }, truncatable: 2)
            if !bulk.changes.isEmpty { Output.print(listing.table(width: Output.terminalWidth)) }
            Output.note(summary(bulk, would: true) + " (dry run: nothing written)")
            return
        }
        var planned: BulkChange?
        let outcome = try workspace.write(options.mode) { store in
            let bulk = try BulkChange.plan(filter, selection: selection, in: store, stamp: stamp, try change(store, stamp))
            planned = bulk
            return bulk.plannedWrite
        }
        guard let bulk = planned else { return }
        Output.note(summary(bulk, would: false))
        if outcome != .unchanged { Output.report(outcome, message: bulk.plannedWrite.message) }
    }

    /// `3 of 5 selected findings change (2 already say so)`.
    static func summary(_ bulk: BulkChange, would: Bool) -> String {
        let unchanged = bulk.selected - bulk.changes.count
        return "\(bulk.changes.count) of \(bulk.selected) selected finding\(bulk.selected == 1 ? "" : "s") "
            + (would ? "would change" : "changed") + (unchanged > 0 ? " (\(unchanged) already say\(unchanged == 1 ? "s" : "") so)" : "")
    }
}
