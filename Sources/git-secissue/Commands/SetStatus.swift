import ArgumentParser
import SecIssueKit

struct SetStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Set a finding's status.",
        discussion: """
            risk-accepted needs --reason and --expires; false-positive needs --reason; duplicate needs \
            --duplicate-of; fixed records --commit as commits.fixed.
            """)

    @Argument(help: "The finding: any unique prefix of its ID.") var id: String
    @Argument(help: "open, confirmed, fixed, risk-accepted, false-positive or duplicate.") var status: Status
    @Flag(help: "Also make it confidential: encrypted to .security/recipients from this commit on (earlier commits keep what they had).")
    var confidential = false
    @OptionGroup var triage: TriageOptions
    @OptionGroup var write: WriteOptions

    func run() throws {
        try StatusUpdate.run(id, status: status, reason: triage.reason, expires: triage.expires,
                             duplicateOf: triage.duplicateOf, commit: triage.commit, confidential: confidential, write: write)
    }
}
