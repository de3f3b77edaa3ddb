import ArgumentParser
import SecIssueKit

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Link findings to the commits that name them (Security-Refs, Security-Fixes); mark Security-Fixes findings fixed.",
        discussion: "With no RANGE, the commits of HEAD not yet synced in this repository.")

    @Argument(help: "A range such as main..feature, or a revision and its history.") var range: String?
    @OptionGroup var write: WriteOptions

    func run() throws {
        let workspace = try Workspace.discover()
        let commits = try Sync.commits(workspace, range: range)
        let stamp = try workspace.stamp()
        var fixed: [String] = []
        var linked = 0
        let message = "secissue: sync \(commits.count) commit\(commits.count == 1 ? "" : "s")\n"
        let outcome = try workspace.write(write.mode) { store in
            try store.requireInitialised()
            let plan = try Sync.plan(workspace, commits: commits, store: store, stamp: stamp)
            (fixed, linked) = (plan.fixed, plan.linked)
            return PlannedWrite(changes: plan.changes, message: message + (plan.fixed.isEmpty ? "" : "\n" + plan.fixed.map { "Security-Finding: \($0)\n" }.joined()))
        }
        if range == nil { try Sync.markSynced(workspace) }
        Output.print("\(commits.count) commits read, \(linked) links added, \(fixed.count) findings fixed\(fixed.isEmpty ? "" : ": " + fixed.joined(separator: ", "))\n")
        if outcome != .unchanged { Output.report(outcome, message: message) }
    }
}
