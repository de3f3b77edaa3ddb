import Foundation
import SecIssueChecks
import SecIssueKit

extension CI {
    /// What `ci` files: the SARIF files given with --sarif, else the tests of `.security/tests.yml`,
    /// run once (report mode plans the same results against more than one store).
    final class Input {
        let sarif: [String]
        let scan: ScanOptions
        /// The tests' executions; nil when SARIF files were given.
        let executions: [TestExecution]?
        /// The verdicts of the last filing made, with its counts once `count` is called.
        private(set) var outcomes: [TestOutcome] = []

        init(sarif: [String], scan: ScanOptions, workspace: Workspace) throws {
            self.sarif = sarif
            self.scan = scan
            if sarif.isEmpty {
                let tests = try DeclaredTests.load(workspace).tests
                Output.note("running \(tests.count) security test\(tests.count == 1 ? "" : "s") of \(SecurityTests.path)")
                executions = try DeclaredTests.execute(tests, in: workspace)
            } else {
                executions = nil
            }
        }

        func filing(_ session: ScanSession) throws -> Filing {
            guard let executions else {
                return try session.filing(sarif: sarif, tool: scan.tool, category: scan.category, partial: scan.partial)
            }
            let (judged, filing) = try TestVerdicts.judge(executions, session: session)
            outcomes = judged
            return filing
        }

        /// The gate's reasons from the tests whose assertion failed.
        var failedReasons: [String] { outcomes.filter { $0.result == .failed }.map { "test \($0.name): \($0.detail)" } }

        func count(_ report: ImportReport) { outcomes = TestVerdicts.count(outcomes, in: report) }

        /// The tests' table for the summary; nil when SARIF files were given.
        var listing: Listing? { executions == nil ? nil : TestTable.listing(outcomes) }

        var json: [(String, JSONValue)] { executions == nil ? [] : [("tests", TestTable.json(outcomes))] }

        /// Fails with exit status 1 when a test could not run (a missing tool never passes); the
        /// tests' table is in the summary.
        func finish() throws {
            guard executions != nil else { return }
            let broken = outcomes.filter { $0.result == .notRun || $0.result == .timedOut }
            guard !broken.isEmpty else { return }
            broken.forEach { Output.note("test \($0.name) \($0.result.rawValue): \($0.detail)") }
            throw SecIssueError("\(broken.count) security test\(broken.count == 1 ? "" : "s") could not run: "
                                + broken.map(\.name).joined(separator: ", ") + " (see \(SecurityTests.path))")
        }
    }
}
