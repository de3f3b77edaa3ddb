/// `show`: one finding as Markdown, fields first, then the description and the activity log.
public enum FindingMarkdown {
    /// `guides` (those that apply, from the guidance catalog) close the page, as the next thing to read.
    public static func render(_ finding: Finding, today: String, guides: [GuidanceCatalog.Guide] = []) -> String {
        var fields: [(String, String)] = [
            ("status", finding.status.rawValue),
            ("severity", finding.severityLabel),
        ]
        if !finding.cwe.isEmpty { fields.append(("cwe", finding.cwe.map { "CWE-\($0)" }.joined(separator: ", "))) }
        if let location = finding.location { fields.append(("location", location.display)) }
        fields.append(("assignee", finding.assignee ?? "nobody"))
        fields.append(("due", FindingTable.dueText(finding, today: today)))
        fields.append(("reporter", finding.reporter))
        fields.append(("created", finding.created))
        fields.append(("updated", finding.updated))
        if !finding.tags.isEmpty { fields.append(("tags", finding.tags.joined(separator: ", "))) }
        if let source = finding.source {
            fields.append(("source", [source.tool, source.version, source.rule].compactMap { $0 }.joined(separator: " ")))
        }
        let commits = finding.commits
        for (name, hash) in [("introduced", commits.introduced), ("detected", commits.detected), ("fixed", commits.fixed)] {
            if let hash { fields.append(("\(name) in", hash)) }
        }
        if !commits.linked.isEmpty { fields.append(("linked commits", commits.linked.joined(separator: ", "))) }
        if !finding.links.isEmpty { fields.append(("links", finding.links.joined(separator: ", "))) }
        if !finding.guidance.isEmpty { fields.append(("guidance", finding.guidance.joined(separator: ", "))) }
        if let triage = finding.triage {
            if let reason = triage.reason { fields.append(("reason", reason)) }
            if let by = triage.by { fields.append(("triaged by", by)) }
            if let expires = triage.expires { fields.append(("expires", expires)) }
            if let original = triage.duplicateOf { fields.append(("duplicate of", original)) }
        }
        if let confidential = finding.confidential {
            let readers = confidential.readers.isEmpty ? "the keys in .security/recipients" : confidential.readers.joined(separator: ", ")
            fields.append(("confidential", "encrypted to \(readers)"))
        }
        var out = "# \(finding.id): \(finding.title)\n\n"
        out += fields.map { "- **\($0.0)**: \($0.1)\n" }.joined()
        if finding.isSealed {
            out += "\nThis finding is confidential and none of your identities can read it. Only its fields above are in clear; "
                + "ask one of its readers, or set SECISSUE_IDENTITY (or --identity) to your age identity file or SSH key.\n"
        } else if !finding.description.isEmpty {
            out += "\n" + finding.description + "\n"
        }
        out += "\n## Activity\n\n" + finding.activity.map(FindingCodec.activityLine).joined()
        if !guides.isEmpty {
            out += "\n## Guidance\n\n" + guides.map { "- \($0.title): `git secissue guide \($0.id)` (\($0.path))\n" }.joined()
        }
        return out
    }
}
