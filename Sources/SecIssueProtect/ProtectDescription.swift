import Foundation
import SecIssueKit

/// The Markdown description of an unapproved-change finding: the commit, what it changed, why
/// it does not count as approved, and how to put that right.
enum ProtectDescription {
    static func markdown(_ verdict: ProtectCheck.Verdict, policy: ProtectPolicy = ProtectPolicy()) -> String {
        let commit = verdict.commit
        let date = Timestamp.string(Date(timeIntervalSince1970: TimeInterval(commit.author.time)))
        var parts = ["Commit `\(commit.id.short())` changes protected paths of the deployment pipeline without a security approval."]
        parts.append("""
            - **Commit:** `\(commit.id.hex)`
            - **Author:** \(commit.author.person)
            - **Date:** \(date)
            - **Subject:** \(commit.subject)
            """)
        parts.append("**Protected paths changed:**\n\n" + verdict.changes.map(line).joined(separator: "\n"))
        parts.append("**Why it is unapproved:**\n\n" + verdict.decision.reasons.map { "- \($0)" }.joined(separator: "\n"))
        if !verdict.decision.notes.isEmpty {
            parts.append("**Also seen:**\n\n" + verdict.decision.notes.map { "- \($0)" }.joined(separator: "\n"))
        }
        let trailers = policy.trustTrailers ? """

            - (trailers are trusted here, as claims: `protect.trust_trailers: true`) amend the commit with the trailer \
            `Security-Approved-By: Name <email>`, or add a follow-up commit carrying it and `Security-Approves: \(commit.id.hex)`.
            """ : ""
        parts.append("""
            **To fix:** a listed approver (`protect.approvers` in `.security/config.yml`) other than the author \
            reviews the change, then one of:

            - the approver adds a follow-up commit signed with an SSH key listed under their `keys:`, carrying \
            `Security-Approves: \(commit.id.hex)` (`git -c gpg.format=ssh -c user.signingkey=KEY commit -S --allow-empty \
            --trailer "Security-Approves: \(commit.id.short())"`);
            - the approver signs an annotated tag on the commit (`git -c gpg.format=ssh -c user.signingkey=KEY tag -s \
            approve/\(commit.id.short()) \(commit.id.short())`) and pushes it;
            - the approver approves the pull request, when the CI job hands over the platform's review record \
            (`SECISSUE_REVIEWS`).\(trailers)

            If the change is acceptable as it is, set this finding to risk-accepted with the reason.
            """)
        return parts.joined(separator: "\n\n")
    }

    /// `` - `.github/workflows/ci.yml` +12 -3 `` (with the kind when not a modification).
    static func line(_ change: CommittedFileChange) -> String {
        "- `\(change.path)` \(change.stat)" + (change.kind == .modified ? "" : " (\(change.kind.rawValue))")
    }
}
