import ArgumentParser
import SecIssueKit

struct Comment: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comment",
        abstract: "Add a comment to a finding's activity log.",
        discussion: "With --where instead of an ID, every finding selected gets the comment in one commit.")

    @Argument(help: "The finding: any unique prefix of its ID (omitted with --where).") var id: String?
    @Option(name: [.short, .long], help: "The comment.") var message: String
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var write: WriteOptions

    func run() throws {
        let change = try TriageChange.comment(message)
        try FindingUpdate.run(try selection.target(id: id), options: write) { _, _ in change }
    }
}
