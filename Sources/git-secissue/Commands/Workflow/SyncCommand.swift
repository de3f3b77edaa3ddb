import ArgumentParser
import SecIssueKit
import SecIssueWorkflow

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Link findings to the commits that name them (Security-Refs, Security-Fixes); mark Security-Fixes findings fixed.",
        discussion: "With no RANGE, the commits of HEAD not yet synced in this repository.")

    @Argument(help: "A range such as main..feature, or a revision and its history.") var range: String?
    @OptionGroup var write: WriteOptions
    @OptionGroup var output: RecordOptions

    func run() throws {
        let synced = try Sync.run(try Workspace.discover(), range: range, mode: write.mode)
        let fixed = synced.fixed
        if output.format == .json {
            return Output.json(.object([("commits", .int(synced.commits)), ("linked", .int(synced.linked)), ("fixed", .strings(fixed))]
                                       + synced.outcome.jsonMembers))
        }
        Output.print("\(synced.commits) commits read, \(synced.linked) links added, \(fixed.count) findings fixed\(fixed.isEmpty ? "" : ": " + fixed.joined(separator: ", "))\n")
        if synced.outcome != .unchanged { Output.report(synced.outcome, message: synced.message) }
    }

    /// Reads the commits `syncSinceLastRun` will read, so a clone that lacks them (shallow) stops
    /// with the fix before `ci` writes anything.
    static func requireHistory(_ workspace: Workspace) throws {
        _ = try Sync.commits(workspace, range: nil)
    }

    /// What `ci` runs in commit mode: the commits not yet synced, committed.
    static func syncSinceLastRun(_ workspace: Workspace) throws {
        let synced = try Sync.run(workspace, range: nil, mode: .commit)
        if synced.outcome != .unchanged { Output.note("sync: \(synced.fixed.count) finding(s) fixed by Security-Fixes trailers") }
    }
}
