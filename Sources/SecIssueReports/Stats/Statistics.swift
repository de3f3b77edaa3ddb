import SecIssueKit

/// The numbers of `stats` and `report` for one repository or a roll-up of several: additive
/// counts, plus the remediation times they average. `RepositoryHistory` → `Statistics(history:query:)`;
/// several → `Statistics.combined`.
public struct Statistics: Sendable {
    public struct Period: Sendable {
        public let label: String
        public let start: Int64
        /// Active findings at the end of the period, by severity rank (critical first).
        public var open: [Int]
        public var new: Int
        public var fixed: Int
    }

    /// One fix recorded in the window: how long from the finding's first appearance, in seconds.
    public struct Fix: Sendable {
        public let severity: Severity
        public let seconds: Int64
        public let withinSLA: Bool?
    }

    public struct Breakdown: Sendable {
        public var open = 0
        public var fixed = 0
    }

    /// An active finding at `until`, for the report's list.
    public struct OpenFinding: Sendable {
        public let repository: String
        public let record: FindingRecord
        public let firstSeen: Int64
        public let overdue: Bool
        public let webURL: String?
        /// The commit the repository was read at, for links to the host.
        public let commit: String
        /// The finding's file at that commit.
        public let filePath: String
    }

    public static let ageBuckets: [(label: String, upTo: Int64)] = [
        ("0-7 days", 7), ("8-30 days", 30), ("31-90 days", 90), ("91-180 days", 180), ("181-365 days", 365), ("over 365 days", .max),
    ]

    public let query: StatsQuery
    public var periods: [Period]
    public var fixes: [Fix] = []
    /// Active findings at `until` per severity rank, and those past their SLA.
    public var open = [Int](repeating: 0, count: Severity.allCases.count)
    public var overdue = [Int](repeating: 0, count: Severity.allCases.count)
    public var slaDays: [Severity: Int] = [:]
    public var ages = [Int](repeating: 0, count: Statistics.ageBuckets.count)
    public var byTool: [String: Breakdown] = [:]
    public var byRule: [String: Breakdown] = [:]
    public var byCWE: [String: Breakdown] = [:]
    public var byPath: [String: Breakdown] = [:]
    public var byOwner: [String: Breakdown] = [:]
    public var openFindings: [OpenFinding] = []
    /// One entry per repository in a roll-up (its own totals); empty for a single repository.
    public var repositories: [(name: String, stats: Statistics)] = []
    public var unreadable = 0

    /// The periods of `query` from `firstTime` (the first step, when --since is not given).
    public static func grid(_ query: StatsQuery, firstTime: Int64?) throws -> [Period] {
        let from = query.since ?? min(firstTime ?? query.until, query.until)
        return try query.by.periods(from: from, to: query.until).map {
            Period(label: query.by.label($0.start), start: $0.start, open: [Int](repeating: 0, count: Severity.allCases.count), new: 0, fixed: 0)
        }
    }

