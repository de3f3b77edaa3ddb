import Foundation
import SecIssueKit

/// The Markdown description of an unapproved-change finding: the commit, what it changed, why
/// it does not count as approved, and how to put that right.
enum ProtectDescription {
    static func markdown(_ verdict: ProtectCheck.Verdict) -> String {
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
        parts.append("""
            **To fix:** a listed approver (`protect.approvers` in `.security/config.yml`) other than the author \
            reviews the change, then one of:

            - amend the commit with the trailer `Security-Approved-By: Name <email>` \
            (`git commit --amend --trailer "Security-Approved-By: Name <email>"`);
            - add a follow-up commit carrying both `Security-Approved-By: Name <email>` and \
            `Security-Approves: \(commit.id.hex)` (an empty commit will do: `git commit --allow-empty`);
            - the approver signs the commit with an SSH key listed under their `keys:`.

            If the change is acceptable as it is, set this finding to risk-accepted with the reason.
            """)
        return parts.joined(separator: "\n\n")
    }

    /// `` - `.github/workflows/ci.yml` +12 -3 `` (with the kind when not a modification).
    static func line(_ change: CommittedFileChange) -> String {
        "- `\(change.path)` \(change.stat)" + (change.kind == .modified ? "" : " (\(change.kind.rawValue))")
    }
}
