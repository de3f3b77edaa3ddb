import ArgumentParser
import SecIssueKit

extension SARIFExport.Consumer: ExpressibleByArgument {}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export findings as SARIF 2.1.0 (for GitHub code scanning), JSON, CSV or DefectDojo's generic findings JSON.",
        discussion: """
            By default every finding but the fixed ones; triaged findings carry SARIF suppressions. \
            With --for github the SARIF is what code scanning should show: triaged findings are left out \
            (GitHub does not honour suppressions), each rule's help is the team's guide, and a warning says \
            when there are more results than GitHub displays. \
            --format defectdojo writes DefectDojo's "Generic Findings Import" JSON, the finding ID as unique_id_from_tool.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case sarif, json, csv, defectdojo }

    @Option(help: "sarif, json, csv or defectdojo.") var format: Format = .sarif
    @Option(name: .customLong("for"), help: ArgumentHelp("Who reads the SARIF: oasis (any SARIF reader) or github (code scanning).", valueName: "CONSUMER"))
    var consumer: SARIFExport.Consumer = .oasis
    @Flag(help: "Include fixed findings too (never with --for github).") var all = false
    @OptionGroup var read: ReadOptions

    func run() throws {
        let store = try Workspace.discover().store(at: read.at)
        let (stored, problems) = try store.findings()
        var filter = FindingFilter()
        filter.all = true
        let findings = filter.apply(stored).filter { all || $0.status != .fixed }
        switch format {
        case .sarif:
            let export = SARIFExport.export(findings, version: SecIssue.configuration.version, for: consumer,
                                            guides: try? GuidanceCatalog(store: store),
                                            source: { path in (try? store.files.read(path)) ?? nil },
                                            filePaths: try store.findingFiles().paths)
            Output.print(bytes: export.log.renderedBytes())
            if export.omitted > 0 {
                Output.note("\(export.omitted) triaged or fixed finding\(export.omitted == 1 ? "" : "s") left out: GitHub would show them as open alerts")
            }
            for warning in export.warnings { Output.warning(warning) }
        case .json: JSONValue.streamArray(findings, element: \.json) { Output.print(bytes: $0) }
        case .csv: Output.print(FindingTable.csv(findings))
        case .defectdojo: Output.print(bytes: DefectDojoExport.export(findings, version: SecIssue.configuration.version).renderedBytes())
        }
        for problem in problems { Output.error("\(problem) (skipped; git secissue validate checks every file)") }
        if !problems.isEmpty { throw ExitCode.failure }
    }
}
