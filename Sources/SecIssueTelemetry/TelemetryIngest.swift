import SecIssueKit

/// `telemetry ingest`: logs in, one finding per rule and resource out, counts added to what
/// earlier ingests stored.
public struct TelemetryIngest {
    public var files: [TelemetryInput.FileReport] = []
    public var summaries: [TelemetryAggregate.Summary] = []
    /// Observations dropped because the aggregate held its limit of distinct rule/resource pairs.
    public var overflow = 0
    /// Events an earlier ingest already counted, left out of this one.
    public var alreadyCounted = 0
    public var results: [ScanResult] = []

    /// Reads every file, then locates the resources seen in the code of the session's commit.
    /// `onMatch` is told each observation that counts, with its file (for `--matches`);
    /// `progress` how far the reading has got (for a progress line on a terminal).
    public init(files paths: [String], format: LogFormat, session: ScanSession,
                onMatch: ((String, Observation) -> Void)? = nil, progress: ((String) -> Void)? = nil) throws {
        let config = session.config
        let (stored, _) = try session.store.loadAll()
        var aggregate = TelemetryAggregate(cutoffs: TelemetryFindings.cutoffs(stored.map(\.finding)))
        for path in paths {
            if let onMatch { aggregate.observer = { onMatch(path, $0) } }
            files.append(try TelemetryInput.read(path, format: format, policy: config.telemetry, into: &aggregate, progress: progress))
        }
        summaries = aggregate.sorted
        overflow = aggregate.overflow
        alreadyCounted = aggregate.alreadyCounted
        progress?("locating \(summaries.count) routes and resources in the code")
        let locations = try ResourceLocator.locate(Set(summaries.map(\.resource)), in: session.workspace.files(at: session.scannedCommit))
        results = TelemetryFindings.results(summaries, locations: locations)
    }

    /// The filing of the results: partial, since attacks that stopped are not fixed.
    public func filing(_ session: ScanSession) -> Filing {
        let byKey = Dictionary(summaries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var filing = Filing(session: session, results: results, scopes: [], partial: true, label: TelemetryFindings.tool)
        let addresses = session.config.telemetry.clientAddresses, confidential = session.config.confidential
        filing.refine = { result, existing in
            // Client addresses are cut down before anything is written (and before counts merge
            // with the stored ones, cut down the same way), except in confidential findings.
            let keepsFull = existing?.isConfidential ?? confidential.covers(tool: result.tool, severity: result.severity)
            guard !keepsFull else { return TelemetryFindings.merge(result, into: existing, summaries: byKey) }
            let merged = TelemetryFindings.merge(TelemetryFindings.applying(addresses, to: result), into: existing, summaries: byKey)
            return TelemetryFindings.applying(addresses, to: merged)
        }
        return filing
    }

    /// Why the gate fails: active findings of this run at or above `fail_on`.
    public func gateReasons(_ report: ImportReport, config: Config) -> [String] {
        let ids = Set(results.map { FindingID.derived(prefix: config.idPrefix, key: $0.identityKey) })
        return report.findings.filter { ids.contains($0.id) && $0.status.isActive && $0.severity >= config.failOn }
            .sorted { ($0.severity.rank, $0.id) < ($1.severity.rank, $1.id) }
            .map { "\($0.severity.rawValue) \($0.id): \($0.title)" }
    }
}

extension TelemetryAggregate.Summary {
    public var key: String { Observation.key(rule: rule, resource: resource) }
}
