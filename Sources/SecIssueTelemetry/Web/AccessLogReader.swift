import SecIssueKit
/// Reads a web access log (combined, common or JSON lines) and turns attack traffic into
/// observations: `sqli`, `xss`, `path-traversal` and `cmdi` per request, bursts of 4xx and 5xx
/// responses per route, directory sweeps per client and rises in the error rate across the site.
/// Benign requests cost a parse, a byte scan and a counter, nothing more.
public struct AccessLogReader: TelemetryReader {
    public private(set) var stats = IngestStats()
    private let format: LogFormat
    private var splitter = LineSplitter()
    private var record = AccessLogRecord()
    private var json: AccessLogJSON
    private var scanner = AttackScanner()
    private var routes = RequestRoute()
    private var bursts: BurstTracker
    private var recon: ReconTracker

    /// `format` is `combined`, `common` or `jsonl`; any other is read as `combined`.
    public init(format: LogFormat, policy: TelemetryPolicy) {
        self.format = [.combined, .common, .jsonl].contains(format) ? format : .combined
        json = AccessLogJSON(fields: policy.fields)
        bursts = BurstTracker(policy: policy)
        recon = ReconTracker(policy: policy)
    }

    public mutating func consume(_ chunk: UnsafeRawBufferPointer, into aggregate: inout TelemetryAggregate) throws {
        var lines = LineSplitter()
        swap(&lines, &splitter)
        defer { swap(&lines, &splitter) }
        lines.feed(chunk) { line, number, overlong in
            read(line, number: number, overlong: overlong, into: &aggregate)
        }
    }

    public mutating func finish(into aggregate: inout TelemetryAggregate) throws {
        var lines = LineSplitter()
        swap(&lines, &splitter)
        defer { swap(&lines, &splitter) }
        lines.finish { line, number, overlong in
            read(line, number: number, overlong: overlong, into: &aggregate)
        }
        bursts.finish(into: &aggregate)
        recon.finish(into: &aggregate)
    }

    private mutating func read(_ line: UnsafeRawBufferPointer, number: Int, overlong: Bool, into aggregate: inout TelemetryAggregate) {
        guard !overlong else {
            stats.skip("line \(number): longer than \(LineSplitter.limit) bytes, so not read")
            return
        }
        guard line.contains(where: { $0 != ASCII.space && $0 != ASCII.tab }) else { return }
        do {
            switch format {
            case .jsonl: try json.parse(line, into: &record)
            case .common: try AccessLogSyntax.parse(line, combined: false, into: &record)
            default: try AccessLogSyntax.parse(line, combined: true, keepUserAgent: false, into: &record)
            }
        } catch {
            stats.skip("line \(number): \(error.message)")
            return
        }
        stats.records += 1
        recon.count(status: record.status, time: record.time, line: number)
        let isError = record.status >= 400 && record.status < 600
        if format == .jsonl, let agent = record.userAgent, !agent.isEmpty {
            record.headerDefinesFunction = record.bytes.withUnsafeBytes { AttackScanner.definesFunction($0, agent) }
        }
        let mayHold = record.bytes.withUnsafeBufferPointer { AttackScanner.mayHoldAttack(UnsafeBufferPointer(rebasing: $0[record.target])) }
        // Most lines of a site: no attack is possible and nothing to count. Nothing more to do.
        guard mayHold || isError || record.headerDefinesFunction else { return }
        var detections = mayHold ? record.bytes.withUnsafeBufferPointer { scanner.detections(UnsafeBufferPointer(rebasing: $0[record.target])) }
                                 : Detections()
        var headerReason: String?
        if record.headerDefinesFunction && detections.commandInjection == nil {
            detections.commandInjection = Evidence("a Shellshock function definition () { in a header", at: 0)
            headerReason = "a Shellshock function definition () { in the User-Agent or Referer"
        }
        guard isError || !detections.isEmpty else { return }
        let route = record.bytes.withUnsafeBufferPointer { routes.name(UnsafeBufferPointer(rebasing: $0[record.target])) }
        let client = record.string(record.client)
        if isError {
            bursts.record(route: route, client: client, status: record.status, time: record.time, line: number, into: &aggregate)
            if record.status < 500 { recon.record4xx(route: route, client: client, time: record.time, line: number, into: &aggregate) }
        }
        guard !detections.isEmpty else { return }
        // Made once per line, and only while a summary still keeps samples: most attack lines of a
        // busy route are counted without one.
        var sample: String?
        for (kind, rule, cwe, severity, what) in Self.rules {
            guard let evidence = detections[kind] else { continue }
            if sample == nil && aggregate.needsSample(rule: rule, resource: route) {
                sample = RequestSample.of(method: record.bytes[record.method], target: record.bytes[record.target], status: record.status)
            }
            let probe = evidence.probe
            var observation = Observation(rule: rule, resource: route, time: record.time, source: client, sample: sample ?? "",
                                          severity: probe ? .low : severity, cwe: cwe,
                                          title: "\(what) \(probe ? "probes" : "attempts") on \(route)", line: number)
            if aggregate.observer != nil {
                observation.reason = kind == .commandInjection && headerReason != nil ? headerReason : scanner.reason(evidence)
                if probe { observation.reason = "probe: " + (observation.reason ?? "") }
            }
            aggregate.add(observation)
        }
    }

    private static let rules: [(AttackKinds, String, Int, Severity, String)] = [
        (.sqlInjection, "sqli", 89, .high, "SQL injection"),
        (.crossSiteScripting, "xss", 79, .medium, "Cross-site scripting"),
        (.pathTraversal, "path-traversal", 22, .high, "Path traversal"),
        (.commandInjection, "cmdi", 78, .high, "Command injection"),
    ]
}
