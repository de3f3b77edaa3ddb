import Foundation

/// The one filing pipeline. A producer (SARIF mapping, library check, drift check, telemetry,
/// protect) hands it results; it plans them against the stored findings with the re-import
/// rules of `ScanImport`, records them in a write mode (or only plans, for reports), and
/// returns one `Filed` from which both the commit message and the printed counts are made.
public struct Filing {
    public let session: ScanSession
    public var results: [ScanResult]
    /// The (tool, category) pairs the results cover completely: their missing findings are fixed.
    public var scopes: [ScanScope]
    /// True when the results may be incomplete: nothing missing is marked fixed.
    public var partial: Bool
    /// What the commit subject names: the tools (`semgrep, bandit`) or the check (`baseline prod`).
    public var label: String
    /// Results the producer could not use, each with its reason.
    public var skipped: [String] = []
    /// Things the producer wants said before the counts.
    public var notes: [String] = []
    /// Findings the producer knows are resolved although their tool did not scan everything
    /// (an alert whose change was approved later).
    public var resolutions: [ScanImport.Resolution] = []
    /// Adjusts a result (with its index in `results`) given the finding it files into (telemetry
    /// adds its counts to the stored ones).
    public var refine: ((Int, ScanResult, Finding?) -> ScanResult)?
    /// False when blaming the results' lines means nothing (a drifted system file is not in git).
    public var blamesLines = true
    /// Files what the scan finds as existing debt (`ci --adopt`; see `ScanImport.adopt`).
    public var adopt = false
    /// Tells the webhooks of `notify:` in config.yml of the new and reopened findings, once the
    /// write has landed (`ci`, `telemetry ingest`, `baseline check`, `protect check`).
    public var notifies = false

    public init(session: ScanSession, results: [ScanResult], scopes: [ScanScope], partial: Bool, label: String) {
        self.session = session
        self.results = results
        self.scopes = scopes
        self.partial = partial
        self.label = label
    }

    /// How a filing ends: written in a mode, or only planned against the session's store.
    public enum Mode: Sendable, Equatable {
        case write(WriteMode)
        case plan
    }

    /// Plans and, in `.write`, records the results; in ref mode the plan is re-made whenever
    /// another writer moved the reference first, and the report is that of the write that landed.
    public func run(_ mode: Mode) throws -> Filed {
        let stamp = try session.workspace.stamp()
        switch mode {
        case .plan:
            let (_, _, report) = try importer.plan(session.store, config: session.config, stamp: stamp, loaded: try session.storedFindings())
            return Filed(report: completed(report), outcome: .unchanged, label: label)
        case .write(let writeMode):
            var report = ImportReport()
            let outcome = try session.workspace.write(writeMode) { store in
                let (changes, live, planned) = try importer.plan(store, config: session.config, stamp: stamp)
                report = completed(planned)
                return PlannedWrite(changes: changes, message: Filed.message(report, label: label), live: live)
            }
            if notifies && outcome != .unchanged && !session.config.notify.isEmpty {
                // After the write: a webhook that fails costs a warning, never the findings.
                let notifier = Notifier(targets: session.config.notify, environment: session.workspace.environment)
                report.warnings += notifier.send(report, label: label, repository: session.workspace.name)
            }
            return Filed(report: report, outcome: outcome, label: label)
        }
    }

    private var importer: ScanImport {
        var importer = ScanImport(results: results, scopes: scopes, partial: partial, scannedCommit: session.scannedCommit.hex,
                                  introduced: blamesLines ? session.introduced : { _, _ in nil }, scanIsOlder: session.scanIsOlder)
        importer.refine = refine
        importer.resolutions = resolutions
        importer.adopt = adopt
        return importer
    }

    /// The planned report with what the producer knew before planning, so the commit message
    /// and the printed line are made from the same counts.
    private func completed(_ planned: ImportReport) -> ImportReport {
        var report = planned
        report.skipped = skipped
        report.notes = notes + planned.notes
        report.warnings = blamesLines ? session.introducedWarning.map { [$0] } ?? [] : []
        return report
    }
}

/// What a filing did (or, planned only, would do): the report, where the write landed, and the
/// commit message it wrote, all made from one report.
public struct Filed: Sendable {
    public let report: ImportReport
    public let outcome: WriteOutcome
    public let message: String

    init(report: ImportReport, outcome: WriteOutcome, label: String) {
        self.report = report
        self.outcome = outcome
        self.message = Self.message(report, label: label)
    }

    /// The IDs of the findings filed, reopened, fixed or back from an expired acceptance.
    public var touched: [String] { (report.new + report.reopened + report.fixed + report.expired).map(\.id) }

    /// The commit message: counts, then a trailer for each finding filed, reopened or fixed (up to 50).
    static func message(_ report: ImportReport, label: String) -> String {
        var message = "secissue: import \(label): \(report.counts)\n"
        let touched = (report.new + report.reopened + report.fixed + report.expired).map(\.id)
        if !touched.isEmpty {
            message += "\n" + touched.prefix(50).map { "Security-Finding: \($0)\n" }.joined()
        }
        return message
    }
}
