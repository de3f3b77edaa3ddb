import ArgumentParser
import SecIssueKit

struct Close: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Mark a finding fixed (status ID fixed).")

    @Argument(help: "The finding: any unique prefix of its ID.") var id: String
    @Option(help: ArgumentHelp("The commit that fixed it.", valueName: "REV")) var commit: String?
    @Option(help: "Why, for the activity log.") var reason: String?
    @OptionGroup var write: WriteOptions

    func run() throws {
        try StatusUpdate.run(.id(id), status: .fixed, reason: reason, commit: commit, write: write)
    }
}
