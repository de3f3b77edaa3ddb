import ArgumentParser

struct Baseline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "(being built)",
        subcommands: [])
}