    public init(history: RepositoryHistory, query: StatsQuery, periods: [Period]) {
        self.query = query
        self.periods = periods
        slaDays = history.slaDays
        unreadable = history.unreadable
        var state: [String: FindingRecord] = [:]
        var firstSeen: [String: Int64] = [:]
        var running = [Int](repeating: 0, count: Severity.allCases.count)
        // The open counts after each step, to read each period's closing posture from.
        var after: [(time: Int64, open: [Int])] = []
        let since = query.since ?? .min
        func period(of time: Int64) -> Int? {
            guard let first = periods.first, time >= first.start, time <= query.until else { return nil }
            var low = 0, high = periods.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if periods[middle].start <= time { low = middle } else { high = middle - 1 }
            }
            return low
        }
        for step in history.steps where step.time <= query.until {
            for (id, record) in step.changes {
                let old = state[id]
                if let old, old.status.isActive { running[old.severity.rank] -= 1 }
                if let record, record.status.isActive { running[record.severity.rank] += 1 }
                if let record {
                    if firstSeen[id] == nil {
                        firstSeen[id] = step.time
                        if let index = period(of: step.time) { self.periods[index].new += 1 }
                    }
                    if record.status == .fixed, let old, old.status != .fixed {
                        if let index = period(of: step.time) { self.periods[index].fixed += 1 }
                        if step.time >= since {
                            let seconds = step.time - (firstSeen[id] ?? step.time)
                            let sla = history.slaDays[record.severity].map { seconds <= Int64($0) * 86_400 }
                            fixes.append(Fix(severity: record.severity, seconds: seconds, withinSLA: sla))
                            Self.count(record, in: &byTool, &byRule, &byCWE, &byPath, &byOwner) { $0.fixed += 1 }
                        }
                    }
                    state[id] = record
                } else {
                    state[id] = nil
                }
            }
            after.append((step.time, running))
        }
        var stepIndex = 0
        for index in periods.indices {
            let end = periods[index].start == periods.last?.start ? query.until + 1 : periods[index + 1].start
            while stepIndex < after.count && after[stepIndex].time < end { stepIndex += 1 }
            if stepIndex > 0 { self.periods[index].open = after[stepIndex - 1].open }
        }
        open = running
        for (id, record) in state where record.status.isActive {
            let seen = firstSeen[id] ?? query.until
            let age = max(0, query.until - seen) / 86_400
            ages[Self.ageBuckets.firstIndex { age <= $0.upTo } ?? Self.ageBuckets.count - 1] += 1
            let late = history.slaDays[record.severity].map { seen + Int64($0) * 86_400 < query.until } ?? false
            if late { overdue[record.severity.rank] += 1 }
            Self.count(record, in: &byTool, &byRule, &byCWE, &byPath, &byOwner) { $0.open += 1 }
            openFindings.append(OpenFinding(repository: history.name, record: record, firstSeen: seen, overdue: late, webURL: history.webURL,
                                                    commit: history.tip.hex, filePath: history.findingPaths[id] ?? FindingLayout.flat.path(of: id)))
        }
        openFindings.sort { ($0.record.severity.rank, $0.firstSeen, $0.record.id) < ($1.record.severity.rank, $1.firstSeen, $1.record.id) }
    }

    /// The keys a finding is counted under in each breakdown.
    static func count(_ record: FindingRecord, in tool: inout [String: Breakdown], _ rule: inout [String: Breakdown],
                      _ cwe: inout [String: Breakdown], _ path: inout [String: Breakdown], _ owner: inout [String: Breakdown],
                      _ change: (inout Breakdown) -> Void) {
        change(&tool[record.tool ?? "(manual)", default: Breakdown()])
        change(&rule[record.rule ?? "(none)", default: Breakdown()])
        for key in record.cwe.isEmpty ? ["(none)"] : record.cwe.map({ "CWE-\($0)" }) { change(&cwe[key, default: Breakdown()]) }
        change(&path[Self.pathPrefix(record.path), default: Breakdown()])
        change(&owner[record.assignee ?? "(unassigned)", default: Breakdown()])
    }

    /// The top directory of a location (`app/`), or the file itself at the root.
    public static func pathPrefix(_ path: String?) -> String {
        guard let path else { return "(no path)" }
        guard let slash = path.firstIndex(of: "/") else { return path }
        return String(path[...slash])
    }

    /// Several repositories' numbers added up on one grid, each kept for the per-repository breakdown.
    public static func combined(_ parts: [(name: String, stats: Statistics)], query: StatsQuery, periods: [Period]) -> Statistics {
        guard parts.count != 1 else { return parts[0].stats }
        var total = Statistics(query: query, periods: periods)
        for (_, part) in parts {
            for index in total.periods.indices where part.periods.indices.contains(index) {
                total.periods[index].new += part.periods[index].new
                total.periods[index].fixed += part.periods[index].fixed
                for rank in total.open.indices { total.periods[index].open[rank] += part.periods[index].open[rank] }
            }
            for rank in total.open.indices {
                total.open[rank] += part.open[rank]
                total.overdue[rank] += part.overdue[rank]
            }
            for bucket in total.ages.indices { total.ages[bucket] += part.ages[bucket] }
            total.fixes += part.fixes
            let breakdowns: [WritableKeyPath<Statistics, [String: Breakdown]>] = [\.byTool, \.byRule, \.byCWE, \.byPath, \.byOwner]
            for breakdown in breakdowns {
                for (key, value) in part[keyPath: breakdown] {
                    total[keyPath: breakdown][key, default: Breakdown()].open += value.open
                    total[keyPath: breakdown][key, default: Breakdown()].fixed += value.fixed
                }
            }
            total.openFindings += part.openFindings
            total.unreadable += part.unreadable
        }
        total.openFindings.sort { ($0.record.severity.rank, $0.firstSeen, $0.record.id) < ($1.record.severity.rank, $1.firstSeen, $1.record.id) }
        // SLA days may differ between repositories: each fix and overdue count already used its own.
        total.slaDays = parts.count == 1 ? parts[0].stats.slaDays : [:]
        total.repositories = parts
        return total
    }

    private init(query: StatsQuery, periods: [Period]) {
        self.query = query
        self.periods = periods
    }

    /// Mean and median seconds to remediate, per severity, over the fixes in the window.
    public func remediation(_ severity: Severity) -> (count: Int, mean: Int64, median: Int64)? {
        let seconds = fixes.filter { $0.severity == severity }.map(\.seconds).sorted()
        guard !seconds.isEmpty else { return nil }
        // Times are held to the years 0000...9999 (RepositoryHistory), so these sums cannot overflow.
        let sum = seconds.reduce(0, +)
        let middle = seconds.count / 2
        let median = seconds.count % 2 == 1 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2
        return (seconds.count, sum / Int64(seconds.count), median)
    }

    /// The keys of a breakdown, most open first, then most fixed, then by name.
    public static func ranked(_ breakdown: [String: Breakdown]) -> [(key: String, value: Breakdown)] {
        breakdown.sorted { ($1.value.open, $1.value.fixed, $0.key) < ($0.value.open, $0.value.fixed, $1.key) }
    }
}
