import ArgumentParser
import SecIssueKit

struct Mine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mine",
        abstract: "List your findings: those in code you wrote (you authored the introducing commit) or assigned to you, most severe first.",
        discussion: "The introducing commit is the one blame named when the finding was imported (commits.introduced). "
            + "--introduced or --assigned keeps one of the two.")

    @Option(help: ArgumentHelp("Whose findings: an author email (default: git config user.email, else GIT_AUTHOR_EMAIL).",
                               valueName: "EMAIL"))
    var author: String?
    @Flag(help: "Every status, settled findings included.") var all = false
    @Flag(help: "Only findings in code you wrote (you authored the introducing commit).") var introduced = false
    @Flag(help: "Only findings assigned to you.") var assigned = false
    @OptionGroup var output: ListingOptions

    func run() throws {
        let workspace = try Workspace.discover()
        let ties: MineQuery.Ties = introduced == assigned ? .both : introduced ? .introduced : .assigned
        let query = MineQuery(email: try MineQuery.email(author, in: workspace), all: all, ties: ties)
        let store = try workspace.store()
        let (stored, problems) = try store.findings()
        let result = query.run(stored, in: workspace)
        switch output.format {
        case .json: JSONValue.streamArray(result.findings, element: \.json) { Output.print(bytes: $0) }
        case .csv: Output.print(FindingTable.csv(result.findings))
        case .table:
            if result.findings.isEmpty {
                let whose = ties == .both ? "introduced by or assigned to" : ties == .introduced ? "introduced by" : "assigned to"
                Output.note(all ? "no findings \(whose) \(query.email)"
                                : "no active findings \(whose) \(query.email) (--all shows every status)")
            } else {
                Output.print(table: FindingTable.listing(result.findings, index: FindingIndex(ids: try store.findingIDs()), today: Output.today), width: output.width)
            }
        }
        if result.skipped > 0 {
            Output.warning("skipped \(result.skipped) finding(s) whose introducing commit is not in this repository "
                + "(\(result.missingCommits) commit(s); in a shallow clone, git fetch --unshallow brings them)")
        }
        for problem in problems {
            Output.error("\(problem) (skipped; git secissue validate checks every file)")
        }
        if !problems.isEmpty { throw ExitCode.failure }
    }
}
