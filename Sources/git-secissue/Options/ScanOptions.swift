import ArgumentParser

/// What every command that imports scanner output says about the scan.
struct ScanOptions: ParsableArguments {
    @Option(help: "The tool name to record, instead of the one in the SARIF file.") var tool: String?
    @Option(help: "The scan's category (default: the run's automationDetails.id, else 'default').") var category: String?
    @Flag(help: "The scan covered part of the code: do not mark missing findings fixed.") var partial = false
    @Option(help: ArgumentHelp("The commit that was scanned (default HEAD).", valueName: "REV")) var commit: String?
}
