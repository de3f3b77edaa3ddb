/// Applies one change to one finding file: decode, change, stamp `updated`, append an activity
/// line, and rewrite only the lines that changed.
public struct FindingChange {
    public let id: String
    public let path: String
    public let text: String
    public let verb: String
    public let title: String
    /// Where the finding points (`path:line`), for a dry run.
    public let location: String?
    /// The activity line's text (without the time and person), for a dry run.
    public let activity: String

    /// Changes the finding `input` names; `change` returns the activity text, or nil for no change.
    public static func apply(
        to input: String, in store: SecurityStore, stamp: Stamp, _ change: (inout Finding) throws -> String?
    ) throws -> FindingChange? {
        try apply(to: try store.finding(input), stamp: stamp, change)
    }

    /// Changes an already loaded finding; `change` returns the activity text, or nil for no change.
    public static func apply(
        to stored: StoredFinding, stamp: Stamp, _ change: (inout Finding) throws -> String?
    ) throws -> FindingChange? {
        var finding = stored.finding
        guard let activity = try change(&finding) else { return nil }
        finding.updated = stamp.timestamp
        finding.activity.append("\(stamp.timestamp) \(stamp.person) \(activity)")
        let text = try FindingCodec.rewrite(stored.text, from: stored.finding, to: finding, path: stored.path)
        return FindingChange(id: finding.id, path: stored.path, text: text,
                             verb: verb(for: activity, finding: finding), title: messageTitle(finding), location: finding.location?.display,
                             activity: activity)
    }

    /// The verb of the commit subject: `comment on`, `mark fixed`, `reopen`, `assign`, `link`, `edit`.
    static func verb(for activity: String, finding: Finding) -> String {
        if activity.hasPrefix("commented") { return "comment on" }
        if activity.hasPrefix("status ") { return finding.status == .open ? "reopen" : "mark \(finding.status.rawValue)" }
        if activity.hasPrefix("assign") { return "assign" }
        if activity.hasPrefix("linked") { return "link" }
        return String(activity.prefix { $0 != " " && $0 != ":" })
    }

    /// The write for this change, with a commit message that says what happened.
    public var plannedWrite: PlannedWrite {
        PlannedWrite(changes: [path: Array(text.utf8)], message: Self.message(verb: verb, id: id, title: title))
    }

    /// `secissue: open SEC-… "Title"` and a `Security-Finding:` trailer; with an empty title
    /// (a confidential finding's) only the ID.
    public static func message(verb: String, id: String, title: String) -> String {
        let subject = title.isEmpty ? "secissue: \(verb) \(id)" : "secissue: \(verb) \(id) \"\(title)\""
        return subject + "\n\nSecurity-Finding: \(id)\n"
    }

    /// The title a commit message may carry: none for a confidential finding.
    public static func messageTitle(_ finding: Finding) -> String {
        finding.isConfidential ? "" : finding.title
    }
}
