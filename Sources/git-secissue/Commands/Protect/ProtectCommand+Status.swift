import ArgumentParser
import SecIssueKit
import SecIssueProtect

extension ProtectCommand {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "List the protected paths with the last change on HEAD to each, whether it was approved, and the last approved change.")

        @OptionGroup var output: ListingOptions

        func run() throws {
            let workspace = try Workspace.discover()
            let store = try workspace.store()
            try store.requireInitialised()
            let policy = try store.config().protect
            let report = try ProtectStatus.report(workspace, policy: policy)
            output.print(ProtectTable.listing(report), json: { ProtectTable.json(report) })
            Output.note("\(policy.allPaths.count) protected pattern\(policy.allPaths.count == 1 ? "" : "s"), \(policy.approvers.count) "
                        + "approver\(policy.approvers.count == 1 ? "" : "s"); read \(report.walked) commit\(report.walked == 1 ? "" : "s") of HEAD")
            if report.truncated {
                Output.warning("stopped after \(report.walked) commits: older history was not read, so older changes are not shown")
            }
            if policy.approvers.isEmpty {
                Output.warning("no approvers are configured: add people under protect.approvers in .security/config.yml")
            }
        }
    }
}
