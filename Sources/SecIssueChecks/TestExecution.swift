import Foundation
import SecIssueKit

/// What running one declared test left: how it ended, how long it took, and its output. Made by
/// `TestRunner`; judged against the test's policy by `TestVerdicts`.
public struct TestExecution: Sendable {
    public enum End: Sendable, Equatable {
        /// It exited (with this status).
        case exited(Int32)
        /// It ran past its timeout and its process group was ended.
        case timedOut
        /// It could not start: the reason, with how to fix it (a missing program and how to install it).
        case notRun(String)
    }

    public let test: SecurityTests.Test
    public let end: End
    public let seconds: Double
    /// The file it wrote at `{output}`, else its standard output; nil for exit-code tests and
    /// for a test that did not run.
    public let output: Data?
    /// The end of its standard error, for the message when it failed.
    public let errors: String

    public init(test: SecurityTests.Test, end: End, seconds: Double, output: Data?, errors: String) {
        self.test = test
        self.end = end
        self.seconds = seconds
        self.output = output
        self.errors = errors
    }
}
