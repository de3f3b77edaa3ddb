import SecIssueKit

/// The common shape of the commands that change one finding: resolve it, change it, write it.
enum FindingUpdate {
    static func run(
        _ input: String, options: WriteOptions, _ change: @escaping (SecurityStore, Stamp) throws -> (inout Finding) throws -> String?
    ) throws {
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
