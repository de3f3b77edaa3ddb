import ArgumentParser
import Foundation
import SecIssueKit
import SecIssueWorkflow

struct CI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ci",
        abstract: "Import scans, commit or report, print a pull-request summary, and gate the build (exit 2).",
        discussion: """
            commit mode (default on the default branch or with --ref) imports and commits; report mode (pull \
            requests) writes nothing and compares the scan with the findings at --base.
            """)

    enum Mode: String, ExpressibleByArgument, CaseIterable { case commit, report }

    @Option(help: ArgumentHelp("A SARIF file (- for standard input); repeat for several.", valueName: "FILE")) var sarif: [String] = []
    @Option(help: ArgumentHelp("Report mode: the revision whose findings the scan is compared with (default HEAD).", valueName: "REV"))
    var base: String?
    @Option(help: "commit or report (default: commit on the default branch or with --ref, else report).") var mode: Mode?
    @Option(help: ArgumentHelp("Also write the Markdown summary to this file.", valueName: "FILE")) var summary: String?
    @OptionGroup var scan: ScanOptions
    @OptionGroup var write: WriteOptions
    @OptionGroup var output: RecordOptions

    func validate() throws {
        if sarif.isEmpty { throw ValidationError("give at least one --sarif FILE") }
        if sarif.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (--sarif -) can be read once: give it once") }
        if mode == .report && (write.ref != nil || write.noCommit) { throw ValidationError("report mode writes nothing: drop --ref and --no-commit") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let workspace = try Workspace.discover()
        let chosen = try mode ?? (write.ref != nil || write.noCommit || DefaultBranch.isCurrent(workspace, environment: environment) ? .commit : .report)
        let session = try ScanSession(workspace: workspace, commit: scan.commit, target: chosen == .report ? (base ?? "HEAD") : write.ref)
        let filing = try session.filing(sarif: sarif, tool: scan.tool, category: scan.category, partial: scan.partial)
        let filed = try filing.run(chosen == .report ? .plan : .write(write.mode))
        if chosen == .commit {
            if filed.outcome != .unchanged && output.format == .text { Output.report(filed.outcome, message: filed.message) }
            if write.mode == .commit { try SyncCommand.syncSinceLastRun(workspace) }
        }
        let report = filed.report
        // Why something was not marked fixed (a run with no results, a file the scanner failed on).
        if output.format == .text { report.notes.forEach { Output.note("note: \($0)") } }
        let reasons = Gate.reasons(report, active: report.findings, config: session.config, today: Output.today)
        let markdown = ScanSummary(report: report, commit: session.scannedCommit.hex, mode: chosen.rawValue, gateReasons: reasons,
                                   link: CodeLinks.make(environment: environment, commit: session.scannedCommit.hex)).markdown
        switch output.format {
        case .text: Output.print(markdown)
        case .json:
            Output.json(.object([("mode", .string(chosen.rawValue)), ("scanned_commit", .string(session.scannedCommit.hex))]
                                + report.jsonMembers + filed.outcome.jsonMembers
                                + [("gate", .object([("passed", .bool(reasons.isEmpty)), ("reasons", .strings(reasons))]))]))
        }
        if let summary {
            do {
                try Data(markdown.utf8).write(to: URL(fileURLWithPath: summary))
            } catch {
                throw SecIssueError("cannot write the summary to \(summary): \(error.localizedDescription)")
            }
        }
        if output.format == .text { Output.note("\(chosen.rawValue) mode: \(report.counts)") }
        if !reasons.isEmpty {
            try Output.failGate(reasons, summary: "the security gate failed (\(reasons.count) reason\(reasons.count == 1 ? "" : "s"))")
        }
    }
}
