import ArgumentParser

struct Protect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protect",
        abstract: "(being built)",
        subcommands: [])
}
