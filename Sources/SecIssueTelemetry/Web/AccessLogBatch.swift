import SecIssueKit
/// What one piece of an access log yields, in line order, for `AccessLogReader` to fold into the
/// run's state: read on any thread, folded in input order, so that the result does not depend on
/// where the log was cut or how many threads read it. Line numbers count from the piece's start.
struct AccessLogBatch: Sendable {
    /// One request that parsed: what the site-wide error rate counts.
    struct Response: Sendable {
        var time: Int64
        var line: Int32
        var status: Int32
    }

    /// What changes the run's findings, in the order the lines hold it.
    enum Event: Sendable {
        /// A 4xx or 5xx response, for the bursts and the directory sweeps.
        case error(route: String, client: String, status: Int, time: Int64, line: Int)
        /// An attack in a request.
        case observation(Observation)
    }

    /// Lines in the piece, parsed or not.
    var lines = 0
    var responses: [Response] = []
    var events: [Event] = []
    var skipped = 0
    /// The first few unusable lines: the line and the problem.
    var problems: [(line: Int, problem: String)] = []

    mutating func skip(_ line: Int, _ problem: String) {
        skipped += 1
        if problems.count < IngestStats.problemLimit { problems.append((line, problem)) }
    }
}
