import SecIssueKit
/// Reads a web access log (combined, common or JSON lines) and turns attack traffic into
/// observations: `sqli`, `xss` and `path-traversal` per request, and bursts of 4xx and 5xx
/// responses per route. Benign requests cost a parse and a byte scan, nothing more.
public struct AccessLogReader: TelemetryReader {
    public private(set) var stats = IngestStats()
    private let format: LogFormat
    private var splitter = LineSplitter()
    private var record = AccessLogRecord()
    private var json: AccessLogJSON
    private var scanner = AttackScanner()
    private var routes = RequestRoute()
    private var bursts: BurstTracker

    /// `format` is `combined`, `common` or `jsonl`; any other is read as `combined`.
    public init(format: LogFormat, policy: TelemetryPolicy) {
        self.format = [.combined, .common, .jsonl].contains(format) ? format : .combined
        json = AccessLogJSON(fields: policy.fields)
        bursts = BurstTracker(policy: policy)
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
    }

    private mutating func read(_ line: UnsafeRawBufferPointer, number: Int, overlong: Bool, into aggregate: inout TelemetryAggregate) {
        guard !overlong else {
            stats.skip("line \(number): longer than \(LineSplitter.limit) bytes, so not read")
            return
        }
        guard line.contains(where: { $0 != 32 && $0 != 9 }) else { return }
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
        let isError = record.status >= 400 && record.status < 600
        let kinds: AttackKinds = record.bytes.withUnsafeBufferPointer { bytes in
            let target = UnsafeBufferPointer(rebasing: bytes[record.target])
            return AttackScanner.mayHoldAttack(target) ? scanner.scan(target) : []
        }
        guard isError || !kinds.isEmpty else { return }
        let route = record.bytes.withUnsafeBufferPointer { routes.name(UnsafeBufferPointer(rebasing: $0[record.target])) }
        let client = record.string(record.client)
        if isError {
            bursts.record(route: route, client: client, status: record.status, time: record.time, line: number, into: &aggregate)
        }
        guard !kinds.isEmpty else { return }
        let sample = RequestSample.of(method: record.bytes[record.method], target: record.bytes[record.target], status: record.status)
        for (kind, rule, cwe, severity, what) in Self.rules where kinds.contains(kind) {
            aggregate.add(Observation(rule: rule, resource: route, time: record.time, source: client, sample: sample,
                                      severity: severity, cwe: cwe, title: "\(what) attempts on \(route)", line: number))
        }
    }

    private static let rules: [(AttackKinds, String, Int, Severity, String)] = [
        (.sqlInjection, "sqli", 89, .high, "SQL injection"),
        (.crossSiteScripting, "xss", 79, .medium, "Cross-site scripting"),
        (.pathTraversal, "path-traversal", 22, .high, "Path traversal"),
    ]
}
