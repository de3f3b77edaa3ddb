import Foundation
import SecIssueKit

/// Reconnaissance seen across routes, which the per-route bursts of `BurstTracker` cannot see:
///
/// - `forced-browsing` (CWE-425): one client answered 4xx on at least `clientPaths4xx` distinct
///   routes within one window, as a directory sweep (gobuster, wfuzz, dirb) is. Reported once per
///   client and window, on the deepest directory all its routes share (`/` for a whole-site sweep).
/// - `http-4xx-rate` and `http-5xx-rate`: a window whose share of 4xx (5xx) responses is at least
///   `rateFactor` times the log's own median share, with at least `rateMinimum` such responses:
///   "an increase in errors" measured against this site's normal, not a fixed number. Decided at
///   the end of the input, when the median is known.
///
/// Windows are tumbling and aligned to the epoch, as the bursts' are. Memory is bounded: at most
/// `clientLimit` clients (the least recently seen are reported and dropped past that), at most
/// `pathLimit` routes remembered per client, at most `windowLimit` windows counted for the rate.
struct ReconTracker {
    static let clientLimit = 10_000
    static let pathLimit = 1_000
    static let windowLimit = 200_000

    private let window: Int64
    private let threshold: Int
    private let rateFactor: Int
    private let rateMinimum: Int
    private var clients: [String: ClientWindow] = [:]
    private var clock = 0
    /// Responses per window for the site-wide rate; the window being filled is kept apart, as
    /// most lines fall into the same window as the line before.
    private var windows: [Int64: SiteWindow] = [:]
    private var current = SiteWindow()
    private var currentStart = Int64.min

    init(policy: TelemetryPolicy) {
        window = Int64(max(1, policy.windowSeconds))
        threshold = max(1, policy.clientPaths4xx)
        rateFactor = max(2, policy.rateFactor)
        rateMinimum = max(1, policy.rateMinimum)
    }

    private func start(_ time: Int64) -> Int64 { time >= 0 ? time / window * window : (time - window + 1) / window * window }

    /// Counts one response of any status for the site-wide rate.
    @inline(__always)
    mutating func count(status: Int, time: Int64, line: Int) {
        // Most lines fall in the window of the line before: no division for them.
        if time < currentStart || time >= currentStart &+ window || currentStart == Int64.min {
            switchWindow(to: time >= 0 ? time - time % window : self.start(time))
        }
        current.total += 1
        if status >= 400 && status < 600 {
            if status < 500 {
                current.clientErrors += 1
                if current.clientErrors == rateMinimum { current.line4xx = line }
            } else {
                current.serverErrors += 1
                if current.serverErrors == rateMinimum { current.line5xx = line }
            }
        }
    }

    private mutating func switchWindow(to start: Int64) {
        if currentStart != Int64.min && current.total > 0 {
            if var stored = windows[currentStart] {
                stored.merge(current)
                windows[currentStart] = stored
            } else if windows.count < Self.windowLimit {
                windows[currentStart] = current
            }
        }
        currentStart = start
        current = SiteWindow()
    }

    /// Counts one 4xx response of `client` on `route`.
    mutating func record4xx(route: String, client: String, time: Int64, line: Int, into aggregate: inout TelemetryAggregate) {
        clock += 1
        let start = start(time)
        if let index = clients.index(forKey: client) {
            if start > clients.values[index].start {
                report(client, clients.values[index], into: &aggregate)
                clients.values[index] = ClientWindow(start: start)
            }
            clients.values[index].add(route, line: line, threshold: threshold, clock: clock)
        } else {
            if clients.count >= Self.clientLimit { evict(into: &aggregate) }
            var state = ClientWindow(start: start)
            state.add(route, line: line, threshold: threshold, clock: clock)
            clients[client] = state
        }
    }

    mutating func finish(into aggregate: inout TelemetryAggregate) {
        for (client, state) in clients.sorted(by: { $0.value.lastSeen < $1.value.lastSeen }) {
            report(client, state, into: &aggregate)
        }
        clients.removeAll()
        switchWindow(to: Int64.min)
        reportRates(into: &aggregate)
    }

    private mutating func evict(into aggregate: inout TelemetryAggregate) {
        let oldest = clients.sorted { $0.value.lastSeen < $1.value.lastSeen }.prefix(max(1, Self.clientLimit / 10))
        for (client, state) in oldest {
            report(client, state, into: &aggregate)
            clients.removeValue(forKey: client)
        }
    }

