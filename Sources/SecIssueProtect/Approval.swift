import Foundation
import SecIssueKit

/// A security approval of a protected change: who gave it, how, and in which commit.
public struct Approval: Sendable, Equatable {
    public enum Method: Sendable, Equatable {
        /// A `Security-Approved-By:` trailer naming a listed approver: a claim, counted only
        /// with `protect.trust_trailers: true`.
        case trailer
        /// A valid SSH signature by a key listed for the approver (its key type), verified by ssh-keygen.
        case signature(String)
        /// An approving review in the hosting platform's record (the reviewer as it names them).
        case review(String)

        /// Whether the approval was checked, rather than taken at its word.
        public var isVerified: Bool { self != .trailer }
    }

    /// The approver as configured in `protect.approvers`.
    public var approver: ProtectPolicy.Approver
    /// The person as the trailer wrote them (nil for a signature or a review).
    public var written: ProtectPolicy.Approver?
    public var method: Method
    /// The commit that carries the approval: the change itself, a later commit naming it in a
    /// `Security-Approves:` trailer, the commit a signed tag points at, or the reviewed commit.
    public var carrier: ObjectID
    /// The signed annotated tag that carries the approval, if one does.
    public var tag: String?

    public init(approver: ProtectPolicy.Approver, written: ProtectPolicy.Approver? = nil, method: Method, carrier: ObjectID, tag: String? = nil) {
        self.approver = approver
        self.written = written
        self.method = method
        self.carrier = carrier
        self.tag = tag
    }

    /// `Bob <bob@example.com> (trailer: claimed, not verified)`, `… (ssh-ed25519 signature, in
    /// follow-up 1a2b3c4)`, `… (ssh-rsa signature on tag approve-ci)`, `… (review by bob at 1a2b3c4)`.
    public func summary(for commit: ObjectID) -> String {
        var how: String
        switch method {
        case .trailer: how = "trailer: claimed, not verified"
        case .signature(let type): how = "\(type) signature"
        case .review(let reviewer): how = "platform review by \(reviewer) at \(carrier.short())"
        }
        switch (tag, method) {
        case (let tag?, _): how += " on tag \(tag)"
        case (nil, .review): break
        case (nil, _) where carrier != commit: how += " in follow-up \(carrier.short())"
        default: break
        }
        return "\(approver.display) (\(how))"
    }

    /// True when the approver is the commit's author: the same email (case-insensitive) or the
    /// same name, on the configured entry or as the trailer wrote it. Either match is enough,
    /// so a second address of the author's does not turn a self-approval into an approval.
    public func isBy(author: Signature) -> Bool {
        [approver, written].compactMap { $0 }.contains { person in
            Self.same(person.email, author.email) || Self.same(person.name, author.name)
        }
    }

    private static func same(_ one: String?, _ other: String) -> Bool {
        guard let one else { return false }
        let left = one.trimmingCharacters(in: .whitespaces).lowercased()
        return !left.isEmpty && left == other.trimmingCharacters(in: .whitespaces).lowercased()
    }
}

/// Whether one protected change is approved, and if not, why.
public struct ApprovalDecision: Sendable, Equatable {
    /// The approval that counts; nil when the change is unapproved.
    public var approval: Approval?
    /// Why the change is unapproved, most telling first; empty when approved.
    public var reasons: [String]
    /// What was seen but did not decide anything (an OpenPGP signature).
    public var notes: [String]

    public var isApproved: Bool { approval != nil }

    public static let noApprovers = "no approvers are configured (add them under protect.approvers in .security/config.yml)"
    public static let nothingOffered = "no approval signed with a listed approver's key, and no approving review"
    public static let nothingOfferedTrusted = "no Security-Approved-By trailer naming an approver, no approver's signature and no approving review"

    /// Decides from what the commit itself and its follow-ups offer: the first approval by someone
    /// other than the author counts; approvals by the author are reported, never counted.
    public static func decide(_ commit: ObjectID, author: Signature, evidence: [ApprovalEvidence], policy: ProtectPolicy) -> ApprovalDecision {
        func located(_ texts: [String], _ evidence: ApprovalEvidence) -> [String] {
            if let origin = evidence.origin { return texts.map { "\($0) (\(origin))" } }
            return evidence.carrier == commit ? texts : texts.map { "\($0) (in follow-up \(evidence.carrier.short()))" }
        }
        let notes = evidence.flatMap { located($0.notes, $0) }
        guard !policy.approvers.isEmpty else { return ApprovalDecision(approval: nil, reasons: [noApprovers], notes: notes) }
        var selfApprovals: [String] = []
        for approval in evidence.flatMap(\.approvals) {
            if approval.isBy(author: author) {
                let text = "approved only by the commit's own author (\(approval.approver.display))"
                if !selfApprovals.contains(text) { selfApprovals.append(text) }
                continue
            }
            return ApprovalDecision(approval: approval, reasons: [], notes: notes)
        }
        let reasons = selfApprovals + evidence.flatMap { located($0.rejected, $0) }
        return ApprovalDecision(approval: nil, reasons: reasons.isEmpty ? [policy.trustTrailers ? nothingOfferedTrusted : nothingOffered] : reasons,
                                notes: notes)
    }
}
