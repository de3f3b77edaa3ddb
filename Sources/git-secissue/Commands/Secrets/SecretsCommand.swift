import ArgumentParser

struct SecretsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets",
        abstract: "Find secrets in a whole tree or a range of commits, with the pre-commit hook's rules and the team's gitleaks rules.",
        subcommands: [Scan.self])
}
