import SecIssueKit
/// Observations folded into one summary per rule and resource, in memory that is bounded
/// by the number of summaries (capped) rather than by the size of the input.
public struct TelemetryAggregate {
    public struct Summary: Sendable {
        public var rule: String
        public var resource: String
        public var title: String
        public var severity: Severity
        public var cwe: Int?
        public var count = 0
        public var firstSeen = Int64.max
        public var lastSeen = Int64.min
        /// Events per source; trimmed to the busiest when it grows past `sourceLimit`.
        public var sources: [String: Int] = [:]
        /// The first few samples, redacted.
        public var samples: [String] = []
        /// The last event time an earlier ingest counted for this rule and resource (see `cutoffs`).
        var cutoff: Int64?

        /// The busiest sources, most events first.
        public func topSources(_ limit: Int = 5) -> [(source: String, count: Int)] {
            sources.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(limit).map { ($0.key, $0.value) }
        }
    }

    public static let summaryLimit = 10_000
    static let sourceLimit = 1_000
    static let sampleLimit = 3

    /// What a summary is kept under: its rule and resource, hashed as they are rather than joined
    /// into one string for every observation.
    public struct Key: Hashable, Sendable {
        public let rule: String
        public let resource: String
    }

    public private(set) var summaries: [Key: Summary] = [:]
    /// Observations dropped because `summaryLimit` distinct rule/resource pairs were already held.
    public private(set) var overflow = 0
    /// Observations skipped because an earlier ingest already counted them (see `cutoffs`).
    public private(set) var alreadyCounted = 0
    /// Per identity key of a stored finding (`TelemetryFindings.identityKey`), the last time an
    /// earlier run counted: observations at or before it are skipped, so ingesting the same log
    /// twice counts it once and a newer log adds to the counts. Looked up once per rule and resource.
    public var cutoffs: [String: Int64] = [:]

    /// Sees every observation that counts (for `--matches`), before it is folded.
    public var observer: ((Observation) -> Void)?

    public init(cutoffs: [String: Int64] = [:]) {
        self.cutoffs = cutoffs
    }

    public mutating func add(_ observation: Observation) {
        let key = Key(rule: observation.rule, resource: observation.resource)
        // Found once and changed in place through its index: a copy of a summary costs more than
        // folding an observation into it.
        var found = summaries.index(forKey: key)
        if found == nil {
            let cutoff = cutoffs[TelemetryFindings.identityKey(rule: observation.rule, resource: observation.resource)]
            guard summaries.count < Self.summaryLimit else {
                if let cutoff, observation.time <= cutoff { alreadyCounted += observation.count } else { overflow += observation.count }
                return
            }
            var summary = Summary(rule: observation.rule, resource: observation.resource, title: observation.title,
                                  severity: observation.severity, cwe: observation.cwe)
            summary.cutoff = cutoff
            summaries[key] = summary
            found = summaries.index(forKey: key)
        }
        guard let index = found else { return }
        if let cutoff = summaries.values[index].cutoff, observation.time <= cutoff {
            alreadyCounted += observation.count
            return
        }
        observer?(observation)
        summaries.values[index].fold(observation)
    }

    /// False when the summary of `rule` and `resource` already holds its samples: the caller may
    /// then leave an observation's sample empty rather than make one (redacting a request costs
    /// more than detecting the attack in it).
    public func needsSample(rule: String, resource: String) -> Bool {
        guard let index = summaries.index(forKey: Key(rule: rule, resource: resource)) else { return true }
        return summaries.values[index].samples.count < Self.sampleLimit
    }

    /// Summaries with events counted in this run, sorted by rule, then resource.
    public var sorted: [Summary] {
        summaries.values.filter { $0.count > 0 }.sorted { ($0.rule, $0.resource) < ($1.rule, $1.resource) }
    }
}

extension TelemetryAggregate.Summary {
    mutating func fold(_ observation: Observation) {
        count += observation.count
        firstSeen = min(firstSeen, observation.time)
        lastSeen = max(lastSeen, observation.time)
        if observation.severity > severity {
            severity = observation.severity
            title = observation.title
        }
        sources[observation.source, default: 0] += observation.count
        if sources.count > TelemetryAggregate.sourceLimit {
            sources = Dictionary(uniqueKeysWithValues: topSources(TelemetryAggregate.sourceLimit / 2).map { ($0.source, $0.count) })
        }
        if samples.count < TelemetryAggregate.sampleLimit, !observation.sample.isEmpty, !samples.contains(observation.sample) {
            samples.append(observation.sample)
        }
    }
}
