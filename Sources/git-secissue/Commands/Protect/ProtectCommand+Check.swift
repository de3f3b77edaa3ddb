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
                or A of A..B), so a range cannot approve itself by editing them.
                """)

        @Argument(help: ArgumentHelp("A..B, or one revision and its history (default: the commits on HEAD that the default branch lacks).",
                                     valueName: "RANGE"))
        var range: String?
        @OptionGroup var output: ListingOptions
        @OptionGroup var filing: FilingOptions
        @OptionGroup var write: WriteOptions


        func run() throws {
            let workspace = try Workspace.discover()
            let checked = try ProtectRange.resolve(range, in: workspace)
            let session = try ScanSession(workspace: workspace, commit: checked.tip.hex, target: write.ref)
            let (target, config) = (session.store, session.config)
            let (policy, fromBase) = try checked.policy(in: workspace, fallback: config)
            let verdicts = try ProtectCheck.verdicts(checked, in: workspace, policy: policy)
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
            if policy.approvers.isEmpty && !verdicts.isEmpty {
                Output.warning("no approvers are configured, so no change can be approved: add people under protect.approvers in .security/config.yml")
            }
            if !filing.noFile && !verdicts.isEmpty {
                let filing = try ProtectFiling.filing(verdicts, policy: policy, session: session)
                Output.filed(try filing.run(.write(write.mode)), countsLabel: "findings")
            }
            if !failing.isEmpty {
                try Output.failGate([], summary: "\(failing.count) unapproved change\(failing.count == 1 ? "" : "s") to protected paths at or above "
                                    + "\(config.failOn.rawValue) (gate.fail_on): get a listed approver's Security-Approved-By, see git secissue protect --help")
            }
        }
    }
}
