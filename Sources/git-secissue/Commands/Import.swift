import ArgumentParser
import SecIssueKit

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "File, update, reopen and fix findings from scanner output (SARIF 2.1.0, or a scanner's own JSON).",
        discussion: """
            Human triage is kept: risk-accepted, false-positive and duplicate findings are left alone. A fixed \
            finding that comes back is reopened; an active one missing from a complete scan of its tool and \
            category is fixed (--partial turns that off).
            """)

    @Argument(help: "SARIF files, or OSV-Scanner, pip-audit, npm audit, Trivy, gitleaks, detect-secrets, CycloneDX VEX or DefectDojo JSON.") var files: [String]
    @OptionGroup var scan: ScanOptions
    @OptionGroup var write: WriteOptions

    func run() throws {
        let session = try ScanSession(workspace: try Workspace.discover(), commit: scan.commit, target: write.ref)
        let filing = try session.filing(sarif: files, tool: scan.tool, category: scan.category, partial: scan.partial)
        let filed = try filing.run(.write(write.mode))
        Output.filed(filed)
    }
}
