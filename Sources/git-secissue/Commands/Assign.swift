import ArgumentParser
import SecIssueKit

struct Assign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Assign a finding to someone.",
        discussion: "With --where instead of an ID, every finding selected is assigned in one commit: assign --where 'path=infra/**' WHO.")

    @Argument(help: "The finding: any unique prefix of its ID (omitted with --where).") var id: String?
    @Argument(help: "Who: a name or an email.") var who: String?
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var write: WriteOptions

    func run() throws {
        // With --where the one argument given is the person (ArgumentParser fills positions in order).
        let (id, who) = selection.selection != nil && self.who == nil ? (nil, self.id) : (self.id, self.who)
        guard let who else { throw SecIssueError.usage("give the person to assign (a name or an email)") }
        let change = try TriageChange.assign(who)
        try FindingUpdate.run(try selection.target(id: id), options: write) { _, _ in change }
    }
}
