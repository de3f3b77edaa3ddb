import ArgumentParser
import Foundation
import SecIssueKit

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List findings: by default the active ones (open, confirmed), most severe first.")

    @Option(help: "Only this status; repeat for several.") var status: [Status] = []
    @Option(help: "Only this severity; repeat for several.") var severity: [Severity] = []
    @Option(help: "Only this severity and worse.") var minSeverity: Severity?
    @Option(help: "Only findings with this tag.") var tag: String?
    @Option(help: ArgumentHelp("Only findings whose location matches this glob (** crosses directories).", valueName: "GLOB"))
    var path: String?
    @Option(help: "Only findings assigned to this person.") var assignee: String?
    @Flag(help: "Every status, settled findings included.") var all = false
    @OptionGroup var search: SearchOptions
    @OptionGroup var read: ReadOptions
    @OptionGroup var output: ListingOptions

    func run() throws {
        let workspace = try Workspace.discover()
        let store = try workspace.store(at: read.at)
        var listed = try store.listedFindings()
        // At a past revision, a fix recorded later counts when the revision contains the fixing commit.
        if let at = read.at { listed.show(try RevisionPosture.findings(listed.findings, at: at, in: workspace)) }
        var filter = FindingFilter()
        filter.statuses = status
        filter.severities = severity
        filter.minSeverity = minSeverity
        filter.tag = tag
        filter.pathGlob = path
        filter.assignee = assignee
        filter.all = all
        try search.narrow(&filter, today: Output.today)
        let selection = filter.selection(of: listed.findings)
        switch output.format {
        case .json: listed.streamJSON(selection) { Output.print(bytes: $0) }
        case .csv: Output.print(FindingTable.csv(selection.map { listed.findings[$0] }))
        case .table:
            if selection.isEmpty {
                Output.note(all || !status.isEmpty ? "no findings match" : "no active findings match (--all shows every status)")
            } else {
                Output.print(table: FindingTable.listing(listed.findings, selection: selection, ids: listed.ids, today: Output.today),
                             width: output.width)
            }
        }
        ProcessLifetime.keep(listed)
        for problem in listed.problems {
            Output.error("\(problem) (skipped; git secissue validate checks every file)")
        }
        if !listed.problems.isEmpty { throw ExitCode.failure }
    }
}
