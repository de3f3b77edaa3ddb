import ArgumentParser
import Foundation
import SecIssueKit

@main
struct SecIssue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git-secissue",
        abstract: "A git-native tracker for security findings, kept in .security/ beside the code.",
        discussion: """
            Run it as `git secissue <command>`. Exit status: 0 success, 1 error, 2 a policy gate failed, 64 usage error. \
            With --error-format json (anywhere on the command line), or with --format json, the error that ends a command \
            is printed to standard error as {"error": {"code": ..., "message": ...}}; the codes are stable \
            (docs/commands.md lists them). \
            --identity FILE (anywhere on the command line, or SECISSUE_IDENTITY) names the age identity file or SSH private key \
            that opens confidential findings (docs/confidential.md).
            """,
        version: "0.1.0",
        subcommands: [
            Init.self, New.self, List.self, Show.self, FindingLog.self, Mine.self, Edit.self, Comment.self, SetStatus.self, Close.self, Reopen.self,
            Commit.self, Migrate.self,
            Assign.self, Link.self, Validate.self, Import.self, CI.self, Export.self, Guide.self, LibsCommand.self,
            HooksCommand.self, HookCommand.self, SyncCommand.self, MergeDriverCommand.self, ProtectCommand.self, BaselineCommand.self,
            TelemetryCommand.self, SecretsCommand.self, Stats.self, Report.self, RecipientsCommand.self, Disclose.self, TestCommand.self,
        ]
    )

    /// Parses, runs, and turns every failure into one `git secissue: error:` line on stderr with
    /// git-style exit codes (1 error, 2 gate, 64 usage); help and version still print as usual.
    static func main() {
        do {
            let arguments = try IdentityOption.split(try ErrorFormat.split(Array(CommandLine.arguments.dropFirst())).arguments)
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            if let described = ErrorBoundary.describe(error) {
                Output.fail(described)
                Foundation.exit(described.status)
            }
            let code = exitCode(for: error)
            if code == .success || error is ExitCode { exit(withError: error) }
            // A mistake on the command line: ArgumentParser's sentence, with our prefix and a pointer to help.
            let status = code == .validationFailure ? ExitCode.validationFailure.rawValue : code.rawValue
            Output.fail(ErrorBoundary.Description(message: message(for: error), status: status, code: SecIssueError.Code.usage),
                        hint: "see 'git secissue --help' for usage")
            Foundation.exit(status)
        }
    }
}
