import ArgumentParser
import SecIssueKit

struct LibsCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "List every dependency with its verdict; file findings for banned and untrusted ones; exit 2 when one is banned.")

    @Option(help: ArgumentHelp("Only what was added or changed since this revision (report only, for pull requests).", valueName: "BASE"))
    var diff: String?
    @Option(help: "table or json.") var format: ListFormat = .table
    @Flag(help: "Report without filing findings.") var noFile = false
    @Option(help: ArgumentHelp("The commit whose dependencies are checked (default HEAD).", valueName: "REV")) var commit: String?
    @OptionGroup var write: WriteOptions

    func run() throws {
        let workspace = try Workspace.discover()
        let session = try ScanSession(workspace: workspace, commit: commit)
        let target = try workspace.store(at: write.ref)
        try target.requireInitialised()
        let policy = try libraryPolicy(target).policy
        let (rows, problems) = try LibraryCheck.check(session, policy: policy, diff: diff)
        switch format {
        case .json: Output.print(bytes: JSONValue.array(rows.map(LibraryTable.json)).renderedBytes())
        default: Output.print(LibraryTable.render(rows))
        }
        problems.forEach { Output.error("\($0) (its dependencies were not checked)") }
        if diff == nil && !noFile {
            let stamp = try workspace.stamp()
            let importer = ScanImport(results: LibraryCheck.results(rows), scopes: [ScanScope(tool: "libs", category: "default")],
                                      partial: !problems.isEmpty, scannedCommit: session.scannedCommit.hex, introduced: session.introduced)
            let (report, outcome) = try importer.write(workspace, mode: write.mode, stamp: stamp, tools: ["libs"])
            Output.note("findings: \(report.counts)")
            if outcome != .unchanged { Output.report(outcome, message: ScanImport.message(report, tools: ["libs"])) }
        }
        let banned = rows.filter(\.isBanned)
        if !banned.isEmpty {
            banned.forEach { Output.note("banned: \($0.dependency.name) \($0.dependency.version ?? "") in \($0.dependency.manifest)") }
            Output.error("\(banned.count) banned librar\(banned.count == 1 ? "y is" : "ies are") in use")
            throw ExitCode(2)
        }
        if !problems.isEmpty { throw ExitCode.failure }
    }
}
