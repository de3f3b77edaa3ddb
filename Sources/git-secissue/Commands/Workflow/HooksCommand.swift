import ArgumentParser
import SecIssueKit
import SecIssueWorkflow

struct HooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks",
        abstract: "Install or remove the git hooks (pre-commit, commit-msg, pre-push) and the merge driver.",
        subcommands: [Install.self, Uninstall.self])

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Install the hooks (honouring core.hooksPath); a hook that was there is kept and still runs first.")

        func run() throws {
            let workspace = try Workspace.discover()
            try HookInstaller.install(workspace).forEach { Output.print($0 + "\n") }
            let attributes = try workspace.store().files.read(MergeDriver.attributesPath).map { String(decoding: $0, as: UTF8.self) }
            if MergeDriver.attributes(adding: attributes) != nil {
                Output.note("the merge driver is configured; to use it for findings, run git secissue init --force (adds \(MergeDriver.attributesLine) to .gitattributes)")
            }
        }
    }

    struct Uninstall: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "uninstall", abstract: "Remove the hooks and put back the ones that were there before.")

        func run() throws {
            try HookInstaller.uninstall(try Workspace.discover()).forEach { Output.print($0 + "\n") }
        }
    }
}
