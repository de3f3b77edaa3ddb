import Foundation
import SecIssueKit

/// The log formats `telemetry ingest` reads.
public enum LogFormat: String, Sendable, CaseIterable {
    case combined, common, jsonl, cloudtrail, auto

    /// The format of a file from its first bytes: CloudTrail JSON (a `Records` file or JSON lines
    /// of CloudTrail events), other JSON lines, or an access log with (combined) or without (common)
    /// the referrer and user agent. An access log is recognised by the first of its first 20 lines
    /// that parses, so one damaged or over-long line does not hide it. Nil when it is none of them.
    public static func detect(_ head: ArraySlice<UInt8>) -> LogFormat? {
        let text = String(decoding: head.prefix(64 * 1024), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let first = lines.first else { return nil }
        if first.hasPrefix("{") {
            if text.range(of: #"^\s*\{\s*"Records"\s*:"#, options: .regularExpression) != nil { return .cloudtrail }
            return first.contains("\"eventSource\"") && first.contains("\"eventName\"") ? .cloudtrail : .jsonl
        }
        for line in lines.prefix(20) {
            if AccessLogLine.parse(Array(line.utf8)[...], format: .combined) != nil { return .combined }
            if AccessLogLine.parse(Array(line.utf8)[...], format: .common) != nil { return .common }
        }
        return nil
    }
}
