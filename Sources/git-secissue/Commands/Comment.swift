import ArgumentParser
import SecIssueKit

struct Comment: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Add a comment to a finding's activity log.")

    @Argument(help: "The finding: any unique prefix of its ID.") var id: String
    @Option(name: [.short, .long], help: "The comment.") var message: String
    @OptionGroup var write: WriteOptions

    func run() throws {
        let change = try TriageChange.comment(message)
        try FindingUpdate.run(id, options: write) { _, _ in change }
    }
}
