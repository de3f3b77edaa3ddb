import ArgumentParser
import SecIssueKit
import SecIssueLibraries

extension LibsCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "List every dependency with its verdict; file findings for banned and untrusted ones; exit 2 when one is banned.")

        @Option(help: ArgumentHelp("Only what was added or changed since this revision (report only, for pull requests).", valueName: "BASE"))
        var diff: String?
        @OptionGroup var output: ListingOptions
        @OptionGroup var filing: FilingOptions
        @Option(help: ArgumentHelp("The commit whose dependencies are checked (default HEAD).", valueName: "REV")) var commit: String?
        @OptionGroup var write: WriteOptions

        func run() throws {
            let session = try ScanSession(workspace: try Workspace.discover(), commit: commit, target: write.ref)
            let policy = try libraryPolicy(session.store).policy
            policy.warnings.forEach(Output.warning)
            let (rows, problems) = try LibraryCheck.check(session, policy: policy, diff: diff)
            output.print(LibraryTable.listing(rows), json: { .array(rows.map(LibraryTable.json)) })
            problems.forEach { Output.error("\($0) (its dependencies were not checked)") }
            if diff == nil && !filing.noFile {
                let filing = Filing(session: session, results: LibraryCheck.results(rows), scopes: [ScanScope(tool: "libs", category: "default")],
                                    partial: !problems.isEmpty, label: "libs")
                Output.filed(try filing.run(.write(write.mode)), countsLabel: "findings")
            }
            let banned = rows.filter(\.isBanned)
            if !banned.isEmpty {
                try Output.failGate(banned.map { "banned: \($0.dependency.name) \($0.dependency.version ?? "") in \($0.dependency.manifest)" },
                                    summary: "\(banned.count) banned librar\(banned.count == 1 ? "y is" : "ies are") in use")
            }
            if !problems.isEmpty { throw ExitCode.failure }
        }
    }
}
