import ArgumentParser
import SecIssueKit

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one finding.")

    @Argument(help: "The finding: any unique prefix of its ID (4+ characters).") var id: String
    @OptionGroup var output: RecordOptions
    @OptionGroup var read: ReadOptions

    func run() throws {
        let store = try Workspace.discover().store(at: read.at)
        let finding = try store.finding(id).finding
        switch output.format {
        case .text:
            let guides = try GuidanceCatalog.guides(for: finding, in: store)
            Output.print(FindingMarkdown.render(finding, today: Output.today, guides: guides))
        case .json: Output.print(finding.json.rendered())
        }
    }
}
