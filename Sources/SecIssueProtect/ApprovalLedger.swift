import Foundation
import SecIssueKit

/// Decides the approval of commits in one repository: each commit's own trailers and signature,
/// the follow-up commits seen so far that name it in `Security-Approves:` (so an approver can
/// approve a change after the fact without rewriting it), the signed annotated tags pointing at
/// or naming it, and the platform's approving reviews of it or of a later commit.
final class ApprovalLedger {
    /// The shortest abbreviated hash a `Security-Approves:` trailer may use.
    static let minimumHashLength = 7

    let workspace: Workspace
    let policy: ProtectPolicy
    let reviews: [PlatformReview]
    let verifier = SSHVerifier()
    private var followUps: [ApprovalEvidence] = []
    /// The signed tags, read on first use; each is verified only when it names a commit decided on.
    private var tags: [SignedTag]?
    private var tagEvidence: [String: ApprovalEvidence] = [:]

    init(workspace: Workspace, policy: ProtectPolicy, reviews: [PlatformReview] = []) {
        self.workspace = workspace
        self.policy = policy
        self.reviews = reviews
    }

    /// Remembers `info` when it approves other commits. Call it for every commit that may hold a
    /// follow-up before deciding on the commits it names.
    func register(_ info: CommitInfo) throws {
        guard info.message.range(of: ApprovalEvidence.approves, options: .caseInsensitive) != nil else { return }
        let evidence = try self.evidence(info)
        if !evidence.targets.isEmpty { followUps.append(evidence) }
    }

    /// The decision for `info`, from its own evidence, the registered follow-ups and the signed
    /// tags naming it, and the reviews of it or of a commit descending from it.
    func decision(for info: CommitInfo) throws -> ApprovalDecision {
        func names(_ evidence: ApprovalEvidence) -> Bool {
            evidence.targets.contains { $0.count >= Self.minimumHashLength && info.id.hex.hasPrefix($0) }
        }
        let named = followUps.filter { $0.carrier != info.id && names($0) }
        if tags == nil { tags = try workspace.signedTags() }
        var tagged: [ApprovalEvidence] = []
        for tag in tags ?? [] where tag.target == info.id || tag.message.range(of: ApprovalEvidence.approves, options: .caseInsensitive) != nil {
            let evidence = tagEvidence[tag.name] ?? ApprovalEvidence(tag: tag, policy: policy, verifier: verifier)
            tagEvidence[tag.name] = evidence
            if names(evidence) { tagged.append(evidence) }
        }
        return ApprovalDecision.decide(info.id, author: info.author, evidence: [try evidence(info)] + named + tagged + reviewed(info.id),
                                       policy: policy)
    }

    /// The reviews that cover `commit`: of it, or of a commit that has it in its history.
    private func reviewed(_ commit: ObjectID) -> [ApprovalEvidence] {
        reviews.filter { $0.commit == commit || workspace.isDescendant($0.commit, of: commit) }.map { review in
            var evidence = ApprovalEvidence(carrier: review.commit, origin: "in the review record")
            if let approver = review.approver(in: policy) {
                evidence.approvals = [Approval(approver: approver, method: .review(review.reviewer), carrier: review.commit)]
            } else {
                evidence.rejected = ["an approving review by \(review.reviewer), who is not a listed approver (login: or email: in protect.approvers)"]
            }
            return evidence
        }
    }

    private func evidence(_ info: CommitInfo) throws -> ApprovalEvidence {
        ApprovalEvidence(carrier: info.id, message: info.message, signature: try workspace.signature(ofCommit: info.id), policy: policy,
                         verifier: verifier)
    }
}
