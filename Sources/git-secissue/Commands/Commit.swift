import ArgumentParser
import SecIssueKit

struct Commit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit",
        abstract: "Commit the pending changes of .security/ (triage made with --no-commit, hand edits) in one commit that sums them up.",
        discussion: """
            Commits every file under .security/ whose content in the working tree differs from HEAD, and nothing \
            outside it: other staged files stay staged. The message counts what happened to the findings \
            ("secissue: triage 20 findings: 12 false-positive, 8 risk-accepted"), lists each finding, and ends \
            with a Security-Finding trailer per finding and the Secissue-Commit trailer. Fails when nothing is \
            pending, when a finding file does not parse, or when an added line holds a secret.
            """)

    @Option(name: [.short, .long], help: "The subject to use instead of the counted one (the finding lines and trailers stay).")
    var message: String?

    func run() throws {
        let workspace = try Workspace.discover()
        var summary = ""
        let outcome = try workspace.commitPending { head, changes in
            let config = try head.config()
            try PendingSecrets.check(head: head, changes: changes, config: config)
            summary = try PendingSummary.message(head: head, changes: changes, subject: message)
            return summary
        }
        Output.report(outcome, message: summary)
    }
}
