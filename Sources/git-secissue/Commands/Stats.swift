import ArgumentParser
import Foundation
import SecIssueKit
import SecIssueReports

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Numbers from the history of .security/: open findings over time, new and fixed, time to remediate, SLA, age, breakdowns.",
        discussion: """
            Reads the first-parent history of .security/findings/ (cached in the git directory, so a second run is fast). \
            Open counts are taken at the end of each period; --until sets the instant "open now", overdue and age are taken at. \
            With several repositories, the numbers are added up and one row per repository follows. \
            --format csv prints the table of periods.
            """)

    @Option(help: ArgumentHelp("Count from this day (YYYY-MM-DD, UTC).", valueName: "DATE")) var since: String?
    @Option(help: ArgumentHelp("Count up to this day, included (default: now).", valueName: "DATE")) var until: String?
    @Option(help: "Periods: day, week or month.") var by: Granularity = .week
    @Option(help: "Keys shown per breakdown in the table.") var top = 10
    @OptionGroup var repositories: RepositoryOptions
    @OptionGroup var output: ListingOptions

    func validate() throws {
        guard top > 0 else { throw ValidationError("--top must be at least 1") }
    }

    func run() throws {
        let query = try StatsQuery(since: since, until: until, by: by, now: Date())
        let stats = try Rollup.statistics(try repositories.histories(), query: query)
        switch output.format {
        case .json: Output.print(bytes: stats.json.renderedBytes())
        case .csv: Output.print(stats.periodListing.csv())
        case .table:
            Output.print(stats.tables(top: top).map { "\($0.title)\n\n" + $0.listing.table(width: output.width) }.joined(separator: "\n"))
        }
    }
}
