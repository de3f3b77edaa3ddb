import ArgumentParser
import SecIssueKit
import SecIssueProtect

extension ProtectCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "List the commits of RANGE that change protected paths, approved or not; file a finding per unapproved one; exit 2 when one is at or above gate.fail_on.",
            discussion: """
                The approvers and paths are read from config.yml as the base of the range has it (the default branch, \
                or A of A..B), so a range cannot approve itself by editing them. A change counts as approved when it is \
                signed by a listed approver's SSH key (the commit, a follow-up naming it in Security-Approves:, or a signed \
                annotated tag), verified with ssh-keygen -Y verify, or when the platform's review record (--reviews, or the \
                file named by SECISSUE_REVIEWS) has an approving review by an approver. A Security-Approved-By: trailer \
                alone counts only with protect.trust_trailers: true, and is then shown as claimed, not verified.
                """)

        @Argument(help: ArgumentHelp("A..B, or one revision and its history (default: the commits on HEAD that the default branch lacks).",
                                     valueName: "RANGE"))
        var range: String?
        @OptionGroup var output: ListingOptions
        @Option(help: ArgumentHelp("The hosting platform's approving reviews, one 'REVIEWER COMMIT' a line (default: the file named by $SECISSUE_REVIEWS).",
                                   valueName: "FILE"))
        var reviews: String?
        @OptionGroup var filing: FilingOptions
        @OptionGroup var write: WriteOptions


        func run() throws {
            let workspace = try Workspace.discover()
            let checked = try ProtectRange.resolve(range, in: workspace)
            let session = try ScanSession(workspace: workspace, commit: checked.tip.hex, target: write.ref)
            let (target, config) = (session.store, session.config)
            let (policy, fromBase) = try checked.policy(in: workspace, fallback: config)
            let reviewFile = reviews ?? workspace.environment[PlatformReview.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
            let platformReviews = try reviewFile.map(PlatformReview.load) ?? []
            let verdicts = try ProtectCheck.verdicts(checked, in: workspace, policy: policy, reviews: platformReviews)
            let (failing, settled) = try ProtectFiling.gate(verdicts, policy: policy, store: target, config: config)
            output.print(ProtectTable.listing(verdicts, settled: settled), json: { ProtectTable.json(checked, verdicts, config: config, settled: settled) },
                         empty: "no protected changes in \(checked.label)")
            for verdict in verdicts { verdict.decision.notes.forEach { Output.note("note: \(verdict.commit.id.short()): \($0)") } }
            let unapproved = verdicts.filter { !$0.isApproved }.count
            Output.note("\(checked.label): \(checked.commits.count) commit\(checked.commits.count == 1 ? "" : "s"), "
                        + "\(verdicts.count) protected change\(verdicts.count == 1 ? "" : "s"): \(verdicts.count - unapproved) approved, \(unapproved) unapproved"
                        + (fromBase ? " (policy from the base of the range)" : ""))
            if range == nil && checked.commits.isEmpty {
                Output.note("\(checked.label) is empty (HEAD is on the default branch): give a RANGE, such as HEAD~20..HEAD, to check commits already there")
            }
            if let reviewFile { Output.note("review record \(reviewFile): \(platformReviews.count) approving review\(platformReviews.count == 1 ? "" : "s")") }
            if policy.trustTrailers && verdicts.contains(where: { $0.decision.approval?.method == .trailer }) {
                Output.warning("protect.trust_trailers is on: trailer approvals are claimed, not verified")
            }
            if policy.approvers.isEmpty && !verdicts.isEmpty {
                Output.warning("no approvers are configured, so no change can be approved: add people under protect.approvers in .security/config.yml")
            }
            if !filing.noFile && !verdicts.isEmpty {
                let filing = try ProtectFiling.filing(verdicts, policy: policy, session: session)
                Output.filed(try filing.run(.write(write.mode)), countsLabel: "findings")
            }
            if !failing.isEmpty {
                try Output.failGate([], summary: "\(failing.count) unapproved change\(failing.count == 1 ? "" : "s") to protected paths at or above "
                                    + "\(config.failOn.rawValue) (gate.fail_on): have a listed approver sign the change (an SSH-signed commit or tag), see git secissue protect check --help")
            }
        }
    }
}
