import ArgumentParser
import SecIssueKit

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export findings as SARIF 2.1.0 (for GitHub code scanning), JSON or CSV.",
        discussion: "By default every finding but the fixed ones; triaged findings carry SARIF suppressions.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case sarif, json, csv }

    @Option(help: "sarif, json or csv.") var format: Format = .sarif
    @Flag(help: "Include fixed findings too.") var all = false
    @OptionGroup var read: ReadOptions

    func run() throws {
        let store = try Workspace.discover().store(at: read.at)
        let (stored, problems) = try store.loadAll()
        var filter = FindingFilter()
        filter.all = true
        let findings = filter.apply(stored.map(\.finding)).filter { all || $0.status != .fixed }
        switch format {
        case .sarif: Output.print(bytes: SARIFExport.log(findings, version: SecIssue.configuration.version).renderedBytes())
        case .json: Output.print(bytes: JSONValue.array(findings.map(\.json)).renderedBytes())
        case .csv: Output.print(FindingTable.csv(findings))
        }
        for problem in problems { Output.error("\(problem) (skipped; git secissue validate checks every file)") }
        if !problems.isEmpty { throw ExitCode.failure }
    }
}
