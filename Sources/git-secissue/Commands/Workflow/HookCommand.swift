import ArgumentParser
import Foundation
import SecIssueKit
import SecIssueWorkflow

struct HookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Run one hook's checks (what the installed hooks call).",
        discussion: "Exit status 2 stops the commit or push and says why.",
        subcommands: [PreCommit.self, CommitMsg.self, PrePush.self])

    struct PreCommit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pre-commit", abstract: "Check the staged change, or the files given (as the pre-commit framework passes them).")

        @Argument(help: "Files to check whole (default: the staged lines).") var files: [String] = []

        func run() throws {
            try finish(try HookChecks.preCommit(try Workspace.discover(), files: files), what: "commit")
        }
    }

    struct CommitMsg: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "commit-msg", abstract: "Check and expand the finding trailers of a commit message.")

        @Argument(help: "The file holding the message (git passes it).") var file: String

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw SecIssueError("cannot read the commit message in \(file)") }
            let message = String(decoding: data, as: UTF8.self)
            let expanded: String
            do {
                expanded = try HookChecks.commitMessage(message, workspace: try Workspace.discover())
            } catch let error as SecIssueError {
                Output.error(error.message)
                Output.note("the commit was stopped: fix the trailer (git secissue list --all shows the IDs), or commit with --no-verify")
                throw ExitCode(2)
            }
            if expanded != message { try Data(expanded.utf8).write(to: URL(fileURLWithPath: file)) }
        }
    }

    struct PrePush: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pre-push",
            abstract: "Push protection: refuse a push whose commits add a secret; run the stage: pre-push tests of .security/tests.yml.",
            discussion: """
                Reads git's lines on standard input; under the pre-commit framework (PRE_COMMIT=1) it reads \
                PRE_COMMIT_FROM_REF and PRE_COMMIT_TO_REF (or PRE_COMMIT_LOCAL_BRANCH) instead. The tests marked \
                stage: pre-push whose when: globs match a path the pushed commits change run on the working tree; a \
                failed assertion or a test that could not run stops the push. Findings never stop a push.
                """)

        @Argument(help: "The remote's name.") var remote: String = "origin"
        @Argument(help: "The remote's URL.") var url: String = ""

        func run() throws {
            let workspace = try Workspace.discover()
            let environment = ProcessInfo.processInfo.environment
            let ranges: [HookChecks.PushRange]
            if environment["PRE_COMMIT"] == "1" {
                ranges = try HookChecks.pushedRanges(workspace, framework: environment)
            } else {
                let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                let updates = input.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
                ranges = try HookChecks.pushedRanges(workspace, remote: remote, updates: updates)
            }
            var outcome = try HookChecks.pushProtection(workspace, ranges: ranges)
            outcome.blocked += try PrePushTests.run(workspace, ranges: ranges)
            try finish(outcome, what: "push")
        }
    }
}

/// Prints a hook's warnings and reasons, one line each (they name files and titles from the
/// change and from teammates' findings); blocked → exit 2.
private func finish(_ outcome: HookChecks.Outcome, what: String) throws {
    outcome.warnings.forEach { Output.warning(SafeText.escape($0, for: .terminalLine)) }
    guard outcome.blocked.isEmpty else {
        outcome.blocked.forEach { Output.note("git secissue: " + SafeText.escape($0, for: .terminalLine)) }
        Output.error("the \(what) was stopped (\(outcome.blocked.count) problem\(outcome.blocked.count == 1 ? "" : "s")); --no-verify skips this check")
        throw ExitCode(2)
    }
}
