import Foundation
import SecIssueKit

/// Decides the approval of commits in one repository: each commit's own trailers and signature,
/// plus the follow-up commits seen so far that name it in `Security-Approves:` (so an approver
/// can approve a change after the fact without rewriting it).
final class ApprovalLedger {
    /// The shortest abbreviated hash a `Security-Approves:` trailer may use.
    static let minimumHashLength = 7

    let workspace: Workspace
    let policy: ProtectPolicy
    private var followUps: [ApprovalEvidence] = []

    init(workspace: Workspace, policy: ProtectPolicy) {
        self.workspace = workspace
        self.policy = policy
    }

    /// Remembers `info` when it approves other commits. Call it for every commit that may hold a
    /// follow-up before deciding on the commits it names.
    func register(_ info: CommitInfo) throws {
        guard info.message.range(of: ApprovalEvidence.approves, options: .caseInsensitive) != nil else { return }
        let evidence = try self.evidence(info)
        if !evidence.targets.isEmpty { followUps.append(evidence) }
    }

    /// The decision for `info`, from its own evidence and the registered follow-ups naming it.
    func decision(for info: CommitInfo) throws -> ApprovalDecision {
        let named = followUps.filter { followUp in
            followUp.carrier != info.id
                && followUp.targets.contains { $0.count >= Self.minimumHashLength && info.id.hex.hasPrefix($0) }
        }
        return ApprovalDecision.decide(info.id, author: info.author, evidence: [try evidence(info)] + named, policy: policy)
    }

    private func evidence(_ info: CommitInfo) throws -> ApprovalEvidence {
        ApprovalEvidence(carrier: info.id, message: info.message, signature: try workspace.signature(ofCommit: info.id), policy: policy)
    }
}