    private func report(_ client: String, _ state: ClientWindow, into aggregate: inout TelemetryAggregate) {
        guard state.paths.count >= threshold else { return }
        let from = Timestamp.string(Date(timeIntervalSince1970: TimeInterval(state.start)))
        let distinct = state.paths.count >= Self.pathLimit ? "\(Self.pathLimit)+" : "\(state.paths.count)"
        let resource = ClientWindow.sharedDirectory(state.paths)
        var observation = Observation(
            rule: "forced-browsing", resource: resource, time: state.start, source: client,
            sample: "\(distinct) distinct routes answered 4xx (\(state.responses) responses) in \(window) s from \(from) (client \(client))",
            severity: .low, cwe: 425, title: "Forced browsing (directory sweep) under \(resource)", count: state.responses,
            line: state.thresholdLine)
        observation.reason = "\(distinct) distinct routes answered 4xx for one client within \(window) s (threshold \(threshold))"
        aggregate.add(observation)
    }

    /// The windows whose error share stands out from the log's median share.
    private func reportRates(into aggregate: inout TelemetryAggregate) {
        let busy = windows.filter { $0.value.total >= rateMinimum }
        guard busy.count >= 3 else { return }
        for (kind, severity) in [("4xx", Severity.low), ("5xx", Severity.medium)] {
            func errors(_ window: SiteWindow) -> Int { kind == "4xx" ? window.clientErrors : window.serverErrors }
            let shares = busy.values.map { Double(errors($0)) / Double($0.total) }.sorted()
            let median = shares[shares.count / 2]
            // With no errors in a normal window, any share counts as a rise; it still needs rateMinimum responses.
            let floor = max(median * Double(rateFactor), median + 0.05)
            for (start, counts) in windows.sorted(by: { $0.key < $1.key }) where errors(counts) >= rateMinimum {
                let share = Double(errors(counts)) / Double(counts.total)
                guard share >= floor else { continue }
                let from = Timestamp.string(Date(timeIntervalSince1970: TimeInterval(start)))
                let percent = { (value: Double) in String(format: "%.1f%%", value * 100) }
                var observation = Observation(
                    rule: "http-\(kind)-rate", resource: "/", time: start, source: "site",
                    sample: "\(errors(counts)) of \(counts.total) responses were \(kind) (\(percent(share))) in \(window) s from \(from); "
                        + "the log's median is \(percent(median))",
                    severity: severity, title: "Rise in \(kind) responses across the site", count: errors(counts),
                    line: kind == "4xx" ? counts.line4xx : counts.line5xx)
                observation.reason = "\(percent(share)) \(kind) in one window against a median of \(percent(median)) "
                    + "(factor \(rateFactor), at least \(rateMinimum) responses)"
                aggregate.add(observation)
            }
        }
    }
}

/// The responses of one window across the site.
private struct SiteWindow {
    var total = 0
    var clientErrors = 0
    var serverErrors = 0
    var line4xx = 0
    var line5xx = 0

    mutating func merge(_ other: SiteWindow) {
        total += other.total
        clientErrors += other.clientErrors
        serverErrors += other.serverErrors
        if line4xx == 0 { line4xx = other.line4xx }
        if line5xx == 0 { line5xx = other.line5xx }
    }
}

/// One client's 4xx routes in its current window.
private struct ClientWindow {
    let start: Int64
    var lastSeen = 0
    var responses = 0
    var paths: Set<String> = []
    var thresholdLine = 0

    mutating func add(_ route: String, line: Int, threshold: Int, clock: Int) {
        lastSeen = clock
        responses += 1
        guard paths.count < ReconTracker.pathLimit, paths.insert(route).inserted else { return }
        if paths.count == threshold { thresholdLine = line }
    }

    /// The deepest directory that all `routes` share (`/admin/` for `/admin/a.php` and
    /// `/admin/b/`), worked out only for a window that is reported.
    static func sharedDirectory(_ routes: Set<String>) -> String {
        var prefix: String?
        for route in routes {
            let directory = route.hasSuffix("/") ? route : String(route[...(route.lastIndex(of: "/") ?? route.startIndex)])
            guard let current = prefix else { prefix = directory; continue }
            var common = current
            while !common.isEmpty && !directory.hasPrefix(common) {
                common.removeLast()
                while let last = common.last, last != "/" { common.removeLast() }
            }
            prefix = common.isEmpty ? "/" : common
        }
        return prefix ?? "/"
    }
}
