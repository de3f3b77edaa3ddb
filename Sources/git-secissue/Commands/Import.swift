import ArgumentParser
import SecIssueKit

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "File, update, reopen and fix findings from scanner output (SARIF 2.1.0, or a scanner's own JSON).",
        discussion: """
            Human triage is kept: risk-accepted, false-positive and duplicate findings are left alone. A fixed \
            finding that comes back is reopened; an active one missing from a complete scan of its tool and \
            category is fixed (--partial turns that off).
            """)

    @Argument(help: "SARIF files, or OSV-Scanner, pip-audit, npm audit, Trivy, gitleaks, detect-secrets, CycloneDX VEX or DefectDojo JSON; - reads standard input.")
    var files: [String]
    @OptionGroup var scan: ScanOptions
    @OptionGroup var write: WriteOptions
    @OptionGroup var output: RecordOptions

    func validate() throws {
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read once: give - once") }
    }

    func run() throws {
        let session = try ScanSession(workspace: try Workspace.discover(), commit: scan.commit, target: write.ref)
        let progress = Progress("importing")
        session.progress = progress.update
        let filed: Filed
        do {
            defer { progress.finish() }
            let filing = try session.filing(sarif: files, tool: scan.tool, category: scan.category, partial: scan.partial)
            progress.update("filing \(filing.results.count) results")
            filed = try filing.run(.write(write.mode))
        }
        switch output.format {
        case .json: Output.json(filed.json)
        case .text: Output.filed(filed)
        }
    }
}
