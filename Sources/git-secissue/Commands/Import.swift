import ArgumentParser
import SecIssueKit

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "File, update, reopen and fix findings from scanner output (SARIF 2.1.0).",
        discussion: """
            Human triage is kept: risk-accepted, false-positive and duplicate findings are left alone. A fixed \
            finding that comes back is reopened; an active one missing from a complete scan of its tool and \
            category is fixed (--partial turns that off).
            """)

    @Argument(help: "SARIF files.") var files: [String]
    @Option(help: "The tool name to record, instead of the one in the SARIF file.") var tool: String?
    @Option(help: "The scan's category (default: the run's automationDetails.id, else 'default').") var category: String?
    @Flag(help: "The scan covered part of the code: do not mark missing findings fixed.") var partial = false
    @Option(help: ArgumentHelp("The commit that was scanned (default HEAD).", valueName: "REV")) var commit: String?
    @OptionGroup var write: WriteOptions

    func run() throws {
        let workspace = try Workspace.discover()
        let session = try ScanSession(workspace: workspace, commit: commit)
        let config = try workspace.initialisedStore(at: write.ref).config
        let mapped = try session.map(files: files, config: config, tool: tool, category: category)
        let stamp = try workspace.stamp()
        let importer = ScanImport(results: mapped.results, scopes: mapped.scopes, partial: partial,
                                  scannedCommit: session.scannedCommit.hex, introduced: session.introduced,
                                  scanIsOlder: session.scanIsOlder)
        var (report, outcome) = try importer.write(workspace, mode: write.mode, stamp: stamp, tools: mapped.scopes.map(\.tool))
        report.skipped = mapped.skipped
        (mapped.notes + report.notes).forEach { Output.note("note: \($0)") }
        mapped.skipped.forEach { Output.warning("skipped \($0)") }
        Output.print(report.counts + "\n")
        if outcome != .unchanged { Output.report(outcome, message: ScanImport.message(report, tools: mapped.scopes.map(\.tool))) }
    }
}
