import ArgumentParser
import Foundation
import SecIssueKit

@main
struct SecIssue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git-secissue",
        abstract: "A git-native tracker for security findings, kept in .security/ beside the code.",
        discussion: "Run it as `git secissue <command>`. Exit status: 0 success, 1 error, 2 a policy gate failed, 64 usage error.",
        version: "0.1.0",
        subcommands: [
            Init.self, New.self, List.self, Show.self, FindingLog.self, Mine.self, Edit.self, Comment.self, SetStatus.self, Close.self, Reopen.self,
            Assign.self, Link.self, Validate.self, Import.self, CI.self, Export.self, Guide.self, Libs.self,
            Hooks.self, Hook.self, SyncCommand.self, MergeDriverCommand.self, Protect.self, Baseline.self, Telemetry.self,
        ]
    )

    /// Parses, runs, and turns errors into one line on stderr and git-style exit codes.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as SecIssueError {
            Output.error(error.message)
            Foundation.exit(error.kind == .usage ? ExitCode.validationFailure.rawValue : 1)
        } catch let problem as FileProblem {
            Output.error(problem.description)
            Foundation.exit(1)
        } catch {
            exit(withError: error)
        }
    }
}
