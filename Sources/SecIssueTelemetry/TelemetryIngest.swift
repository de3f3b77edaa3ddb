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
        let (stored, _) = try session.storedFindings()
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
        routes = RouteCodeFindings(stored.map(\.finding), locations: locations)
        results = TelemetryFindings.results(summaries, locations: locations, routes: routes, policy: config.telemetry)
    }

    /// The code findings of the routes seen, for the descriptions.
    private(set) var routes = RouteCodeFindings()

    /// True for each result that is an attempt on a route whose fix is in (see `RouteCodeFindings`).
    public var attempts: [Bool] { results.map { $0.tags.contains(TelemetryFindings.attemptedTag) } }

    /// The filing of the results: partial, since attacks that stopped are not fixed.
    public func filing(_ session: ScanSession) -> Filing {
        let summaries = summaries, routes = routes
        var filing = Filing(session: session, results: results, scopes: [], partial: true, label: TelemetryFindings.tool)
        let addresses = session.config.telemetry.clientAddresses, confidential = session.config.confidential
        // The results were made from the summaries, one each, in the same order.
        filing.refine = { index, result, existing in
            let merge = { TelemetryFindings.merge($0, into: existing, summary: summaries[index], routes: routes) }
            // Client addresses are cut down before anything is written (and before counts merge
            // with the stored ones, cut down the same way), except in confidential findings.
            let keepsFull = existing?.isConfidential ?? confidential.covers(tool: result.tool, severity: result.severity)
            guard !keepsFull else { return merge(result) }
            return TelemetryFindings.applying(addresses, to: merge(TelemetryFindings.applying(addresses, to: result)))
        }
        filing.notifies = true
        return filing
    }

    /// Why the gate fails: active findings of this run at or above `fail_on`; attempts on routes
    /// whose fix is in only when `telemetry.attempts.gate` says so.
    public func gateReasons(_ report: ImportReport, config: Config) -> [String] {
        let gated = zip(report.resultIDs, attempts).filter { config.telemetry.gateAttempts || !$0.1 }.map(\.0)
        let ids = Set(gated)
        return report.findings.filter { ids.contains($0.id) && $0.status.isActive && $0.severity >= config.failOn }
            .sorted { ($0.severity.rank, $0.id) < ($1.severity.rank, $1.id) }
            .map { "\($0.severity.rawValue) \($0.id): \($0.title)" }
    }
}

extension TelemetryAggregate.Summary {
    public var key: String { Observation.key(rule: rule, resource: resource) }
}
