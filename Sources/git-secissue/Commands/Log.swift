import ArgumentParser
import SecIssueKit

/// `log`; named `FindingLog` so it does not shadow Swift's `log`.
struct FindingLog: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show the history of one finding: the commits that changed it, newest first, and what each changed.")

    @Argument(help: "The finding: any unique prefix of its ID (4+ characters).") var id: String
    @OptionGroup var output: RecordOptions
    @Option(name: .long, help: ArgumentHelp("Follow the history from this revision instead of HEAD.", valueName: "REV"))
    var at: String?

    func run() throws {
        let workspace = try Workspace.discover()
        let full = try workspace.store(at: at).resolve(id)
        let revisions = try FindingHistory(workspace: workspace).revisions(of: full, from: at)
        switch output.format {
        case .json: Output.print(JSONValue.array(revisions.map(\.json)).rendered())
        case .text:
            if revisions.isEmpty {
                Output.note("no commit changes \(full) yet (it is only in the working tree or the index)")
            } else {
                Output.print(FindingHistory.text(revisions))
            }
        }
    }
}
