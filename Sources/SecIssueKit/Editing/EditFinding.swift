import Foundation

/// `edit` and `new` in the editor: what the user saved, checked before anything is written.
public enum EditFinding {
    /// The edited file with `updated` and an `edited` activity line; nil when nothing changed.
    /// A malformed edit throws a `FileProblem` (path, line, field).
    /// When the severity changed and the due date did not, the due date follows the new severity's SLA.
    public static func accept(_ edited: String, original: StoredFinding, stamp: Stamp, config: Config) throws -> String? {
        guard edited != original.text else { return nil }
        var finding = try FindingCodec.decode(edited, path: original.path)
        guard finding.id == original.finding.id else {
            throw FileProblem(path: original.path, line: 2, message: "id: changed from \(original.finding.id) to \(finding.id); the ID cannot change")
        }
        if original.finding.isConfidential && !finding.isConfidential {
            throw FileProblem(path: original.path, line: nil,
                              message: "confidential: was removed; a confidential finding is made plaintext only by git secissue disclose once fixed")
        }
        let before = finding
        let old = original.finding
        if finding.severity != old.severity && finding.due == old.due, let created = Timestamp.parse(finding.created) {
            finding.due = config.dueDate(for: finding.severity, created: created)
        }
        finding.updated = stamp.timestamp
        finding.activity.append("\(stamp.timestamp) \(stamp.person) edited \(changes(from: old, to: finding))")
        return try FindingCodec.rewrite(edited, from: before, to: finding, path: original.path)
    }

    /// What an edit changed, for the activity line: `title, severity high -> critical, description`.
    static func changes(from old: Finding, to new: Finding) -> String {
        var parts: [String] = []
        if old.title != new.title { parts.append("title") }
        if old.status != new.status { parts.append("status \(old.status.rawValue) -> \(new.status.rawValue)") }
        if old.severity != new.severity { parts.append("severity \(old.severity.rawValue) -> \(new.severity.rawValue)") }
        if old.assignee != new.assignee { parts.append("assignee \(old.assignee ?? "nobody") -> \(new.assignee ?? "nobody")") }
        if old.due != new.due { parts.append("due \(old.due ?? "none") -> \(new.due ?? "none")") }
        let fields: [(String, Bool)] = [
            ("cwe", old.cwe != new.cwe), ("tags", old.tags != new.tags), ("location", old.location != new.location),
            ("links", old.links != new.links), ("guidance", old.guidance != new.guidance), ("commits", old.commits != new.commits),
            ("triage", old.triage != new.triage), ("source", old.source != new.source), ("description", old.description != new.description),
            ("confidential", (old.confidential == nil) != (new.confidential == nil)),
        ]
        parts += fields.filter(\.1).map(\.0)
        return parts.isEmpty ? "(formatting or other fields)" : parts.joined(separator: ", ")
    }

    /// A `NewFinding` from the editor template as the user filled it in; nil when the title is empty.
    public static func newFinding(fromTemplate text: String, root: String?, directory: String) throws -> NewFinding? {
        let path = "new finding"
        var cleaned = text
        while let start = cleaned.range(of: "<!--"), let end = cleaned.range(of: "-->", range: start.upperBound..<cleaned.endIndex) {
            cleaned.removeSubrange(start.lowerBound..<end.upperBound)
        }
        let document = try MarkdownDocument(parsing: cleaned, path: path)
        let fields = try YAMLFields.parse(document.frontMatterText, path: path, lineOffset: 1)
        guard let rawTitle = try fields.string("title"), !rawTitle.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        var request = NewFinding(title: try InputCheck.title(rawTitle))
        request.severity = try fields.enumValue("severity", Severity.self) ?? .medium
        request.cwe = try fields.strings("cwe").map(InputCheck.cwe)
        request.assignee = try fields.string("assignee").flatMap { $0.isEmpty ? nil : $0 }
        request.tags = try fields.strings("tags")
        request.links = try fields.strings("links").map(InputCheck.issueReference)
        if let location = try fields.nested("location"), let file = try location.string("path"), !file.isEmpty {
            let line = try location.int("line")
            request.location = try InputCheck.location(file + (line.map { ":\($0)" } ?? ""), root: root, directory: root ?? directory)
        }
        request.description = String(document.body).trimmingCharacters(in: .whitespacesAndNewlines)
        return request
    }
}
