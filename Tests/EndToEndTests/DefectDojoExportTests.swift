import Foundation
import Testing
import TestSupport

/// Issue 16, item 4: `export --format defectdojo` writes DefectDojo's "Generic Findings Import"
/// JSON. The field lists are facts from DefectDojo's generic JSON parser (dojo/tools/generic/
/// json_parser.py: the required and the allowed keys, anything else is refused there).
@Suite("DefectDojo export", .scratchDirectory)
struct DefectDojoExportTests {
    static let required: Set<String> = ["title", "severity", "description"]
    static let allowed: Set<String> = required.union([
        "date", "cwe", "cve", "epss_score", "epss_percentile", "cvssv3", "cvssv3_score", "cvssv4", "cvssv4_score", "mitigation",
        "impact", "steps_to_reproduce", "severity_justification", "references", "active", "verified", "false_p", "out_of_scope",
        "risk_accepted", "under_review", "is_mitigated", "thread_id", "mitigated", "numerical_severity", "param", "payload", "line",
        "file_path", "component_name", "component_version", "static_finding", "dynamic_finding", "scanner_confidence",
        "unique_id_from_tool", "vuln_id_from_tool", "sast_source_object", "sast_sink_object", "sast_source_line",
        "sast_source_file_path", "nb_occurences", "publish_date", "service", "planned_remediation_date",
        "planned_remediation_version", "effort_for_fixing", "tags", "endpoints", "files", "vulnerability_ids", "cwes",
        "kev_date", "known_exploited", "ransomware_used", "fix_available", "fix_version",
    ])

    func export(_ sandbox: Sandbox, _ repo: String, _ extra: [String] = []) throws -> [String: Any] {
        let result = try sandbox.run(Sandbox.binary, ["export", "--format", "defectdojo"] + extra, in: repo)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test("every item has DefectDojo's required fields and only fields its generic parser allows; statuses map to its flags")
    func shape() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        #expect(try sandbox.secissue("import", Fixtures.sarif("bandit.sarif"), in: repo).status == 0)
        let ids = try sandbox.findings(in: repo).compactMap { $0["id"] as? String }
        #expect(try sandbox.secissue("status", ids[0], "confirmed", in: repo).status == 0)
        #expect(try sandbox.secissue("status", ids[1], "false-positive", "--reason", "Constant", in: repo).status == 0)
        #expect(try sandbox.secissue("close", ids[2], in: repo).status == 0)
        #expect(try sandbox.secissue("link", ids[0], "--issue", "SHOP-1", in: repo).status == 0)
        let log = try export(sandbox, repo, ["--all"])
        #expect(log["name"] as? String == "git-secissue")
        let items = try #require(log["findings"] as? [[String: Any]])
        #expect(items.count == ids.count)
        for item in items {
            #expect(Self.required.isSubset(of: item.keys), "\(item.keys)")
            #expect(Set(item.keys).isSubset(of: Self.allowed), "\(Set(item.keys).subtracting(Self.allowed))")
            #expect(["Critical", "High", "Medium", "Low", "Info"].contains(item["severity"] as? String ?? ""))
            #expect((item["date"] as? String)?.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil)
            #expect(item["static_finding"] as? Bool == true && item["file_path"] is String && item["line"] is Int)
        }
        func item(_ id: String) -> [String: Any]? { items.first { $0["unique_id_from_tool"] as? String == id } }
        #expect(item(ids[0])?["verified"] as? Bool == true && item(ids[0])?["active"] as? Bool == true)
        #expect(item(ids[0])?["references"] as? String == "SHOP-1")
        #expect(item(ids[1])?["false_p"] as? Bool == true && item(ids[1])?["active"] as? Bool == false)
        #expect(item(ids[2])?["is_mitigated"] as? Bool == true && item(ids[2])?["mitigated"] is String)
        let sql = try #require(items.first { $0["vuln_id_from_tool"] as? String == "B608" })
        #expect(sql["cwe"] as? Int == 89)
        // Without --all, fixed findings are left out, as for the other formats.
        #expect((try export(sandbox, repo)["findings"] as? [Any])?.count == ids.count - 1)
    }

    @Test("the export imports back: the active findings arrive with their title, severity, CWE, place and confirmation")
    func roundTrip() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        #expect(try sandbox.secissue("import", Fixtures.sarif("bandit.sarif"), in: repo).status == 0)
        let original = try sandbox.findings(in: repo)
        let confirmed = try #require(original.first?["id"] as? String)
        #expect(try sandbox.secissue("status", confirmed, "confirmed", in: repo).status == 0)
        let settled = try #require(original.last?["id"] as? String)
        #expect(try sandbox.secissue("status", settled, "false-positive", "--reason", "Constant", in: repo).status == 0)
        let file = sandbox.path("dojo.json")
        let result = try sandbox.run(Sandbox.binary, ["export", "--format", "defectdojo"], in: repo)
        try result.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        let other = try sandbox.sampleRepository("other")
        let imported = try sandbox.secissue("import", file, in: other)
        #expect(imported.status == 0, "\(imported.stderr)")
        let back = try sandbox.findings(in: other)
        #expect(back.count == original.count - 1, "DefectDojo keeps false positives inactive, and inactive findings are not imported")
        for finding in original where finding["id"] as? String != settled {
            let rule = (finding["source"] as? [String: Any])?["rule"] as? String
            let location = finding["location"] as? [String: Any]
            let match = back.first { ($0["source"] as? [String: Any])?["fingerprint"] as? String == "v1/defectdojo:\(finding["id"] as? String ?? "")" }
            #expect(match?["title"] as? String == finding["title"] as? String)
            #expect(match?["severity"] as? String == finding["severity"] as? String)
            #expect((match?["cwe"] as? [Int])?.first == (finding["cwe"] as? [Int])?.first)
            #expect((match?["source"] as? [String: Any])?["rule"] as? String == rule)
            let place = match?["location"] as? [String: Any]
            #expect(place?["path"] as? String == location?["path"] as? String && place?["line"] as? Int == location?["line"] as? Int)
            #expect((match?["status"] as? String == "confirmed") == (finding["id"] as? String == confirmed))
        }
    }
}
