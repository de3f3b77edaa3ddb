import Foundation
import SecIssueKit

/// The tests a repository declares, read and chosen for a run: by name, by the paths a change
/// touched, by stage. Reading fails closed: no tests.yml, or one with no tests, is an error that
/// says how to declare them, never a run that passes because nothing ran.
public enum DeclaredTests {
    /// The tests of the working tree's `.security/tests.yml`.
    public static func load(_ workspace: Workspace) throws -> SecurityTests {
        let store = try workspace.store(at: nil)
        try store.requireInitialised()
        guard let declared = try store.securityTests() else {
            throw SecIssueError("no \(SecurityTests.path): declare the security tests there (git secissue init --force writes a commented template)",
                                code: SecIssueError.Code.invalidFile)
        }
        guard !declared.tests.isEmpty else {
            throw SecIssueError("\(SecurityTests.path) declares no tests: add one under tests: (docs/security-tests.md shows how)",
                                code: SecIssueError.Code.invalidFile)
        }
        return declared
    }

    /// The paths changed between `revision` and HEAD, as `git diff REV HEAD --name-only` lists them.
    public static func changedPaths(_ workspace: Workspace, since revision: String) throws -> [String] {
        guard let head = try workspace.headCommit() else { throw Workspace.noCommits }
        return try workspace.changes(from: try workspace.resolveCommit(revision), to: head, lineCounts: false).map(\.path)
    }

    /// Runs `tests` in the top of the working tree with this process's environment.
    public static func execute(_ tests: [SecurityTests.Test], in workspace: Workspace) throws -> [TestExecution] {
        guard let directory = workspace.workingDirectory else {
            throw SecIssueError("security tests run on a working tree, and this repository is bare: run them in a checkout")
        }
        return TestRunner.run(tests, in: directory, environment: ProcessInfo.processInfo.environment)
    }
}
