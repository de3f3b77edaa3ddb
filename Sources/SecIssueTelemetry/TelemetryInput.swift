import SecIssueKit
/// Reads log files (or standard input) of any size in one pass into an aggregate, each file in
/// its own format (named, or detected from its first bytes).
public enum TelemetryInput {
    public struct FileReport: Sendable {
        public var path: String
        public var format: LogFormat
        public var stats: IngestStats
    }

    /// Reads `path` ("-" for standard input) into `aggregate`. `onFile` is told the path before
    /// the first observation of the file is added (for `--matches`); `progress` is told the
    /// amount read after each chunk.
    public static func read(_ path: String, format: LogFormat, policy: TelemetryPolicy,
                            into aggregate: inout TelemetryAggregate, progress: ((String) -> Void)? = nil) throws -> FileReport {
        let name = path == "-" ? "standard input" : path
        do {
            return try read(path, name: name, format: format, policy: policy, into: &aggregate, progress: progress)
        } catch let error as SecIssueError where !error.message.hasPrefix(name) {
            throw SecIssueError("\(name): \(error.message)", kind: error.kind)
        }
    }

    private static func read(_ path: String, name: String, format: LogFormat, policy: TelemetryPolicy,
                             into aggregate: inout TelemetryAggregate, progress: ((String) -> Void)?) throws -> FileReport {
        var reader: (any TelemetryReader)?
        var chosen = format
        var bytesRead = 0
        try ByteStream.read(path, start: { head in
            if format == .auto {
                guard !head.isEmpty else { return }
                guard let detected = LogFormat.detect(head) else {
                    throw SecIssueError("\(name): not a log format this tool reads (Apache/nginx combined or common, JSON lines, CloudTrail): "
                                        + "name it with --input if it is one of them")
                }
                chosen = detected
            }
            reader = makeReader(chosen, policy: policy)
        }) { chunk in
            try reader?.consume(chunk, into: &aggregate)
            bytesRead += chunk.count
            progress?("reading \(name): \(bytesRead >> 20) MB")
        }
        guard var reader else { return FileReport(path: path, format: chosen, stats: IngestStats()) }
        try reader.finish(into: &aggregate)
        let stats = reader.stats
        if stats.records == 0, stats.skipped > 0 {
            throw SecIssueError("\(name): no line could be read as \(chosen.rawValue) (\(stats.problems.first ?? "")): "
                                + "check --input, or the field names under telemetry.jsonl_fields in config.yml")
        }
        return FileReport(path: path, format: chosen, stats: stats)
    }

    static func makeReader(_ format: LogFormat, policy: TelemetryPolicy) -> any TelemetryReader {
        switch format {
        case .cloudtrail: return CloudTrailReader()
        case .combined, .common, .jsonl, .auto: return AccessLogReader(format: format == .auto ? .combined : format, policy: policy)
        }
    }
}
