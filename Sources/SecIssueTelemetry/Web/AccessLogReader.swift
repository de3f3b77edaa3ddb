import SecIssueKit
/// Reads a web access log (combined, common or JSON lines) and turns attack traffic into
/// observations: `sqli`, `xss`, `path-traversal` and `cmdi` per request, bursts of 4xx and 5xx
/// responses per route, directory sweeps per client and rises in the error rate across the site.
///
/// The log is cut into pieces of whole lines that `AccessLogScanner` reads on every core at once
/// (`IngestParallelism`); their batches are folded here in input order, into the state that spans
/// lines (bursts, sweeps, the site's error rate) and the aggregate, as one thread reading line
/// after line would fold them: the result is the same byte for byte whatever the threads.
public struct AccessLogReader: TelemetryReader {
    public private(set) var stats = IngestStats()
    private let format: LogFormat
    private let fields: TelemetryPolicy.JSONLFields
    private var splitter: LineSplitter
    private let work: OrderedWork<AccessLogBatch>
    private var bursts: BurstTracker
    private var recon: ReconTracker
    /// Lines of the pieces folded so far: a batch's line numbers start after them.
    private var linesBefore = 0
    /// False to decode and scan every request, as the tests do to show that `AttackTriggers` clears
    /// no request a detector flags.
    var prefilter = true

    /// `format` is `combined`, `common` or `jsonl`; any other is read as `combined`.
    public init(format: LogFormat, policy: TelemetryPolicy, parallelism: IngestParallelism = .standard) {
        self.format = [.combined, .common, .jsonl].contains(format) ? format : .combined
        fields = policy.fields
        splitter = LineSplitter(target: parallelism.chunkBytes)
        work = OrderedWork(threads: parallelism.threads)
        bursts = BurstTracker(policy: policy)
        recon = ReconTracker(policy: policy)
    }

    public mutating func consume(_ chunk: UnsafeRawBufferPointer, into aggregate: inout TelemetryAggregate) throws {
        var lines = LineSplitter(target: 1)
        swap(&lines, &splitter)
        defer { swap(&lines, &splitter) }
        lines.feed(chunk) { submit($0, into: &aggregate) }
    }

    public mutating func finish(into aggregate: inout TelemetryAggregate) throws {
        var lines = LineSplitter(target: 1)
        swap(&lines, &splitter)
        defer { swap(&lines, &splitter) }
        lines.finish { submit($0, into: &aggregate) }
        work.finish { fold($0, into: &aggregate) }
        bursts.finish(into: &aggregate)
        recon.finish(into: &aggregate)
    }

    private mutating func submit(_ piece: LineSplitter.Piece, into aggregate: inout TelemetryAggregate) {
        let format = format, fields = fields, cutoffs = aggregate.cutoffs, explains = aggregate.observer != nil, prefilter = prefilter
        work.submit({
            var scanner = AccessLogScanner(format: format, fields: fields, cutoffs: cutoffs, explains: explains, prefilter: prefilter)
            return scanner.scan(piece)
        }, deliver: { fold($0, into: &aggregate) })
    }

    private mutating func fold(_ batch: AccessLogBatch, into aggregate: inout TelemetryAggregate) {
        let base = linesBefore
        linesBefore += batch.lines
        stats.records += batch.responses.count
        stats.skipped += batch.skipped
        for (line, problem) in batch.problems where stats.problems.count < IngestStats.problemLimit {
            stats.problems.append("line \(base + line): \(problem)")
        }
        for response in batch.responses {
            recon.count(status: Int(response.status), time: response.time, line: base + Int(response.line))
        }
        for event in batch.events {
            switch event {
            case .error(let route, let client, let status, let time, let line):
                bursts.record(route: route, client: client, status: status, time: time, line: base + line, into: &aggregate)
                if status < 500 { recon.record4xx(route: route, client: client, time: time, line: base + line, into: &aggregate) }
            case .observation(var observation):
                observation.line += base
                aggregate.add(observation)
            }
        }
    }
}
