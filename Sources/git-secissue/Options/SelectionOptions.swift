import ArgumentParser
import SecIssueKit

/// `--where` and `--dry-run`, for the triage commands that change one finding by ID or, in
/// bulk, every finding a selection picks.
struct SelectionOptions: ParsableArguments {
    @Option(name: .customLong("where"), help: ArgumentHelp(
        "Instead of an ID, every finding matching KEY=VALUE terms (tool, rule, path, severity, status, cwe, tag, assignee; globs allowed), in one commit.",
        valueName: "TERMS"))
    var selection: String?
    @Flag(help: "With --where: list what would change, and change nothing.") var dryRun = false

    /// The findings a triage command changes: one, by ID, or all that `--where` selects.
    enum Target {
        case id(String)
        case selection(FindingFilter, text: String, dryRun: Bool)
    }

    /// The target from the command's ID argument and these options: exactly one of the two.
    func target(id: String?) throws -> Target {
        switch (id, selection) {
        case (let id?, nil):
            if dryRun { throw SecIssueError.usage("--dry-run goes with --where") }
            return .id(id)
        case (nil, let text?):
            let normalised = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            return .selection(try FindingFilter(where: normalised), text: normalised, dryRun: dryRun)
        case (nil, nil): throw SecIssueError.usage("give a finding's ID, or --where 'KEY=VALUE ...' to select findings")
        case (_?, _?): throw SecIssueError.usage("give a finding's ID or --where, not both")
        }
    }
}
