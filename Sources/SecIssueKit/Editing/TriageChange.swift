import Foundation

/// The triage changes a person makes to a finding. Each returns the activity text, or nil
/// when the finding already says so (nothing is written then).
public enum TriageChange {
    public static func comment(_ message: String) throws -> (inout Finding) throws -> String? {
        let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw SecIssueError.usage("the comment is empty: give --message some text") }
        return { _ in "commented: \(text)" }
    }

    public static func assign(_ who: String) throws -> (inout Finding) throws -> String? {
        let person = who.trimmingCharacters(in: .whitespaces)
        guard !person.isEmpty else { throw SecIssueError.usage("give the person to assign (a name or an email)") }
        try InputCheck.singleLine(person, what: "the assignee")
        return { finding in
            guard finding.assignee != person else { return nil }
            let before = finding.assignee
            finding.assignee = person
            return before.map { "assignee \($0) -> \(person)" } ?? "assigned to \(person)"
        }
    }

    /// A status change with the rules of `status`: risk acceptance needs a reason and an expiry
    /// date, a false positive a reason, a duplicate the finding it duplicates.
    public struct StatusChange: Sendable {
        public var status: Status
        public var reason: String?
        public var expires: String?
        /// The full ID of the original, already resolved.
        public var duplicateOf: String?
        /// The full hash of the fixing commit, already resolved.
        public var fixedCommit: String?

        public init(status: Status, reason: String? = nil, expires: String? = nil, duplicateOf: String? = nil, fixedCommit: String? = nil) {
            self.status = status
            self.reason = reason
            self.expires = expires
            self.duplicateOf = duplicateOf
            self.fixedCommit = fixedCommit
        }

        /// Checks the options that go with the status, before anything is read or written.
        public func validate() throws {
            if let reason { try InputCheck.singleLine(reason, what: "--reason") }
            switch status {
            case .riskAccepted:
                guard reason?.isEmpty == false, expires != nil else {
                    throw SecIssueError.usage("risk-accepted needs --reason R and --expires YYYY-MM-DD: say why, and when to look again")
                }
            case .falsePositive:
                guard reason?.isEmpty == false else { throw SecIssueError.usage("false-positive needs --reason R: say why it is not a problem") }
            case .duplicate:
                guard duplicateOf != nil else { throw SecIssueError.usage("duplicate needs --duplicate-of ID: name the finding it duplicates") }
            default: break
            }
            if duplicateOf != nil && status != .duplicate { throw SecIssueError.usage("--duplicate-of goes with status duplicate") }
            if expires != nil && status != .riskAccepted { throw SecIssueError.usage("--expires goes with status risk-accepted") }
            if fixedCommit != nil && status != .fixed { throw SecIssueError.usage("--commit goes with status fixed") }
        }

        public func apply(by stamp: Stamp) -> (inout Finding) throws -> String? {
            { finding in
                let settledAlike = finding.triage?.reason == reason && finding.triage?.expires == expires
                    && finding.triage?.duplicateOf == duplicateOf
                switch status {
                case _ where finding.status != status: break
                case .open, .confirmed: return nil
                case .fixed where fixedCommit == nil || finding.commits.fixed == fixedCommit: return nil
                case .riskAccepted, .falsePositive, .duplicate:
                    if settledAlike { return nil }
                default: break
                }
                if status == .duplicate && duplicateOf == finding.id {
                    throw SecIssueError.usage("\(finding.id) cannot be a duplicate of itself")
                }
                let before = finding.status
                finding.status = status
                switch status {
                case .open, .confirmed:
                    finding.triage = nil
                    finding.commits.fixed = nil
                case .fixed:
                    finding.triage = nil
                    if let fixedCommit { finding.commits.fixed = fixedCommit }
                case .riskAccepted, .falsePositive, .duplicate:
                    finding.triage = Finding.Triage(reason: reason, by: stamp.person, expires: expires, duplicateOf: duplicateOf)
                }
                var text = "status \(before.rawValue) -> \(status.rawValue)"
                if let fixedCommit, status == .fixed { text += " in \(fixedCommit)" }
                if let duplicateOf { text += " of \(duplicateOf)" }
                if let expires { text += " until \(expires)" }
                if let reason, !reason.isEmpty { text += ": \(reason)" }
                return text
            }
        }
    }

    public enum LinkTarget: Sendable {
        case commit(String)
        case issue(String)
        case guidance(String)
    }

    public static func link(_ target: LinkTarget) -> (inout Finding) throws -> String? {
        { finding in
            switch target {
            case .commit(let hash):
                guard !finding.commits.linked.contains(hash) else { return nil }
                finding.commits.linked.append(hash)
                return "linked commit \(hash)"
            case .issue(let reference):
                guard !finding.links.contains(reference) else { return nil }
                finding.links.append(reference)
                return "linked \(reference)"
            case .guidance(let topic):
                guard !finding.guidance.contains(topic) else { return nil }
                finding.guidance.append(topic)
                return "linked guidance \(topic)"
            }
        }
    }
}
