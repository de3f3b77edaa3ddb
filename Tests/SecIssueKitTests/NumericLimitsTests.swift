import Foundation
import Testing
@testable import SecIssueKit
@testable import SecIssueTelemetry

/// Numbers at the extremes of their types, from every reader that takes numbers from input:
/// each is refused with a message or handled, and none traps.
@Suite("numeric limits")
struct NumericLimitsTests {
    @Test("config numbers out of range are refused with the file, line, field and allowed range", arguments: [
        ("sla_days:\n  high: 9223372036854775807\n", ".security/config.yml:2: sla_days.high: 9223372036854775807 is out of range: allowed 1…3650 days"),
        ("sla_days:\n  high: 99999999999\n", ".security/config.yml:2: sla_days.high: 99999999999 is out of range: allowed 1…3650 days"),
        ("sla_days:\n  high: 99999999999999999999999\n", ".security/config.yml:2: sla_days.high: 99999999999999999999999 is out of range"),
        ("sla_days:\n  low: -1\n", ".security/config.yml:2: sla_days.low: -1 is out of range: allowed 1…3650 days"),
        ("sla_days:\n  low: 0\n", ".security/config.yml:2: sla_days.low: 0 is out of range"),
        ("import:\n  max_sarif_mb: 9223372036854775807\n", ".security/config.yml:2: import.max_sarif_mb: 9223372036854775807 is out of range: allowed 1…2048 megabytes"),
        ("telemetry:\n  bursts:\n    window_seconds: 0\n", ".security/config.yml:3: telemetry.bursts.window_seconds: 0 is out of range: allowed 1…86400 seconds"),
        ("telemetry:\n  bursts:\n    http_5xx: -9223372036854775808\n", ".security/config.yml:3: telemetry.bursts.http_5xx: -9223372036854775808 is out of range"),
    ])
    func configRanges(yaml: String, message: String) throws {
        #expect {
            try Config(yaml: yaml)
        } throws: { error in
            (error as? FileProblem)?.description.hasPrefix(message) == true
        }
    }

    @Test("the ends of each range are accepted, and null still means no due date")
    func configRangeEnds() throws {
        let config = try Config(yaml: "sla_days:\n  critical: 1\n  high: 3650\n  info: null\n")
        #expect(config.slaDays[.critical] == .some(1))
        #expect(config.slaDays[.high] == .some(3650))
        #expect(config.slaDays[.info] == .some(nil))
        let created = try #require(Timestamp.parse("2026-01-01T00:00:00Z"))
        #expect(config.dueDate(for: .high, created: created) == "2035-12-30")
    }

    @Test("dates far outside 0000...9999 format as the nearest end instead of trapping", arguments: [
        (Double.greatestFiniteMagnitude, "9999-12-31T23:59:59Z"),
        (9.3e18, "9999-12-31T23:59:59Z"),
        (-Double.greatestFiniteMagnitude, "0000-01-01T00:00:00Z"),
        (Double.infinity, "9999-12-31T23:59:59Z"),
        (Double.nan, "0000-01-01T00:00:00Z"),
    ])
    func timestampClamp(seconds: Double, expected: String) {
        #expect(Timestamp.string(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test("a SARIF region with extreme columns is read as unknown, not subtracted from")
    func redactionColumns() {
        let line = "password = \"hunter2hunter2\""
        for end in [Int.min, -1, 0] {
            #expect(Redaction.secret(line: line, startColumn: 12, endColumn: end, snippet: nil) == "\"hunter2hunter2\"")
        }
        #expect(Redaction.secret(line: line, startColumn: 12, endColumn: Int.max, snippet: nil) == "\"hunter2hunter2\"")
        #expect(Redaction.secret(line: line, startColumn: Int.max, endColumn: Int.max, snippet: "s3cr3t") == "s3cr3t")
        #expect(Redaction.secret(line: line, startColumn: Int.min, endColumn: Int.min, snippet: nil) == nil)
    }

    @Test("epoch times beyond the year 9999 are no time, not a trap", arguments: [1e308, 9.3e18, 2.6e11 * 1e6, Double.greatestFiniteMagnitude])
    func epochExtremes(value: Double) {
        #expect(AccessLogClock.epoch(value) == nil)
    }

    @Test("epoch times up to the year 9999 still read")
    func epochInRange() {
        #expect(AccessLogClock.epoch(1_700_000_000) == 1_700_000_000)
        #expect(AccessLogClock.epoch(1_700_000_000_123) == 1_700_000_000)
        #expect(AccessLogClock.epoch(253_402_300_799_000_000) == 253_402_300_799)
    }

    @Test("evidence counts from an edited finding file add up without overflow")
    func evidenceCounts() {
        #expect(Int.max.addingSaturated(1) == .max)
        #expect(Int.min.addingSaturated(-1) == .min)
        #expect(40.addingSaturated(2) == 42)
        #expect(Finding.Evidence.Source(display: "203.0.113.5 (9223372036854775807)") == .init(name: "203.0.113.5", count: .max))
        #expect(Finding.Evidence.Source(display: "203.0.113.5 (9223372036854775808)") == .init(name: "203.0.113.5 (9223372036854775808)", count: 0))
    }
}
