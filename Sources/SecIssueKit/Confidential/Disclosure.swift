/// `disclose`: a fixed confidential finding written back in plaintext, the coordinated-disclosure
/// step. From that commit on, its text is in git for everyone who can read the repository.
public enum Disclosure {
    public static func plan(_ input: String, in store: SecurityStore, stamp: Stamp) throws -> PlannedWrite {
        let stored = try store.finding(input)
        var finding = stored.finding
        guard finding.isConfidential else { throw SecIssueError("\(finding.id) is not confidential: there is nothing to disclose") }
        try Sealing.requireOpen(finding)
        guard finding.status == .fixed else {
            throw SecIssueError("\(finding.id) is \(finding.status.rawValue): disclose a finding once it is fixed (git secissue status \(finding.id) fixed)")
        }
        finding.confidential = nil
        finding.updated = stamp.timestamp
        finding.activity.append("\(stamp.timestamp) \(stamp.person) disclosed")
        let text = try FindingCodec.rewrite(stored.text, from: stored.finding, to: finding, path: stored.path)
        return PlannedWrite(changes: [stored.path: Array(text.utf8)],
                            message: FindingChange.message(verb: "disclose", id: finding.id, title: finding.title))
    }
}

extension Sealing {
    /// Throws unless the finding's content is readable here (it is plain, or was opened).
    public static func requireOpen(_ finding: Finding) throws {
        guard finding.isSealed else { return }
        throw SecIssueError("\(finding.id) is confidential and none of your identities can read it: set SECISSUE_IDENTITY "
                            + "(or --identity) to the age identity file or SSH key of one of its readers",
                            code: SecIssueError.Code.noIdentity)
    }
}
