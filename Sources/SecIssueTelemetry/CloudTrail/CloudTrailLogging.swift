import SecIssueKit
// CloudTrail events: changes to the trails themselves (CWE-778).

extension CloudTrailRules {
    static func trail(_ name: String, _ request: JSONView) -> Change {
        let trail = (request["name"].string ?? request["trailName"].string).map { lastPart($0, after: ":trail/") }
        var change = Change(resource: trail, expected: "trail name", cwe: 778, title: { "CloudTrail trail \($0) changed" })
        switch name {
        case "StopLogging":
            change.severity = .critical
            change.title = { "CloudTrail logging stopped on trail \($0)" }
        case "DeleteTrail":
            change.severity = .critical
            change.title = { "CloudTrail trail \($0) deleted" }
        case "PutEventSelectors":
            change.title = { "CloudTrail event selectors changed on trail \($0)" }
            let selectors = request["eventSelectors"].items.count + request["advancedEventSelectors"].items.count
            change.detail = "trail \(trail ?? "?"): \(selectors) selector\(selectors == 1 ? "" : "s")"
        default:
            let settings = (request.value as? [String: Any])?.keys.filter { $0 != "name" }.sorted() ?? []
            change.detail = "trail \(trail ?? "?")" + (settings.isEmpty ? "" : ", settings \(settings.prefix(6).joined(separator: ", "))")
        }
        if change.detail.isEmpty { change.detail = "trail \(trail ?? "?")" }
        return change
    }
}
