import Foundation

/// Findings as a SARIF 2.1.0 log that GitHub code scanning accepts: one run of git-secissue,
/// a rule per source rule, human triage as suppressions, code issues as work items.
public enum SARIFExport {
    public static func log(_ findings: [Finding], version: String) -> JSONValue {
        var ruleIDs: [String] = []
        var rules: [JSONValue] = []
        var results: [JSONValue] = []
        for finding in findings {
            let ruleID = finding.source.map { "\($0.tool)/\($0.rule ?? "finding")" } ?? "secissue/manual"
            if !ruleIDs.contains(ruleID) {
                ruleIDs.append(ruleID)
                rules.append(rule(ruleID, finding))
            }
            results.append(result(finding, ruleIndex: ruleIDs.firstIndex(of: ruleID)!, ruleID: ruleID))
        }
        let driver: JSONValue = .object([
            ("name", .string("git-secissue")), ("semanticVersion", .string(version)),
            ("rules", .array(rules)),
        ])
        return .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([("tool", .object([("driver", driver)])), ("results", .array(results))])])),
        ])
    }

    /// GitHub ranks results by a rule's `security-severity`: the middle of each band.
    static func score(_ severity: Severity) -> String {
        switch severity {
        case .critical: return "9.5"
        case .high: return "8.0"
        case .medium: return "5.5"
        case .low: return "2.0"
        case .info: return "0.0"
        }
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: return "error"
        case .medium: return "warning"
        case .low: return "note"
        case .info: return "none"
        }
    }

    private static func rule(_ id: String, _ finding: Finding) -> JSONValue {
        let tags = ["security"] + finding.cwe.map { "external/cwe/cwe-\($0)" }
        return .object([
            ("id", .string(id)),
            ("shortDescription", .object([("text", .string(finding.source == nil ? "Finding filed by hand" : finding.title))])),
            ("properties", .object([("tags", .strings(tags)), ("security-severity", .string(score(finding.severity)))])),
        ])
    }

    private static func result(_ finding: Finding, ruleIndex: Int, ruleID: String) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("ruleId", .string(ruleID)), ("ruleIndex", .int(ruleIndex)), ("level", .string(level(finding.severity))),
            ("message", .object([("text", .string("\(finding.id): \(finding.title)"))])),
        ]
        if let location = finding.location {
            var region: [(String, JSONValue)] = []
            if let line = location.line { region.append(("startLine", .int(line))) }
            if let column = location.column { region.append(("startColumn", .int(column))) }
            if let endLine = location.endLine { region.append(("endLine", .int(endLine))) }
            var physical: [(String, JSONValue)] = [("artifactLocation", .object([("uri", .string(uriPath(location.path)))]))]
            if !region.isEmpty { physical.append(("region", .object(region))) }
            members.append(("locations", .array([.object([("physicalLocation", .object(physical))])])))
        }
        members.append(("partialFingerprints", .object([("secissueFindingId/v1", .string(finding.id))])))
        if [.riskAccepted, .falsePositive, .duplicate].contains(finding.status) {
            let reason = finding.triage?.reason ?? finding.triage?.duplicateOf.map { "duplicate of \($0)" } ?? finding.status.rawValue
            members.append(("suppressions", .array([.object([
                ("kind", .string("external")), ("status", .string("accepted")),
                ("justification", .string("\(finding.status.rawValue): \(reason)")),
            ])])))
        }
        if finding.status == .fixed { members.append(("baselineState", .string("absent"))) }
        let workItems = finding.links.compactMap(workItemURI)
        if !workItems.isEmpty { members.append(("workItemUris", .strings(workItems))) }
        members.append(("properties", .object([
            ("secissue-id", .string(finding.id)), ("secissue-status", .string(finding.status.rawValue)),
            ("secissue-severity", .string(finding.severity.rawValue)),
        ])))
        return .object(members)
    }

    /// A link as an absolute URI: forge references become their web pages; Jira keys a `jira:` URI.
    static func workItemURI(_ link: String) -> String? {
        if link.hasPrefix("https://") { return link }
        if let match = link.range(of: #"^(github|gitlab):(.+)#(\d+)$"#, options: .regularExpression) {
            let body = String(link[match])
            let forge = body.hasPrefix("github:") ? "github" : "gitlab"
            let rest = body.dropFirst(forge.count + 1)
            guard let hash = rest.lastIndex(of: "#") else { return nil }
            let project = rest[..<hash], number = rest[rest.index(after: hash)...]
            return forge == "github" ? "https://github.com/\(project)/issues/\(number)" : "https://gitlab.com/\(project)/-/issues/\(number)"
        }
        return "jira:" + (link.hasPrefix("jira:") ? String(link.dropFirst(5)) : link)
    }

    private static func uriPath(_ path: String) -> String {
        path.split(separator: "/").map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0) }.joined(separator: "/")
    }
}
