import ArgumentParser
import Foundation
import SecIssueKit

extension SecretsCommand {
    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scan",
            abstract: "File findings for secrets in a commit's files or in what a range of commits added; exit 2 at gate.fail_on.",
            discussion: """
                Without --history, reads every file of the commit (HEAD, or --commit), or those under PATHS; a scan of the \
                whole tree marks secrets that are gone from it fixed. With --history A..B, reads the lines each commit \
                reachable from B and not from A added (a single revision: its whole history). The rules are the built-in \
                ones and those of the gitleaks file that secrets.gitleaks_config names; hooks.secrets.allow_paths and \
                allow_rules apply. Findings are filed with tool secrets, one per rule, file and secret, the secret redacted. \
                Binary files and files over 2 MB are not read.
                """)

        @Argument(help: "Files or directories to scan (default: the whole tree).") var paths: [String] = []
        @Option(help: ArgumentHelp("Scan what the commits of a range added (A..B, or a revision for its whole history).", valueName: "RANGE"))
        var history: String?
        @OptionGroup var output: ListingOptions
        @OptionGroup var filing: FilingOptions
        @Option(help: ArgumentHelp("The commit whose files are scanned, and whose gitleaks rules apply (default HEAD).", valueName: "REV"))
        var commit: String?
        @OptionGroup var write: WriteOptions

        func validate() throws {
            if history != nil && !paths.isEmpty { throw ValidationError("give PATHS or --history, not both") }
        }

        func run() throws {
            let workspace = try Workspace.discover()
            let session = try ScanSession(workspace: workspace, commit: commit, target: write.ref)
            let scan = try history.map { try SecretsScan(history: session, range: $0) }
                ?? SecretsScan(tree: session, prefixes: try paths.map { try Self.repositoryPath($0, workspace: workspace) })
            let filed = try scan.filing(session).run(filing.noFile ? .plan : .write(write.mode))
            let ids = Set(filed.report.resultIDs)
            let gate = filed.report.findings.filter { ids.contains($0.id) && $0.status.isActive && $0.severity >= session.config.failOn }
            switch output.format {
            case .csv:
                Output.print(Listing(headers: ["PATH", "LINE", "COLUMN", "RULE", "REDACTED", "COMMIT"], rows: scan.found.map { item in
                    [item.match.path, String(item.match.line), String(item.match.column), item.match.rule, item.match.redacted, item.commit ?? ""]
                }).csv())
            case .json:
                let rows: [JSONValue] = scan.found.map { item in
                    var fields: [(String, JSONValue)] = [
                        ("path", .string(item.match.path)), ("line", .int(item.match.line)),
                        ("column", .int(item.match.column)), ("rule", .string(item.match.rule)),
                        ("description", .string(item.match.description)), ("redacted", .string(item.match.redacted)),
                    ]
                    if let commit = item.commit { fields.append(("commit", .string(commit))) }
                    return .object(fields)
                }
                let summary: JSONValue = .object([
                    ("secrets", .array(rows)), ("files", .int(scan.files)), ("commits", .int(scan.commits)),
                    ("skipped", .array(scan.skipped.map { .string($0) })),
                    ("gate", .array(gate.map { .string("\($0.severity.rawValue) \($0.id): \($0.title)") })),
                ])
                Output.print(bytes: summary.renderedBytes())
            case .table:
                for item in scan.found {
                    let match = item.match
                    var row = "\(match.path):\(match.line):\(match.column)\t\(match.rule)\t\(match.redacted)"
                    if let commit = item.commit { row += "\t\(commit.prefix(12))" }
                    Output.print(SafeText.escape(row, for: .terminal) + "\n")
                }
                let what = history == nil ? "\(scan.files) file(s)" : "\(scan.commits) commit(s), \(scan.files) changed file(s)"
                Output.print("\(scan.found.count) secret(s) in \(what)\n")
            }
            if !filing.noFile { Output.filed(filed, countsLabel: "findings") }
            if !gate.isEmpty {
                try Output.failGate(gate.map { "\($0.severity.rawValue) \($0.id): \($0.title)" },
                                    summary: "\(gate.count) active secret finding(s) at or above \(session.config.failOn.rawValue)")
            }
        }

        /// A path given on the command line (relative to the current directory) as a repository path.
        static func repositoryPath(_ given: String, workspace: Workspace) throws -> String {
            guard let root = workspace.workingDirectory else {
                throw ValidationError("PATHS need a working tree; in a bare repository scan the whole tree")
            }
            let absolute = given.hasPrefix("/") ? given : FileManager.default.currentDirectoryPath + "/" + given
            let standard = URL(fileURLWithPath: absolute).standardizedFileURL.path
            let base = URL(fileURLWithPath: root).standardizedFileURL.path
            guard standard == base || standard.hasPrefix(base.hasSuffix("/") ? base : base + "/") else {
                throw ValidationError("\(given) is outside the repository")
            }
            return String(standard.dropFirst(base.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        }
    }
}
