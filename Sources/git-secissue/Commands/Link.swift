import ArgumentParser
import SecIssueKit

struct Link: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Link a finding to a commit, a code issue or a guidance topic.",
        discussion: "With --where instead of an ID, every finding selected gets the link in one commit.")

    @Argument(help: "The finding: any unique prefix of its ID (omitted with --where).") var id: String?
    @OptionGroup var selection: SelectionOptions
    @Option(help: ArgumentHelp("A commit (any revision).", valueName: "REV")) var commit: String?
    @Option(help: ArgumentHelp("github:OWNER/REPO#N, gitlab:GROUP/PROJECT#N, jira:KEY-N, KEY-N or an https URL.", valueName: "REF"))
    var issue: String?
    @Option(help: ArgumentHelp("A topic in .security/guidance/.", valueName: "TOPIC")) var guidance: String?
    @OptionGroup var write: WriteOptions

    func validate() throws {
        guard [commit, issue, guidance].compactMap({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --commit, --issue or --guidance")
        }
    }

    func run() throws {
        let workspace = try Workspace.discover()
        let findings = try selection.target(id: id)
        let target: TriageChange.LinkTarget
        if let commit {
            target = .commit(try workspace.commitHash(commit))
        } else if let issue {
            target = .issue(try InputCheck.issueReference(issue))
        } else {
            target = .guidance(guidance ?? "")
        }
        try FindingUpdate.run(findings, options: write) { store, _ in
            if case .guidance(let topic) = target { try GuidanceTopics.require(topic, in: store) }
            return TriageChange.link(target)
        }
    }
}
