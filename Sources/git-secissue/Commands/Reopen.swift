import ArgumentParser
import SecIssueKit

struct Reopen: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reopen", abstract: "Reopen a finding (status ID open).")

    @Argument(help: "The finding: any unique prefix of its ID.") var id: String
    @Option(help: "Why, for the activity log.") var reason: String?
    @OptionGroup var write: WriteOptions

    func run() throws {
        try StatusUpdate.run(.id(id), status: .open, reason: reason, write: write)
    }
}
