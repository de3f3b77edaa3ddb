import Foundation
import SecIssueKit

/// The one table of a test run (test, duration, result, new and fixed findings, detail), and
/// its JSON form.
public enum TestTable {
    public static func listing(_ outcomes: [TestOutcome]) -> Listing {
        Listing(headers: ["Test", "Duration", "Result", "New", "Fixed", "Detail"],
                rows: outcomes.map { outcome in
                    let imports = outcome.execution.test.policy == .import && !outcome.scopes.isEmpty
                    return [outcome.name, duration(outcome.execution.seconds), outcome.result.rawValue,
                            imports ? String(outcome.new) : "-", imports ? String(outcome.fixed) : "-", outcome.detail]
                },
                truncatable: 5)
    }

    public static func json(_ outcomes: [TestOutcome]) -> JSONValue {
        .array(outcomes.map { outcome in
            let test = outcome.execution.test
            var members: [(String, JSONValue)] = [
                ("name", .string(outcome.name)), ("result", .string(outcome.result.rawValue)),
                ("milliseconds", .int(Int((outcome.execution.seconds * 1000).rounded()))),
                ("policy", .string(test.policy.rawValue)), ("detail", .string(outcome.detail)),
            ]
            if case .exited(let status) = outcome.execution.end { members.append(("exit_status", .int(Int(status)))) }
            if test.policy == .import {
                members += [("category", .string(test.category)), ("new", .int(outcome.new)), ("fixed", .int(outcome.fixed))]
            }
            return .object(members)
        })
    }

    /// `0.4 s`, `12 s`, `2 min 5 s`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 10 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        return whole < 60 ? "\(whole) s" : "\(whole / 60) min \(whole % 60) s"
    }
}
