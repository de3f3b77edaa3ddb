import ArgumentParser
import SecIssueKit
import SecIssueBaseline

extension BaselineCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Compare a system with baseline NAME; file one finding per drifted file or package; exit 2 when one is at or above gate.fail_on.",
            discussion: "Findings of this baseline whose entry is back to its recorded state are marked fixed.")

        @Argument(help: "The baseline's name, as recorded.") var name: String
        @Option(help: ArgumentHelp("The system's root directory: / for this machine, or a mounted image.", valueName: "DIR")) var root: String
        @OptionGroup var output: ListingOptions
        @OptionGroup var filing: FilingOptions
        @OptionGroup var write: WriteOptions

        func run() throws {
            try Baseline.validate(name: name)
            let session = try ScanSession(workspace: try Workspace.discover(), commit: nil, target: write.ref)
            let (store, config) = (session.store, session.config)
            let path = Baseline.path(name)
            guard let bytes = try store.files.read(path) else {
                throw SecIssueError("no baseline named \(name) (\(path) is not in \(store.files.label)): "
                                    + "record one with git secissue baseline record \(name) --root DIR PATH...")
            }
            let baseline = try BaselineFile.decode(String(decoding: bytes, as: UTF8.self), name: name)
            var report = try BaselineCheck.run(baseline, root: root)
            report.drift = try BaselineContent.addDiffs(report.drift, baseline: baseline, root: root) { try store.files.read($0) }
            report.warnings.forEach(Output.warning)
            if report.incomplete { Output.warning("some recorded files could not be read: no finding of baseline \(name) is marked fixed this time") }
            let listing = DriftTable.listing(report)
            switch output.format {
            case .json: Output.print(bytes: DriftTable.json(report, baseline: baseline).renderedBytes())
            case .csv: Output.print(listing.csv())
            case .table:
                Output.print((listing.rows.isEmpty ? "" : listing.table(width: output.width)) + DriftTable.summary(report, name: name)
                             + DriftTable.diffs(report))
            }
            if !filing.noFile {
                var filing = Filing(session: session, results: BaselineCheck.results(report.drift, baseline: baseline),
                                    scopes: [ScanScope(tool: "baseline", category: name)], partial: report.incomplete, label: "baseline \(name)")
                filing.blamesLines = false
                filing.notifies = true
                Output.filed(try filing.run(.write(write.mode)), countsLabel: "findings")
            }
            let failing = report.drift.filter { $0.severity >= config.failOn }
            if !failing.isEmpty {
                let entries = failing.count == 1 ? "1 entry" : "\(failing.count) entries"
                try Output.failGate([], summary: "\(entries) of baseline \(name) drifted at severity \(config.failOn.rawValue) or above "
                                    + "(gate.fail_on in .security/config.yml)")
            }
        }
    }
}
