import ArgumentParser
import SecIssueKit

struct Disclose: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disclose",
        abstract: "Write a fixed confidential finding back in plaintext (coordinated disclosure).",
        discussion: "From this commit on its content is readable by everyone who can read the repository.")

    @Argument(help: "The finding: any unique prefix of its ID.") var id: String
    @OptionGroup var write: WriteOptions

    func run() throws {
        let workspace = try Workspace.discover()
        let stamp = try workspace.stamp()
        var message = ""
        let outcome = try workspace.write(write.mode) { store in
            let planned = try Disclosure.plan(id, in: store, stamp: stamp)
            message = planned.message
            return planned
        }
        Output.report(outcome, message: message)
    }
}
