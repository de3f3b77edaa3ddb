import Foundation
import SecIssueKit

/// What `stats` and `report` are asked: the window, the periods, and the instant the posture is taken at.
public struct StatsQuery: Sendable {
    /// The first instant counted (seconds since 1970); nil: from the first finding.
    public var since: Int64?
    /// The last instant counted; the posture ("open now", overdue, age) is taken here.
    public var until: Int64
    public var by: Granularity

    public init(since: Int64? = nil, until: Int64, by: Granularity = .week) {
        self.since = since
        self.until = until
        self.by = by
    }

    /// `--since` and `--until` as typed (`YYYY-MM-DD`, whole UTC days, both included); `until`
    /// defaults to `now`.
    public init(since: String?, until: String?, by: Granularity, now: Date) throws {
        func day(_ text: String, _ option: String) throws -> Int64 {
            guard text.count == 10, let date = Timestamp.parse(text) else {
                throw SecIssueError.usage("invalid \(option) '\(text)': write a day as YYYY-MM-DD")
            }
            return Timestamp.clampedSeconds(date)
        }
        self.since = try since.map { try day($0, "--since") }
        self.until = try until.map { try day($0, "--until") + 86_399 } ?? Timestamp.clampedSeconds(now)
        self.by = by
        if let start = self.since, start > self.until {
            throw SecIssueError.usage("--since \(since ?? "") is after --until \(until ?? Timestamp.day(now))")
        }
    }
}
