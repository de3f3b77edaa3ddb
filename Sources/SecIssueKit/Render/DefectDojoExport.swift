/// Findings as DefectDojo's "Generic Findings Import" JSON, the format its generic parser reads
/// (docs/commands.md#export): a `findings` list whose items carry only the fields that parser
/// allows, with its required `title`, `severity` and `description`. The finding ID is
/// `unique_id_from_tool`, so re-importing into DefectDojo updates rather than duplicates; the
/// status maps to DefectDojo's flags (a settled finding is inactive there, as DefectDojo keeps them).
public enum DefectDojoExport {
    public static func export(_ findings: [Finding], version: String) -> JSONValue {
        .object([
            ("name", .string("git-secissue")), ("type", .string("git-secissue")), ("version", .string(version)),
            ("findings", .array(findings.map(item))),
        ])
    }

    static func item(_ finding: Finding) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("title", .string(finding.title)),
            ("severity", .string(severity(finding.severity))),
            // Required, and DefectDojo renders it as Markdown, which the finding already is.
            ("description", .string(finding.description.isEmpty ? finding.title : finding.description)),
            ("date", .string(String(finding.created.prefix(10)))),
            ("unique_id_from_tool", .string(finding.id)),
        ]
        if let rule = finding.source?.rule { members.append(("vuln_id_from_tool", .string(rule))) }
        // The generic parser takes one CWE per finding: the first, as the file lists them.
        if let cwe = finding.cwe.first { members.append(("cwe", .int(cwe))) }
        if let location = finding.location {
            members.append(("file_path", .string(location.path)))
            if let line = location.line { members.append(("line", .int(line))) }
            members.append(("static_finding", .bool(true)))
        }
        members += [
            ("active", .bool(finding.status.isActive)),
            ("verified", .bool(finding.status == .confirmed)),
            ("false_p", .bool(finding.status == .falsePositive)),
            ("risk_accepted", .bool(finding.status == .riskAccepted)),
            ("is_mitigated", .bool(finding.status == .fixed)),
        ]
        if finding.status == .fixed { members.append(("mitigated", .string(finding.updated))) }
        if let due = finding.due { members.append(("planned_remediation_date", .string(due))) }
        if !finding.links.isEmpty { members.append(("references", .string(finding.links.joined(separator: "\n")))) }
        let tags = finding.tags + (finding.status == .duplicate ? ["duplicate"] : [])
        if !tags.isEmpty { members.append(("tags", .strings(tags))) }
        return .object(members)
    }

    /// DefectDojo's severity names.
    static func severity(_ severity: Severity) -> String {
        severity == .info ? "Info" : severity.rawValue.prefix(1).uppercased() + severity.rawValue.dropFirst()
    }
}
