import ArgumentParser
import SecIssueKit

struct SetStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Set a finding's status.",
        discussion: """
            risk-accepted needs --reason and --expires; false-positive needs --reason; duplicate needs \
            --duplicate-of; fixed records --commit as commits.fixed. \
            With --where instead of an ID, every finding selected changes in one commit: \
            status --where 'tool=checkov path=test/**' false-positive --reason R.
            """)

    @Argument(help: "The finding: any unique prefix of its ID (omitted with --where).") var id: String?
    @Argument(help: "open, confirmed, fixed, risk-accepted, false-positive or duplicate.") var status: Status?
    @OptionGroup var selection: SelectionOptions
    @Flag(help: "Also make it confidential: encrypted to .security/recipients from this commit on (earlier commits keep what they had).")
    var confidential = false
    @OptionGroup var triage: TriageOptions
    @OptionGroup var write: WriteOptions

    func run() throws {
        // With --where the one argument given is the status (ArgumentParser fills positions in order).
        var id = self.id
        var status = self.status
        if selection.selection != nil, status == nil, let given = id {
            status = try Status.parse(given)
            id = nil
        }
        guard let status else { throw SecIssueError.usage("give the status: open, confirmed, fixed, risk-accepted, false-positive or duplicate") }
        try StatusUpdate.run(try selection.target(id: id), status: status, reason: triage.reason, expires: triage.expires,
                             duplicateOf: triage.duplicateOf, commit: triage.commit, confidential: confidential, write: write)
    }
}
