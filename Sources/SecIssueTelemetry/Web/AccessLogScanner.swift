import SecIssueKit
/// Reads one piece of an access log (whole lines) into an `AccessLogBatch`, on any thread: the
/// parse, the attack scan and the naming of routes, which are most of the work, depend on the
/// line alone. Benign requests cost a parse, a byte scan and a count, nothing more.
struct AccessLogScanner {
    private let format: LogFormat
    /// True when the observations carry their reason (for `--matches`).
    private let explains: Bool
    /// False to scan every request (see `AccessLogReader.prefilter`).
    private let prefilter: Bool
    private var record = AccessLogRecord()
    private var json: AccessLogJSON
    private var scanner = AttackScanner()
    private var routes = RequestRoute()
    /// The piece's observations folded as the run folds them, to tell when a rule and route
    /// already hold their samples: one this piece filled is filled in the whole run too, as the
    /// run folds every earlier piece first (a sample made where none was needed is dropped alike).
    private var samples: TelemetryAggregate

    /// `format` is `combined`, `common` or `jsonl`; `cutoffs` are the run's (`TelemetryAggregate.cutoffs`).
    init(format: LogFormat, fields: TelemetryPolicy.JSONLFields, cutoffs: [String: Int64], explains: Bool, prefilter: Bool = true) {
        self.format = format
        self.explains = explains
        self.prefilter = prefilter
        scanner.prefilter = prefilter
        json = AccessLogJSON(fields: fields)
        samples = TelemetryAggregate(cutoffs: cutoffs)
    }

    mutating func scan(_ piece: LineSplitter.Piece) -> AccessLogBatch {
        var batch = AccessLogBatch()
        switch piece {
        case .overlong:
            batch.lines = 1
            batch.skip(1, "longer than \(LineSplitter.limit) bytes, so not read")
        case .lines(let bytes):
            batch.lines = bytes.withUnsafeBytes { piece in
                LineSplitter.forEachLine(in: piece) { line, number in read(line, number: number, into: &batch) }
            }
        }
        return batch
    }

    private mutating func read(_ line: UnsafeRawBufferPointer, number: Int, into batch: inout AccessLogBatch) {
        guard line.contains(where: { $0 != ASCII.space && $0 != ASCII.tab }) else { return }
        do {
            switch format {
            case .jsonl: try json.parse(line, into: &record)
            case .common: try AccessLogSyntax.parse(line, combined: false, into: &record)
            default: try AccessLogSyntax.parse(line, combined: true, keepUserAgent: false, into: &record)
            }
        } catch {
            batch.skip(number, error.message)
            return
        }
        batch.responses.append(.init(time: record.time, line: Int32(truncatingIfNeeded: number), status: Int32(clamping: record.status)))
        let isError = record.status >= 400 && record.status < 600
        if format == .jsonl, let agent = record.userAgent, !agent.isEmpty {
            record.headerDefinesFunction = record.bytes.withUnsafeBytes { AttackScanner.definesFunction($0, agent) }
        }
        let mayHold = !prefilter || record.bytes.withUnsafeBufferPointer { AttackScanner.mayHoldAttack(UnsafeBufferPointer(rebasing: $0[record.target])) }
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
        if isError { batch.events.append(.error(route: route, client: client, status: record.status, time: record.time, line: number)) }
        guard !detections.isEmpty else { return }
        // Made once per line, and only while a summary still keeps samples: most attack lines of a
        // busy route are counted without one.
        var sample: String?
        for (kind, rule, cwe, severity, what) in Self.rules {
            guard let evidence = detections[kind] else { continue }
            if sample == nil && samples.needsSample(rule: rule, resource: route) {
                sample = RequestSample.of(method: record.bytes[record.method], target: record.bytes[record.target], status: record.status)
            }
            let probe = evidence.probe
            var observation = Observation(rule: rule, resource: route, time: record.time, source: client, sample: sample ?? "",
                                          severity: probe ? .low : severity, cwe: cwe,
                                          title: "\(what) \(probe ? "probes" : "attempts") on \(route)", line: number)
            if explains {
                observation.reason = kind == .commandInjection && headerReason != nil ? headerReason : scanner.reason(evidence)
                if probe { observation.reason = "probe: " + (observation.reason ?? "") }
            }
            samples.add(observation)
            batch.events.append(.observation(observation))
        }
    }

    private static let rules: [(AttackKinds, String, Int, Severity, String)] = [
        (.sqlInjection, "sqli", 89, .high, "SQL injection"),
        (.crossSiteScripting, "xss", 79, .medium, "Cross-site scripting"),
        (.pathTraversal, "path-traversal", 22, .high, "Path traversal"),
        (.commandInjection, "cmdi", 78, .high, "Command injection"),
    ]
}
