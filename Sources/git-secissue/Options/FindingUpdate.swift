import SecIssueKit

/// The common shape of the triage commands: resolve the finding (or select several), change, write.
enum FindingUpdate {
    typealias Change = (SecurityStore, Stamp) throws -> (inout Finding) throws -> String?

    static func run(_ target: SelectionOptions.Target, options: WriteOptions, _ change: @escaping Change) throws {
        switch target {
        case .id(let input): try run(input, options: options, change)
        case .selection(let filter, let text, let dryRun): try BulkUpdate.run(filter, selection: text, dryRun: dryRun, options: options, change)
        }
    }

    static func run(_ input: String, options: WriteOptions, _ change: @escaping Change) throws {
        let workspace = try Workspace.discover()
        let stamp = try workspace.stamp()
        var message = ""
        var unchangedID: String?
        let outcome = try workspace.write(options.mode) { store in
            let apply = try change(store, stamp)
            guard let result = try FindingChange.apply(to: input, in: store, stamp: stamp, apply) else {
                unchangedID = try store.resolve(input)
                return PlannedWrite(changes: [:], message: "")
            }
            message = result.plannedWrite.message
            return result.plannedWrite
        }
        if outcome == .unchanged, let unchangedID {
            Output.note("\(unchangedID) already says so: nothing to change")
        } else {
            Output.report(outcome, message: message)
        }
    }
}
