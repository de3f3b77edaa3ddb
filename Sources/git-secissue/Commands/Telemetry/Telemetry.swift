import ArgumentParser

struct Telemetry: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "telemetry",
        abstract: "(being built)",
        subcommands: [])
}
