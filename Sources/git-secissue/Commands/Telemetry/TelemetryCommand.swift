import ArgumentParser

struct TelemetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "telemetry",
        abstract: "Turn attacks seen in access logs and risky cloud changes in CloudTrail into findings.",
        subcommands: [Ingest.self])
}
