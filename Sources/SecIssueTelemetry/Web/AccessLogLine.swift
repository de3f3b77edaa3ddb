import Foundation
import SecIssueKit

/// One request of a web access log.
public struct AccessLogLine: Sendable, Equatable {
    /// The client address as logged (`-` when a JSON line has none).
    public var client: String
    /// Seconds since 1970, UTC.
    public var time: Int64
    public var method: String
    /// The path and query as the client sent them, with the log's own escapes (`\"`, `\xHH`) undone.
    public var target: String
    public var status: Int
    /// Nil in the common format, which does not log it.
    public var userAgent: String?

    public init(client: String, time: Int64, method: String, target: String, status: Int, userAgent: String? = nil) {
        self.client = client
        self.time = time
        self.method = method
        self.target = target
        self.status = status
        self.userAgent = userAgent
    }

    /// Parses one line of a combined, common or JSON-lines log (JSON lines named as `fields` says);
    /// nil when the line is not one.
    public static func parse(_ bytes: ArraySlice<UInt8>, format: LogFormat,
                             fields: TelemetryPolicy.JSONLFields = .init()) -> AccessLogLine? {
        var record = AccessLogRecord()
        var json = AccessLogJSON(fields: fields)
        let parsed: Bool = bytes.withUnsafeBytes { line in
            do {
                switch format {
                case .combined: try AccessLogSyntax.parse(line, combined: true, into: &record)
                case .common: try AccessLogSyntax.parse(line, combined: false, into: &record)
                case .jsonl: try json.parse(line, into: &record)
                case .cloudtrail, .auto: return false
                }
                return true
            } catch {
                return false
            }
        }
        return parsed ? record.line : nil
    }
}
