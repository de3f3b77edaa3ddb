import Foundation
import SecIssueKit

/// The output of `protect check` and `protect status`, as a table and as JSON.
public enum ProtectTable {
    /// One line per protected change: commit, author, subject, paths, then the verdict.
    /// `settled` maps a commit's full hash to the alert people settled for it.
    public static func listing(_ verdicts: [ProtectCheck.Verdict], settled: [String: Finding] = [:]) -> Listing {
        Listing(headers: ["COMMIT", "AUTHOR", "SUBJECT", "PROTECTED PATHS", "VERDICT"], rows: verdicts.map { verdict in
            let commit = verdict.commit
            return [commit.id.short(), commit.author.name, commit.subject, paths(verdict.changes), verdictText(verdict, settled[commit.id.hex])]
        }, truncatable: 2)
    }

    /// `approved by Bob <bob@example.com> (trailer)` or `UNAPPROVED: why`.
    public static func verdictText(_ verdict: ProtectCheck.Verdict, _ settled: Finding? = nil) -> String {
        if let approval = verdict.decision.approval { return "approved by \(approval.summary(for: verdict.commit.id))" }
        let why = "UNAPPROVED: " + verdict.decision.reasons.joined(separator: "; ")
        return settled.map { "\(why) (\($0.id) is \($0.status.rawValue))" } ?? why
    }

    public static func json(_ range: ProtectRange, _ verdicts: [ProtectCheck.Verdict], config: Config, settled: [String: Finding] = [:]) -> JSONValue {
        .object([
            ("range", .string(range.label)), ("commits_checked", .int(range.commits.count)),
            ("protected_changes", .array(verdicts.map { verdict in
                let approval = verdict.decision.approval
                let finding = verdict.isApproved ? nil : ProtectFiling.findingID(verdict, config: config)
                return .object(commitMembers(verdict.commit) + [
                    ("paths", .array(verdict.changes.map { change in
                        .object([("path", .string(change.path)), ("change", .string(change.kind.rawValue)),
                                 ("insertions", .int(change.insertions)), ("deletions", .int(change.deletions)), ("binary", .bool(change.isBinary))])
                    })),
                    ("approved", .bool(verdict.isApproved)), ("approval", approval.map(json) ?? .null),
                    ("reasons", .strings(verdict.decision.reasons)), ("notes", .strings(verdict.decision.notes)),
                    ("finding", .optional(finding)), ("settled", .optional(settled[verdict.commit.id.hex]?.status.rawValue)),
                ])
            })),
        ])
    }

    /// One line per protected pattern: its last change, whether approved, and the last approved change.
    public static func listing(_ report: ProtectStatus.Report) -> Listing {
        let rows = report.entries.map { entry -> [String] in
            guard let last = entry.last else { return [entry.pattern, "-", "-", "-"] }
            let approved = entry.lastApproved.map { change in
                let by = "by \(change.decision.approval?.summary(for: change.commit.id) ?? "?")"
                return change.commit.id == last.commit.id ? "the same, \(by)" : "\(describe(change.commit, author: false)) \(by)"
            } ?? "none found"
            return [entry.pattern, "\(describe(last.commit)) \(last.commit.subject)",
                    last.decision.isApproved ? "approved" : "UNAPPROVED", approved]
        }
        return Listing(headers: ["PATTERN", "LAST CHANGE", "APPROVAL", "LAST APPROVED CHANGE"], rows: rows, truncatable: 1)
    }

    public static func json(_ report: ProtectStatus.Report) -> JSONValue {
        func change(_ change: ProtectStatus.Change?) -> JSONValue {
            guard let change else { return .null }
            return .object(commitMembers(change.commit) + [
                ("paths", .strings(change.paths)), ("approved", .bool(change.decision.isApproved)),
                ("approval", change.decision.approval.map(json) ?? .null), ("reasons", .strings(change.decision.reasons)),
            ])
        }
        return .object([
            ("approvers", .int(report.approverCount)), ("commits_walked", .int(report.walked)), ("truncated", .bool(report.truncated)),
            ("paths", .array(report.entries.map { entry in
                .object([("pattern", .string(entry.pattern)), ("last_change", change(entry.last)), ("last_approved_change", change(entry.lastApproved))])
            })),
        ])
    }

    private static func json(_ approval: Approval) -> JSONValue {
        var members: [(String, JSONValue)] = [("approver", .string(approval.approver.display))]
        switch approval.method {
        case .trailer: members.append(("method", .string("trailer")))
        case .signature(let type): members += [("method", .string("signature")), ("key_type", .string(type))]
        case .review(let reviewer): members += [("method", .string("review")), ("reviewer", .string(reviewer))]
        }
        members.append(("verified", .bool(approval.method.isVerified)))
        if let tag = approval.tag { members.append(("tag", .string(tag))) }
        return .object(members + [("commit", .string(approval.carrier.hex))])
    }

    private static func commitMembers(_ commit: CommitInfo) -> [(String, JSONValue)] {
        [("commit", .string(commit.id.hex)), ("author", .string(commit.author.person)),
         ("date", .string(Timestamp.string(Date(timeIntervalSince1970: TimeInterval(commit.author.time))))), ("subject", .string(commit.subject))]
    }

    /// `1a2b3c4 2026-01-02 Alice Example` (without the name when `author` is false).
    private static func describe(_ commit: CommitInfo, author: Bool = true) -> String {
        "\(commit.id.short()) \(Timestamp.day(Date(timeIntervalSince1970: TimeInterval(commit.author.time))))" + (author ? " \(commit.author.name)" : "")
    }

    private static func paths(_ changes: [CommittedFileChange]) -> String {
        let shown = changes.prefix(2).map { "\($0.path) \($0.stat)" }.joined(separator: ", ")
        return changes.count > 2 ? "\(shown) and \(changes.count - 2) more" : shown
    }
}
