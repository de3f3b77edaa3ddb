import Foundation
import SecIssueKit
import SecIssueProtect

extension CI {
    /// Report mode, for pull and merge requests: nothing is written. The scan is planned against
    /// the findings at the merge-base of HEAD and the target branch, so the branch's own finding
    /// files (its own import, a triage of its own finding) do not decide the gate; a change to a
    /// finding file counts only when a listed security approver approved it, judged by
    /// `ProtectCheck` exactly as a change to a protected path is.
    func runReport(_ workspace: Workspace, environment: [String: String], input: Input) throws {
        guard let head = try workspace.headCommit() else { throw Workspace.noCommits }
        let base = try ComparisonBase.find(workspace, explicit: self.base, head: head, environment: environment)
        let today = Output.today
        var notes: [String] = []
        let session: ScanSession
        var report: ImportReport
        let reasons: [String]
        if try workspace.store(at: base.mergeBase.hex).files.read(Config.path) == nil {
            session = try ScanSession(workspace: workspace, commit: scan.commit, target: head.hex)
            report = try plan(session, input)
            notes.append("\(base.label) has no .security/ yet, so every finding is new to it: "
                         + "file the existing debt on the default branch first (git secissue ci --adopt)")
            reasons = PullRequestGate.reasonsWithoutBase(report, config: session.config) + input.failedReasons
        } else {
            // The base's policy: a branch cannot lower gate.fail_on or add an approver for itself.
            session = try ScanSession(workspace: workspace, commit: scan.commit, target: base.mergeBase.hex)
            let baseFindings = Dictionary(try session.store.loadAll().findings.map { ($0.finding.id, $0.finding) },
                                          uniquingKeysWith: { first, _ in first })
            report = try plan(session, input)
            let (trusted, untrusted) = try approvedFindingChanges(workspace, from: base.mergeBase, to: head, config: session.config)
            if !untrusted.isEmpty {
                notes.append("finding files this branch changed without a security approver's approval are judged as \(base.label) has them: "
                             + untrusted.joined(separator: ", "))
            }
            var branch: ImportReport?
            if !trusted.isEmpty {
                branch = try plan(try ScanSession(workspace: workspace, commit: scan.commit, target: head.hex), input)
            }
            reasons = PullRequestGate.reasons(base: report, branch: branch, trusted: trusted, baseFindings: baseFindings,
                                              config: session.config, today: today)
                + input.failedReasons
        }
        report.notes = notes + report.notes
        input.count(report)
        var summary = ScanSummary(report: report, commit: session.scannedCommit.hex, mode: Mode.report.rawValue, gateReasons: reasons,
                                  link: CodeLinks.make(environment: environment, commit: session.scannedCommit.hex))
        summary.scope = .change
        summary.baseLabel = "\(base.label), merge-base \(base.mergeBase.short())"
        try finish(summary, outcome: .unchanged, input: input)
    }

    private func plan(_ session: ScanSession, _ input: Input) throws -> ImportReport {
        try input.filing(session).run(.plan).report
    }

    /// The IDs of the finding files changed between `base` and `head` whose every change a listed
    /// approver approved (`trusted`), and the others. The policy is `protect:`'s approvers as
    /// the base has them, over the changed finding files as protected paths.
    private func approvedFindingChanges(_ workspace: Workspace, from base: ObjectID, to head: ObjectID, config: Config) throws
        -> (trusted: Set<String>, untrusted: [String]) {
        let changed = try PullRequestGate.changedFindingFiles(workspace, from: base, to: head)
        guard !changed.isEmpty else { return ([], []) }
        var policy = ProtectPolicy()
        policy.paths = changed
        policy.approvers = config.protect.approvers
        let verdicts = try ProtectCheck.verdicts(try ProtectRange.resolve("\(base.hex)..\(head.hex)", in: workspace), in: workspace, policy: policy)
        var trusted = Set<String>()
        var untrusted: [String] = []
        for path in changed {
            let id = PullRequestGate.findingID(path: path)
            let touching = verdicts.filter { $0.changes.contains { $0.path == path } }
            if !touching.isEmpty && touching.allSatisfy(\.isApproved) {
                trusted.insert(id)
            } else {
                let commits = touching.filter { !$0.isApproved }.map { $0.commit.id.short() }
                untrusted.append(commits.isEmpty ? id : "\(id) (\(commits.joined(separator: ", ")))")
            }
        }
        return (trusted, untrusted)
    }
}
