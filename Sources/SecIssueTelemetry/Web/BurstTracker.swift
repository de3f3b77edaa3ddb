import Foundation
import SecIssueKit

/// Finds bursts of error responses: `http-4xx-burst` (a scan, brute force or broken client) and
/// `http-5xx-burst` (something failing, or being made to fail). Responses are counted per route in
/// tumbling windows of `windowSeconds`, aligned to the epoch; a window whose count of 4xx (or 5xx)
/// responses reaches the threshold is a burst, reported once, when the route's next window
/// opens or at the end of the input.
///
/// Logs are mostly in time order, but not strictly: several workers write to one file. A response
/// older than the window its route is in counts in that window rather than reopening an old one,
/// so a late line can only add to a burst that is still open. Memory is bounded: at most
/// `routeLimit` routes are tracked; past that, the routes seen least recently are reported and
/// dropped. Clients are counted in a fixed number of slots per window.
struct BurstTracker {
    static let routeLimit = 10_000

    private let window: Int64
    private let threshold4xx: Int
    private let threshold5xx: Int
    private var routes: [String: RouteWindow] = [:]
    private var clock = 0

    init(policy: TelemetryPolicy) {
        window = Int64(max(1, policy.windowSeconds))
        threshold4xx = max(1, policy.burst4xx)
        threshold5xx = max(1, policy.burst5xx)
    }

    /// Counts one 4xx or 5xx response; other statuses are ignored.
    mutating func record(route: String, client: String, status: Int, time: Int64, line: Int, into aggregate: inout TelemetryAggregate) {
        guard status >= 400 && status < 600 else { return }
        clock += 1
        let start = time >= 0 ? time / window * window : (time - window + 1) / window * window
        let threshold = status < 500 ? threshold4xx : threshold5xx
        // Changed in place through its index, so that the route is hashed once: hashing is much of
        // what a line that comes here costs.
        if let index = routes.index(forKey: route) {
            if start > routes.values[index].start {
                report(route, routes.values[index], into: &aggregate)
                routes.values[index] = RouteWindow(start: start)
            }
            routes.values[index].add(status: status, client: client, line: line, threshold: threshold, clock: clock)
        } else {
            if routes.count >= Self.routeLimit { evict(into: &aggregate) }
            var state = RouteWindow(start: start)
            state.add(status: status, client: client, line: line, threshold: threshold, clock: clock)
            routes[route] = state
        }
    }

    /// Reports the bursts of the windows still open.
    mutating func finish(into aggregate: inout TelemetryAggregate) {
        for (route, state) in routes.sorted(by: { $0.value.lastSeen < $1.value.lastSeen }) {
            report(route, state, into: &aggregate)
        }
        routes.removeAll()
    }

    /// Reports and drops the tenth of the routes seen least recently.
    private mutating func evict(into aggregate: inout TelemetryAggregate) {
        let oldest = routes.sorted { $0.value.lastSeen < $1.value.lastSeen }.prefix(max(1, Self.routeLimit / 10))
        for (route, state) in oldest {
            report(route, state, into: &aggregate)
            routes.removeValue(forKey: route)
        }
    }

    private func report(_ route: String, _ state: RouteWindow, into aggregate: inout TelemetryAggregate) {
        if state.clientErrors.count >= threshold4xx {
            aggregate.add(observation(route, state.start, state.clientErrors, rule: "http-4xx-burst", kind: "4xx", severity: .low))
        }
        if state.serverErrors.count >= threshold5xx {
            aggregate.add(observation(route, state.start, state.serverErrors, rule: "http-5xx-burst", kind: "5xx", severity: .medium))
        }
    }

    private func observation(_ route: String, _ start: Int64, _ counts: ResponseCounts, rule: String, kind: String,
                             severity: Severity) -> Observation {
        let client = counts.clients.top ?? "-"
        let (status, times) = counts.commonestStatus
        let what = times == counts.count ? "\(counts.count) × \(status)" : "\(counts.count) × \(kind) (\(times) × \(status))"
        let from = Timestamp.string(Date(timeIntervalSince1970: TimeInterval(start)))
        return Observation(rule: rule, resource: route, time: start, source: client,
                           sample: "\(what) in \(window) s from \(from) (top client \(client))", severity: severity,
                           title: "Burst of \(kind) responses on \(route)", count: counts.count, line: counts.thresholdLine)
    }
}

/// One route's current window.
private struct RouteWindow {
    let start: Int64
    var lastSeen = 0
    var clientErrors = ResponseCounts()
    var serverErrors = ResponseCounts()

    mutating func add(status: Int, client: String, line: Int, threshold: Int, clock: Int) {
        lastSeen = clock
        if status < 500 {
            clientErrors.add(status: status, client: client, line: line, threshold: threshold)
        } else {
            serverErrors.add(status: status, client: client, line: line, threshold: threshold)
        }
    }
}

/// The 4xx (or 5xx) responses of one window.
private struct ResponseCounts {
    var count = 0
    /// The line where the count reached the threshold.
    var thresholdLine = 0
    /// Each status and its count, in a list: a window rarely holds more than three.
    var statuses: [(status: Int, count: Int)] = []
    var clients = BusiestClients()

    mutating func add(status: Int, client: String, line: Int, threshold: Int) {
        count += 1
        if count == threshold { thresholdLine = line }
        if let index = statuses.firstIndex(where: { $0.status == status }) {
            statuses[index].count += 1
        } else {
            statuses.append((status, 1))
        }
        clients.add(client)
    }

    /// The status seen most often (the lowest on a tie) and how often.
    var commonestStatus: (status: Int, count: Int) {
        statuses.max { ($0.count, $1.status) < ($1.count, $0.status) } ?? (0, 0)
    }
}

/// The busiest clients in a fixed number of slots (the Misra–Gries summary): a client with more
/// than a `slots + 1`th of the responses is sure to hold a slot, so the top one is right whenever
/// one client stands out, however many others there are.
private struct BusiestClients {
    static let slots = 32
    private var counts: [String: Int] = [:]

    mutating func add(_ client: String) {
        if let index = counts.index(forKey: client) {
            counts.values[index] += 1
        } else if counts.count < Self.slots {
            counts[client] = 1
        } else {
            for (other, count) in counts {
                counts[other] = count > 1 ? count - 1 : nil
            }
        }
    }

    var top: String? {
        counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }
}
