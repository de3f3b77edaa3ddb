import ArgumentParser
import Foundation
import SecIssueKit
import SecIssueLibraries

extension LibsCommand {
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "Check every dependency against OSV advisories; file a finding per advisory, package and manifest.",
            discussion: """
                Advisory sources come from advisories: in .security/config.yml or --advisories (directories of OSV \
                JSON or YAML files in any layout, RustSec checkouts, osv.dev zip exports). Exits 2 while a dependency \
                has an advisory at or above gate.fail_on whose finding is not triaged away.
                """)

        @Option(name: .customLong("advisories"), help: ArgumentHelp("An advisory source (repeatable); replaces those in config.yml.", valueName: "PATH"))
        var advisories: [String] = []
        @Option(help: ArgumentHelp("Report only the vulnerabilities a change since this revision introduced (files nothing).", valueName: "REV"))
        var diff: String?
        @OptionGroup var output: ListingOptions
        @OptionGroup var filing: FilingOptions
        @Flag(help: "Parse the advisories again instead of using the cache in the git directory.") var noCache = false
        @Option(help: ArgumentHelp("The commit whose dependencies are checked (default HEAD).", valueName: "REV")) var commit: String?
        @OptionGroup var write: WriteOptions

        func run() throws {
            let workspace = try Workspace.discover()
            let session = try ScanSession(workspace: workspace, commit: commit, target: write.ref)
            let database = try AdvisoryDatabase(sources: try sources(session), cacheDirectory: noCache ? nil : workspace.commonDirectory + "/secissue")
            database.notes.forEach { Output.note("note: \($0)") }
            let audit = AdvisoryAudit(database: database)
            let (dependencies, problems) = try LibraryCheck.dependencies(in: workspace.files(at: session.scannedCommit))
            problems.forEach { Output.error("\($0) (its dependencies were not checked)") }
            let report = try audit.audit(dependencies)
            var shown = report.matches
            if let diff {
                let base = try LibraryCheck.dependencies(in: workspace.files(at: try workspace.resolveCommit(diff))).dependencies
                let before = Set(try audit.audit(base).matches.map(\.identity))
                shown = report.matches.filter { !before.contains($0.identity) }
                let gone = before.subtracting(report.matches.map(\.identity)).count
                Output.note("this change adds \(shown.count) known vulnerabilit\(shown.count == 1 ? "y" : "ies")"
                            + (gone > 0 ? " and removes \(gone)" : "") + " (since \(diff))")
            }
            output.print(AdvisoryTable.listing(shown), json: { .array(shown.map(AdvisoryTable.json)) }, empty: "no known vulnerabilities")
            let vulnerable = Set(report.matches.map { "\($0.dependency.manifest)\u{0}\($0.dependency.name)" }).count
            Output.note("\(report.checked) dependencies checked against \(database.count) advisories\(fromCache(database)): "
                        + "\(report.matches.count) advisor\(report.matches.count == 1 ? "y affects" : "ies affect") \(vulnerable) of them"
                        + (report.unchecked.isEmpty ? "" : "; \(report.unchecked.count) without a pinned version not checked"))
            var blocking = shown.filter { $0.severity >= session.config.failOn }
            if diff == nil && !filing.noFile {
                var osvFiling = Filing(session: session, results: AdvisoryAudit.results(report.matches, config: session.config),
                                    scopes: [ScanScope(tool: "osv", category: "default")], partial: !problems.isEmpty, label: "osv")
                osvFiling.resolutions = AdvisoryAudit.resolutions(report.withdrawn, commit: session.scannedCommit.hex)
                let filed = try osvFiling.run(.write(write.mode))
                Output.filed(filed, countsLabel: "findings")
                // A finding people triaged away (risk-accepted, false-positive) does not fail the gate.
                let active = Set(filed.report.findings.filter { $0.source?.tool == "osv" && $0.status.isActive }.compactMap { $0.source?.fingerprint })
                blocking = blocking.filter { active.contains($0.identity) }
            }
            if !blocking.isEmpty {
                try Output.failGate(blocking.map { "\($0.record.id) (\($0.severity.rawValue)) affects \($0.dependency.name) \($0.dependency.version ?? "") in \($0.dependency.manifest)" },
                                    summary: "\(blocking.count) known vulnerabilit\(blocking.count == 1 ? "y is" : "ies are") at or above \(session.config.failOn.rawValue)")
            }
            if !problems.isEmpty { throw ExitCode.failure }
        }

        /// " (read from the cache)" when every source came from it, which sources did when only some.
        private func fromCache(_ database: AdvisoryDatabase) -> String {
            let cached = database.loaded.filter(\.cached)
            if cached.isEmpty { return "" }
            if cached.count == database.loaded.count { return " (read from the cache)" }
            return " (\(cached.map(\.path).joined(separator: ", ")) read from the cache)"
        }

        /// --advisories as given (relative to the current directory), else config.yml's list
        /// (relative to the repository's top directory).
        private func sources(_ session: ScanSession) throws -> [String] {
            if !advisories.isEmpty { return advisories }
            let configured = session.config.advisories
            guard !configured.isEmpty else {
                throw SecIssueError.usage("no advisory sources: list them under advisories: in .security/config.yml, or give --advisories PATH")
            }
            let root = session.workspace.workingDirectory ?? FileManager.default.currentDirectoryPath
            return configured.map { $0.hasPrefix("/") ? $0 : root + "/" + $0 }
        }
    }
}
