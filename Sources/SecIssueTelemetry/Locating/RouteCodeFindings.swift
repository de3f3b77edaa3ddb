import SecIssueKit

/// The findings of scanners and people about the code of each route telemetry saw: those located
/// in the file that declares the route, at or below its declaration and above the next route
/// declared there (of the routes this ingest located). An attack on a route whose code findings
/// are all fixed is an attempt: evidence that someone tried, not a vulnerability.
struct RouteCodeFindings {
    /// Per resource, its code findings, by ID.
    private(set) var byResource: [String: [Finding]] = [:]

    init() {}

    init(_ findings: [Finding], locations: [String: Finding.Location]) {
        var declarations: [String: [(line: Int, resource: String)]] = [:]
        for (resource, location) in locations where resource.hasPrefix("/") {
            guard let line = location.line else { continue }
            declarations[location.path, default: []].append((line, resource))
        }
        for key in declarations.keys { declarations[key]!.sort { ($0.line, $0.resource) < ($1.line, $1.resource) } }
        for finding in findings where finding.source?.tool != TelemetryFindings.tool {
            guard let location = finding.location, let line = location.line, let routes = declarations[location.path],
                  let route = routes.last(where: { $0.line <= line }) else { continue }
            byResource[route.resource, default: []].append(finding)
        }
        for key in byResource.keys { byResource[key]!.sort { $0.id < $1.id } }
    }

    /// True when `resource` has code findings and every one of them is fixed.
    func isFixed(_ resource: String) -> Bool {
        guard let findings = byResource[resource], !findings.isEmpty else { return false }
        return findings.allSatisfy { $0.status == .fixed }
    }

    /// The rules whose observations are attacks on a route (not bursts, sweeps or cloud changes).
    static let attackRules: Set<String> = ["sqli", "xss", "path-traversal", "cmdi"]
}
