import Foundation
import SecIssueKit

/// One test's verdict: what the table and the exit status say of it.
public struct TestOutcome: Sendable {
    public enum Result: String, Sendable {
        case passed
        /// Its policy failed (exit status 2).
        case failed
        /// It could not run (exit status 1): never a pass.
        case notRun = "not run"
        case timedOut = "timed out"
    }

    public let execution: TestExecution
    public var result: Result
    /// Why it failed or did not run, or what it found.
    public var detail: String
    /// The scopes (tool, category) its imported results cover.
    public var scopes: [ScanScope] = []
    /// Findings its results filed or reopened, and fixed, once the filing is planned or written.
    public var new = 0
    public var fixed = 0

    public var name: String { execution.test.name }
}

/// Judges executions against their tests' policies, and makes the one filing of every imported
/// result: results are mapped through the session exactly as `import` maps a file.
public enum TestVerdicts {
    public static func judge(_ executions: [TestExecution], session: ScanSession) throws -> (outcomes: [TestOutcome], filing: Filing) {
        var outcomes: [TestOutcome] = []
        var results: [ScanResult] = []
        var scopes: [ScanScope] = []
        var skipped: [String] = []
        var notes: [String] = []
        for execution in executions {
            let test = execution.test
            var outcome = TestOutcome(execution: execution, result: .passed, detail: "")
            switch execution.end {
            case .notRun(let reason):
                outcome.result = .notRun
                outcome.detail = reason
            case .timedOut:
                outcome.result = .timedOut
                outcome.detail = "ran past its timeout of \(test.timeout) s and was stopped (raise timeout: in \(SecurityTests.path), or make it faster)"
            case .exited(let status) where test.output == .exitCode:
                if test.exitCodes.contains(status) {
                    outcome.detail = "exit status \(status)"
                } else {
                    outcome.result = .failed
                    outcome.detail = "exit status \(status), expected \(test.exitCodes.map(String.init).joined(separator: " or "))"
                        + lastLine(execution.errors).map { ": \($0)" }.orEmpty
                }
            case .exited(let status):
                guard let output = execution.output, !output.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) else {
                    outcome.result = .notRun
                    outcome.detail = "exited with status \(status) and wrote no output"
                        + (test.writesOutputFile ? " at \(SecurityTests.outputPlaceholder)" : " on standard output")
                        + lastLine(execution.errors).map { ": \($0)" }.orEmpty
                    break
                }
                do {
                    let mapped = try map(output, test: test, session: session)
                    let counted = mapped.results.filter { $0.suppression == nil }
                    switch test.policy {
                    case .import:
                        results += mapped.results
                        skipped += mapped.skipped
                        notes += mapped.notes
                        scopes += mapped.scopes.filter { !scopes.contains($0) }
                        outcome.scopes = mapped.scopes
                        outcome.detail = "\(counted.count) result\(counted.count == 1 ? "" : "s")"
                    case .assert:
                        let failing = counted.filter { $0.severity >= test.failOn }
                        if failing.isEmpty {
                            outcome.detail = "\(counted.count) result\(counted.count == 1 ? "" : "s"), none \(test.failOn.rawValue) or above"
                        } else {
                            outcome.result = .failed
                            let shown = failing.prefix(3).map { result in
                                "\(result.rule)" + (result.location.map { " at \($0.path)" + ($0.line.map { ":\($0)" } ?? "") } ?? "")
                            }
                            outcome.detail = "\(failing.count) result\(failing.count == 1 ? "" : "s") of severity \(test.failOn.rawValue) or above: "
                                + shown.joined(separator: ", ") + (failing.count > 3 ? ", …" : "")
                        }
                    }
                } catch {
                    outcome.result = .notRun
                    outcome.detail = "its output cannot be read: \(ErrorBoundary.message(error))"
                }
            }
            outcomes.append(outcome)
        }
        var tools: [String] = []
        for scope in scopes where !tools.contains(scope.tool) { tools.append(scope.tool) }
        var filing = Filing(session: session, results: results, scopes: scopes, partial: false, label: tools.joined(separator: ", "))
        filing.skipped = skipped
        filing.notes = notes
        return (outcomes, filing)
    }

    /// Adds to each outcome the findings its scopes gained and lost in `report`.
    public static func count(_ outcomes: [TestOutcome], in report: ImportReport) -> [TestOutcome] {
        outcomes.map { outcome in
            var outcome = outcome
            func mine(_ finding: Finding) -> Bool {
                guard let source = finding.source else { return false }
                return outcome.scopes.contains { $0.tool == source.tool && $0.category == (source.category ?? "default") }
            }
            outcome.new = (report.new + report.reopened).filter(mine).count
            outcome.fixed = report.fixed.filter(mine).count
            return outcome
        }
    }

    /// The output mapped from a file named after the test, so messages name the test.
    private static func map(_ output: Data, test: SecurityTests.Test, session: ScanSession) throws -> ResultMapper.Mapped {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("secissue-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent(test.name).path
        try output.write(to: URL(fileURLWithPath: file))
        let label = "the output of test \(test.name)"
        do {
            var mapped = try session.map(files: [file], tool: nil, category: test.category)
            mapped.notes = mapped.notes.map { $0.replacingOccurrences(of: file, with: label) }
            mapped.skipped = mapped.skipped.map { $0.replacingOccurrences(of: file, with: label) }
            return mapped
        } catch {
            throw SecIssueError(ErrorBoundary.message(error).replacingOccurrences(of: file, with: label))
        }
    }

    private static func lastLine(_ text: String) -> String? {
        text.split(whereSeparator: \.isNewline).last.map { String($0.prefix(300)) }
    }
}

private extension Optional where Wrapped == String {
    var orEmpty: String { self ?? "" }
}
