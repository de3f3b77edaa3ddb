import ArgumentParser
import Foundation
import SecIssueChecks
import SecIssueKit

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the security tests declared in .security/tests.yml, file their findings, and print one table.",
        discussion: """
            Tests run in parallel (as many as there are cores), each with its timeout. The results of import tests are \
            filed in one commit (commit mode: on the default branch or with --ref; report mode, in pull and merge \
            requests, plans against the findings and writes nothing). Exit status 2 when a test's policy fails, 1 when a \
            test could not run (a missing program, a missing variable, no output, a timeout): such a test never passes.
            """)

    @Argument(help: "The tests to run (default: all).") var names: [String] = []
    @Option(help: ArgumentHelp("Run only the tests whose when: globs match a path changed between REV and HEAD (tests without when: always run).",
                               valueName: "REV"))
    var changedSince: String?
    @Option(help: "commit or report (default: commit on the default branch or with --ref, else report).") var mode: CI.Mode?
    @OptionGroup var write: WriteOptions
    @OptionGroup var listing: ListingOptions

    func validate() throws {
        if mode == .report && (write.ref != nil || write.noCommit) { throw ValidationError("report mode writes nothing: drop --ref and --no-commit") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let workspace = try Workspace.discover()
        var tests = try DeclaredTests.load(workspace).select(names)
        if let changedSince {
            let paths = try DeclaredTests.changedPaths(workspace, since: changedSince)
            tests = tests.filter { $0.applies(to: paths) }
            if tests.isEmpty {
                Output.note("no test applies to the \(paths.count) path\(paths.count == 1 ? "" : "s") changed since \(changedSince)")
                if listing.format == .json { Output.json(.object([("tests", .array([]))])) }
                return
            }
        }
        let chosen = try mode ?? (write.ref != nil || write.noCommit || DefaultBranch.isCurrent(workspace, environment: environment) ? .commit : .report)
        let session = try ScanSession(workspace: workspace, commit: nil, target: chosen == .commit ? write.ref : nil)
        let executions = try DeclaredTests.execute(tests, in: workspace)
        let (judged, filing) = try TestVerdicts.judge(executions, session: session)
        let filed = try filing.run(chosen == .commit ? .write(write.mode) : .plan)
        let outcomes = TestVerdicts.count(judged, in: filed.report)
        switch listing.format {
        case .json:
            Output.json(.object([("mode", .string(chosen.rawValue)), ("tests", TestTable.json(outcomes))]
                                + filed.report.jsonMembers + filed.outcome.jsonMembers))
        case .table, .csv:
            listing.print(TestTable.listing(outcomes), json: { TestTable.json(outcomes) })
            Output.filed(filed, countsLabel: "\(chosen.rawValue) mode")
        }
        try Self.finish(outcomes)
    }

    /// Exit status 1 when a test could not run (it never counts as passed), else 2 when a policy failed.
    static func finish(_ outcomes: [TestOutcome]) throws {
        let broken = outcomes.filter { $0.result == .notRun || $0.result == .timedOut }
        let failed = outcomes.filter { $0.result == .failed }
        if !broken.isEmpty {
            broken.forEach { Output.note("test \($0.name) \($0.result.rawValue): \($0.detail)") }
            throw SecIssueError("\(broken.count) test\(broken.count == 1 ? "" : "s") could not run: \(broken.map(\.name).joined(separator: ", "))"
                                + (failed.isEmpty ? "" : "; and \(failed.map(\.name).joined(separator: ", ")) failed"))
        }
        if !failed.isEmpty {
            try Output.failGate(failed.map { "test \($0.name): \($0.detail)" },
                                summary: "\(failed.count) security test\(failed.count == 1 ? "" : "s") failed: \(failed.map(\.name).joined(separator: ", "))")
        }
    }
}
