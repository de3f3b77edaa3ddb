import ArgumentParser
import Foundation
import SecIssueKit
import SecIssueWorkflow

struct CI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ci",
        abstract: "Import scans (or run .security/tests.yml), commit or report, print a pull-request summary, and gate the build (exit 2).",
        discussion: """
            commit mode (default on the default branch or with --ref) imports and commits, and gates on the whole \
            posture; report mode (pull and merge requests) writes nothing, compares the scan with the findings at \
            the merge-base of HEAD and the target branch, and gates on what the request adds. --adopt files what \
            a first scan finds as known debt (tag adopted) without failing on it. Without --sarif, ci runs the tests of \
            .security/tests.yml (as git secissue test does) and files their results: a failed assertion fails the gate, \
            and a test that could not run fails the build (exit 1).
            """)

    enum Mode: String, ExpressibleByArgument, CaseIterable { case commit, report }

    @Option(help: ArgumentHelp("A SARIF file (- for standard input); repeat for several. None: run .security/tests.yml.", valueName: "FILE"))
    var sarif: [String] = []
    @Option(help: ArgumentHelp("Report mode: compare with the merge-base of HEAD and REV (default: the pull request's target branch "
                               + "from GITHUB_BASE_REF or GitLab's merge request variables, else the default branch).", valueName: "REV"))
    var base: String?
    @Option(help: "commit or report (default: commit on the default branch or with --ref, else report).") var mode: Mode?
    @Flag(help: "Commit mode: file what the scan finds as existing debt (open, tagged adopted) and do not fail on it; later builds gate on new findings.")
    var adopt = false
    @Option(help: ArgumentHelp("Also write the Markdown summary to this file.", valueName: "FILE")) var summary: String?
    @OptionGroup var scan: ScanOptions
    @OptionGroup var write: WriteOptions
    @OptionGroup var output: RecordOptions

    func validate() throws {
        if sarif.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (--sarif -) can be read once: give it once") }
        if mode == .report && (write.ref != nil || write.noCommit) { throw ValidationError("report mode writes nothing: drop --ref and --no-commit") }
        if mode == .report && adopt { throw ValidationError("--adopt files the findings, so it runs in commit mode: drop --mode report") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let workspace = try Workspace.discover()
        let chosen = try mode ?? (adopt || write.ref != nil || write.noCommit || DefaultBranch.isCurrent(workspace, environment: environment) ? .commit : .report)
        // What sync will read is read first: in a shallow clone it stops here, before anything (a test) runs.
        if chosen == .commit && write.mode == .commit { try SyncCommand.requireHistory(workspace) }
        let input = try Input(sarif: sarif, scan: scan, workspace: workspace)
        if chosen == .report { return try runReport(workspace, environment: environment, input: input) }
        let session = try ScanSession(workspace: workspace, commit: scan.commit, target: write.ref)
        var filing = try input.filing(session)
        filing.adopt = adopt
        filing.notifies = true
        let filed = try filing.run(.write(write.mode))
        if filed.outcome != .unchanged && output.format == .text { Output.report(filed.outcome, message: filed.message) }
        if write.mode == .commit { try SyncCommand.syncSinceLastRun(workspace) }
        let report = filed.report
        input.count(report)
        let reasons = Gate.reasons(report, active: report.findings, config: session.config, today: Output.today, scope: adopt ? .adoption : .posture)
            + input.failedReasons
        let summary = ScanSummary(report: report, commit: session.scannedCommit.hex, mode: chosen.rawValue, gateReasons: reasons,
                                  link: CodeLinks.make(environment: environment, commit: session.scannedCommit.hex))
        try finish(summary, outcome: filed.outcome, input: input)
    }

    /// Prints the summary (and writes it to --summary), the notes and counts, then applies the gate.
    func finish(_ summary: ScanSummary, outcome: WriteOutcome, input: Input) throws {
        var summary = summary
        summary.tests = input.listing
        let report = summary.report
        // Why something was not marked fixed (a run with no results, a file the scanner failed on).
        if output.format == .text { report.notes.forEach { Output.note("note: \($0)") } }
        // Warnings (a clone that lacks history, a webhook not told) go to stderr in either format.
        report.warnings.forEach { Output.warning($0) }
        let markdown = summary.markdown
        switch output.format {
        case .text: Output.print(markdown)
        case .json:
            Output.json(.object([("mode", .string(summary.mode)), ("scanned_commit", .string(summary.commit))]
                                + report.jsonMembers + outcome.jsonMembers + input.json
                                + [("gate", .object([("passed", .bool(summary.gateReasons.isEmpty)), ("reasons", .strings(summary.gateReasons))]))]))
        }
        if let file = self.summary {
            do {
                try Data(markdown.utf8).write(to: URL(fileURLWithPath: file))
            } catch {
                throw SecIssueError("cannot write the summary to \(file): \(error.localizedDescription)")
            }
        }
        if output.format == .text { Output.note("\(summary.mode) mode: \(report.counts)") }
        try input.finish()
        let reasons = summary.gateReasons
        if !reasons.isEmpty {
            try Output.failGate(reasons, summary: "the security gate failed (\(reasons.count) reason\(reasons.count == 1 ? "" : "s"))")
        }
    }
}
