import Foundation

/// `new`: a finding filed by hand, with a random ID.
public struct NewFinding: Sendable {
    public var title: String
    public var severity: Severity = .medium
    public var cwe: [Int] = []
    public var location: Finding.Location?
    public var description = ""
    public var assignee: String?
    public var tags: [String] = []
    public var links: [String] = []
    /// Filed confidential (`new --confidential`): sealed to `.security/recipients` when written.
    public var confidential = false
    /// The random part of the ID, chosen once so a retried write files the same ID.
    public let randomSuffix: String

    public init(title: String) {
        self.title = title
        self.randomSuffix = String(FindingID.random(prefix: "X").dropFirst(2))
    }

    /// The finding and the write that files it, with the prefix and due date from `store`'s config.
    public func plan(in store: SecurityStore, stamp: Stamp) throws -> (Finding, PlannedWrite) {
        try store.requireInitialised()
        let config = try store.config()
        let id = "\(config.idPrefix)-\(randomSuffix)"
        if let existing = try store.existingPath(of: id) { throw SecIssueError("\(existing) already exists: run the command again for a new ID") }
        let path = config.findingLayout.path(of: id)
        var finding = Finding(id: id, title: title, severity: severity, created: stamp.timestamp, reporter: stamp.person)
        finding.cwe = cwe
        finding.location = location
        finding.description = description.trimmingCharacters(in: .whitespacesAndNewlines)
        finding.assignee = assignee
        finding.tags = tags
        finding.links = links
        finding.guidance = try GuidanceCatalog(store: store).topics(forCWE: cwe)
        finding.due = config.dueDate(for: severity, created: stamp.date)
        finding.activity = ["\(stamp.timestamp) \(stamp.person) opened"]
        if assignee == nil, let path = location?.path, let owner = config.owners.owner(of: path) {
            finding.assignee = owner.owner
            finding.activity.append("\(stamp.timestamp) \(stamp.person) assigned to \(owner.owner) (owners: \(owner.pattern))")
        }
        if confidential || config.confidential.covers(finding) { finding.confidential = Confidentiality(hidesSeverity: config.confidential.hidesSeverity) }
        let write = PlannedWrite(changes: [path: Array(FindingCodec.encode(finding).utf8)],
                                 message: FindingChange.message(verb: "open", id: id, title: FindingChange.messageTitle(finding)))
        return (finding, write)
    }
}
