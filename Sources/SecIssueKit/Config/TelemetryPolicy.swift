/// `telemetry:` in config.yml: burst thresholds, how attempts on fixed routes are filed, and the
/// field names of JSON-lines access logs.
public struct TelemetryPolicy: Sendable, Equatable {
    /// Length of the window over which responses are counted per route, in seconds.
    public var windowSeconds = 60
    /// A route with at least this many 4xx responses in one window is a burst.
    public var burst4xx = 50
    /// A route with at least this many 5xx responses in one window is a burst.
    public var burst5xx = 20
    /// A client answered 4xx on at least this many distinct routes in one window is sweeping the
    /// site (forced browsing).
    public var clientPaths4xx = 20
    /// A window whose share of 4xx (or 5xx) responses is at least this many times the log's own
    /// median share, and at least `rateMinimum` responses, raises `http-4xx-rate` (`http-5xx-rate`).
    public var rateFactor = 4
    public var rateMinimum = 20
    /// The severity of attacks on a route whose code finding is fixed (`attempts.severity`): they
    /// are evidence that someone tried, not a vulnerability.
    public var attemptSeverity = Severity.low
    /// True when such attempts fail the gate at `gate.fail_on` like any finding (`attempts.gate`).
    public var gateAttempts = false
    /// How much of a client address findings keep (`client_addresses`).
    public var clientAddresses = ClientAddressPolicy.truncated
    /// The JSON field holding each part of a request, for `--input jsonl`.
    public var fields = JSONLFields()

    public struct JSONLFields: Sendable, Equatable {
        public var time = "time"
        public var client = "remote_addr"
        public var method = "method"
        /// The request target (path and query); `request` ("GET /x HTTP/1.1") is read when absent.
        public var path = "uri"
        public var request = "request"
        public var status = "status"
        public var userAgent = "http_user_agent"

        public init() {}
    }

    public init() {}
}
