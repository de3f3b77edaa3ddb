import Foundation
import SecIssueChecks
import SecIssueKit
import SecIssueWorkflow

/// The pre-push hook's security tests: those of `.security/tests.yml` marked `stage: pre-push`
/// whose `when:` globs match a path the pushed commits change, run on the working tree. Their
/// results are planned, never written (a push does not commit); what they would file is said.
enum PrePushTests {
    /// The reasons to stop the push: failed assertions and tests that could not run.
    static func run(_ workspace: Workspace, ranges: [HookChecks.PushRange]) throws -> [String] {
        guard !ranges.isEmpty, let declared = try workspace.store(at: nil).securityTests() else { return [] }
        let staged = declared.tests.filter { $0.stage == .prePush }
        guard !staged.isEmpty else { return [] }
        let paths = try HookChecks.pushedPaths(workspace, ranges: ranges)
        let tests = staged.filter { $0.applies(to: paths) }
        guard !tests.isEmpty else { return [] }
        if let head = try workspace.headCommit(), ranges.contains(where: { $0.tip != head }) {
            Output.warning("the pre-push tests run on the working tree, which is not the pushed commit")
        }
        Output.note("running \(tests.count) pre-push security test\(tests.count == 1 ? "" : "s"): \(tests.map(\.name).joined(separator: ", "))")
        let session = try ScanSession(workspace: workspace, commit: nil)
        let (judged, filing) = try TestVerdicts.judge(try DeclaredTests.execute(tests, in: workspace), session: session)
        let filed = try filing.run(.plan)
        let outcomes = TestVerdicts.count(judged, in: filed.report)
        Output.note(TestTable.listing(outcomes).table().trimmingCharacters(in: .newlines))
        if !filed.report.new.isEmpty || !filed.report.reopened.isEmpty {
            Output.note("the tests would file: \(filed.report.counts) (git secissue test files them)")
        }
        return outcomes.filter { $0.result != .passed }.map { "test \($0.name) \($0.result.rawValue): \($0.detail)" }
    }
}
