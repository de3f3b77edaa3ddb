import ArgumentParser
import Foundation
import SecIssueKit

struct CI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ci",
        abstract: "Import scans, commit or report, print a pull-request summary, and gate the build (exit 2).",
        discussion: """
            commit mode (default on the default branch or with --ref) imports and commits; report mode (pull \
            requests) writes nothing and compares the scan with the findings at --base.
            """)

    enum Mode: String, ExpressibleByArgument, CaseIterable { case commit, report }

    @Option(help: ArgumentHelp("A SARIF file; repeat for several.", valueName: "FILE")) var sarif: [String] = []
    @Option(help: ArgumentHelp("Report mode: the revision whose findings the scan is compared with (default HEAD).", valueName: "REV"))
    var base: String?
    @Option(help: "commit or report (default: commit on the default branch or with --ref, else report).") var mode: Mode?
    @Option(help: ArgumentHelp("Also write the Markdown summary to this file.", valueName: "FILE")) var summary: String?
    @Option(help: "The tool name to record, instead of the one in the SARIF file.") var tool: String?
    @Option(help: "The scan's category.") var category: String?
    @Flag(help: "The scan covered part of the code: do not mark missing findings fixed.") var partial = false
    @Option(help: ArgumentHelp("The commit that was scanned (default HEAD).", valueName: "REV")) var commit: String?
    @OptionGroup var write: WriteOptions

    func validate() throws {
        if sarif.isEmpty { throw ValidationError("give at least one --sarif FILE") }
        if mode == .report && (write.ref != nil || write.noCommit) { throw ValidationError("report mode writes nothing: drop --ref and --no-commit") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let workspace = try Workspace.discover()
        let session = try ScanSession(workspace: workspace, commit: commit)
        let chosen = try mode ?? (write.ref != nil || write.noCommit || DefaultBranch.isCurrent(workspace, environment: environment) ? .commit : .report)
        let (target, config) = try workspace.initialisedStore(at: chosen == .report ? (base ?? "HEAD") : write.ref)
        let mapped = try session.map(files: sarif, config: config, tool: tool, category: category)
        let stamp = try workspace.stamp()
        let importer = ScanImport(results: mapped.results, scopes: mapped.scopes, partial: partial,
                                  scannedCommit: session.scannedCommit.hex, introduced: session.introduced,
                                  scanIsOlder: session.scanIsOlder)
        var report = ImportReport()
        if chosen == .report {
            report = try importer.plan(target, stamp: stamp).report
        } else {
            let outcome: WriteOutcome
            (report, outcome) = try importer.write(workspace, mode: write.mode, stamp: stamp, tools: mapped.scopes.map(\.tool))
            if outcome != .unchanged { Output.report(outcome, message: ScanImport.message(report, tools: mapped.scopes.map(\.tool))) }
            if write.mode == .commit { try syncTrailers(workspace, stamp: stamp) }
        }
        report.skipped = mapped.skipped
        // Why something was not marked fixed (a run with no results, a file the scanner failed on).
        (mapped.notes + report.notes).forEach { Output.note("note: \($0)") }
        let reasons = Gate.reasons(report, active: report.findings, config: config, today: Output.today)
        let markdown = ScanSummary(report: report, commit: session.scannedCommit.hex, mode: chosen.rawValue, gateReasons: reasons,
                                   link: CodeLinks.make(environment: environment, commit: session.scannedCommit.hex)).markdown
        Output.print(markdown)
        if let summary {
            do {
                try Data(markdown.utf8).write(to: URL(fileURLWithPath: summary))
            } catch {
                throw SecIssueError("cannot write the summary to \(summary): \(error.localizedDescription)")
            }
        }
        Output.note("\(chosen.rawValue) mode: \(report.counts)")
        guard reasons.isEmpty else {
            reasons.forEach { Output.note("gate: \($0)") }
            Output.error("the security gate failed (\(reasons.count) reason\(reasons.count == 1 ? "" : "s"))")
            throw ExitCode(2)
        }
    }

    /// Commit mode also runs `sync`: findings named by Security-Fixes/Security-Refs trailers get linked or fixed.
    private func syncTrailers(_ workspace: Workspace, stamp: Stamp) throws {
        let commits = try Sync.commits(workspace, range: nil)
        guard !commits.isEmpty else { return }
        var fixed: [String] = []
        let message = "secissue: sync \(commits.count) commit\(commits.count == 1 ? "" : "s")\n"
        let outcome = try workspace.write(.commit) { store in
            let plan = try Sync.plan(workspace, commits: commits, store: store, stamp: stamp)
            fixed = plan.fixed
            return PlannedWrite(changes: plan.changes, message: message)
        }
        try Sync.markSynced(workspace)
        if outcome != .unchanged { Output.note("sync: \(fixed.count) finding(s) fixed by Security-Fixes trailers") }
    }
}
