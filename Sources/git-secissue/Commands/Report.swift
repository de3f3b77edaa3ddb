import ArgumentParser
import Foundation
import SecIssueKit
import SecIssueReports

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "A report for people: posture now and over time, time to remediate, SLA, top rules and paths, the open findings.",
        discussion: """
            HTML (the default) is one self-contained file: inline CSS and SVG charts, no script, nothing fetched. \
            Findings link to their files on GitHub or GitLab style hosts named by the origin remote. \
            --at takes every repository as it stood at a revision (a release tag); with several repositories \
            the numbers are rolled up with one row per repository.
            """)

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to this file (default: standard output).", valueName: "FILE"))
    var output: String?
    @Option(help: "html or markdown.") var format: ReportFormat = .html
    @OptionGroup var read: ReadOptions
    @OptionGroup var repositories: RepositoryOptions

    func run() throws {
        let histories = try repositories.histories(at: read.at)
        // The posture is taken now, or when the newest repository's --at commit was made.
        let until = read.at != nil ? histories.map(\.tipTime).max() ?? 0 : Timestamp.clampedSeconds(Date())
        let first = histories.compactMap { $0.steps.first?.time }.min() ?? until
        let query = StatsQuery(until: until, by: until - first > 2 * 366 * 86_400 ? .month : .week)
        let page = ReportPage(stats: try Rollup.statistics(histories, query: query), histories: histories, revision: read.at)
        let bytes = Array((format == .html ? page.html : page.markdown).utf8)
        guard let output else { return Output.print(bytes: bytes) }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw SecIssueError("cannot write the report to \(output): \(error.localizedDescription)")
        }
        Output.note("wrote \(output)")
    }
}
