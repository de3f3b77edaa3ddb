import ArgumentParser
import SecIssueKit

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create .security/ (config, guidance, library list) from the templates and commit it.")

    @Flag(help: "Restore the files of .security/ that are missing; never overwrites one that exists.")
    var force = false

    @OptionGroup var write: WriteOptions

    func run() throws {
        let workspace = try Workspace.discover()
        var alreadyThere = false
        var message = ""
        let outcome = try workspace.write(write.mode) { store in
            guard let plan = try Initialise.plan(store, force: force) else {
                alreadyThere = true
                return PlannedWrite(changes: [:], message: "")
            }
            message = plan.message
            return plan
        }
        if alreadyThere {
            Output.note(".security/ already exists: nothing changed (git secissue init --force restores missing files)")
        } else if outcome == .unchanged {
            Output.note("no file of .security/ is missing: nothing changed")
        } else {
            Output.report(outcome, message: message)
        }
    }
}
