import ArgumentParser
import SecIssueKit

struct Assign: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Assign a finding to someone.")

    @Argument(help: "The finding: any unique prefix of its ID.") var id: String
    @Argument(help: "Who: a name or an email.") var who: String
    @OptionGroup var write: WriteOptions

    func run() throws {
        let change = try TriageChange.assign(who)
        try FindingUpdate.run(id, options: write) { _, _ in change }
    }
}
