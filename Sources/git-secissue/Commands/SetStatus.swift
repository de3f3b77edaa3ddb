import ArgumentParser
import SecIssueKit

struct SetStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Set a finding's status.",
        discussion: """
            risk-accepted needs --reason and --expires; false-positive needs --reason; duplicate needs \
            --duplicate-of; fixed records --commit as commits.fixed.
            """)

    @Argument(help: "The finding: any unique prefix of its ID.") var id: String
    @Argument(help: "open, confirmed, fixed, risk-accepted, false-positive or duplicate.") var status: Status
    @OptionGroup var triage: TriageOptions
    @OptionGroup var write: WriteOptions

    func run() throws {
        try StatusUpdate.run(id, status: status, reason: triage.reason, expires: triage.expires,
                             duplicateOf: triage.duplicateOf, commit: triage.commit, write: write)
    }
}

struct Close: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Mark a finding fixed (status ID fixed).")

    @Argument(help: "The finding: any unique prefix of its ID.") var id: String
    @Option(help: ArgumentHelp("The commit that fixed it.", valueName: "REV")) var commit: String?
    @Option(help: "Why, for the activity log.") var reason: String?
    @OptionGroup var write: WriteOptions

    func run() throws {
        try StatusUpdate.run(id, status: .fixed, reason: reason, commit: commit, write: write)
    }
}

struct Reopen: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Reopen a finding (status ID open).")

    @Argument(help: "The finding: any unique prefix of its ID.") var id: String
    @Option(help: "Why, for the activity log.") var reason: String?
    @OptionGroup var write: WriteOptions

    func run() throws {
        try StatusUpdate.run(id, status: .open, reason: reason, write: write)
    }
}

struct TriageOptions: ParsableArguments {
    @Option(help: "Why: required for risk-accepted and false-positive.") var reason: String?
    @Option(help: ArgumentHelp("When a risk acceptance ends.", valueName: "YYYY-MM-DD")) var expires: String?
    @Option(help: ArgumentHelp("The finding this one duplicates.", valueName: "ID")) var duplicateOf: String?
    @Option(help: ArgumentHelp("The commit that fixed it (with fixed).", valueName: "REV")) var commit: String?
}

/// The status change shared by `status`, `close` and `reopen`.
enum StatusUpdate {
    static func run(
        _ id: String, status: Status, reason: String? = nil, expires: String? = nil, duplicateOf: String? = nil,
        commit: String? = nil, write: WriteOptions
    ) throws {
        let expiry = try expires.map { try InputCheck.day($0, what: "--expires") }
        if let expiry, expiry <= Output.today {
            throw SecIssueError.usage("--expires \(expiry) is not in the future: a risk acceptance needs a date to look at it again")
        }
        var change = TriageChange.StatusChange(status: status, reason: reason, expires: expiry,
                                         duplicateOf: duplicateOf, fixedCommit: commit)
        try change.validate()
        if let commit {
            change.fixedCommit = try Workspace.discover().commitHash(commit)
        }
        try FindingUpdate.run(id, options: write) { store, stamp in
            var resolved = change
            resolved.duplicateOf = try duplicateOf.map { try store.resolve($0) }
            return resolved.apply(by: stamp)
        }
    }
}
