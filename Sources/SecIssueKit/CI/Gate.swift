/// The policy gate of `ci`: the reasons a build fails, from `gate:` in config.yml.
public enum Gate {
    /// What a build is judged on.
    public enum Scope: Sendable, Equatable {
        /// The default branch: the whole posture. New and reopened findings at or above
        /// `fail_on`, expired risk acceptances anywhere, and (with `fail_on_overdue`) overdue ones.
        case posture
        /// A pull or merge request: what it changes. New and reopened findings only; an expired
        /// acceptance or an overdue finding elsewhere is the default branch's to fail on.
        case change
        /// The adoption run (`ci --adopt`): what the scan finds is filed as existing debt, so only
        /// expired acceptances and (with `fail_on_overdue`) overdue findings fail it.
        case adoption
    }

    /// Every reason to fail; empty when the gate passes.
    public static func reasons(_ report: ImportReport, active: [Finding], config: Config, today: String, scope: Scope = .posture) -> [String] {
        var reasons: [String] = []
        if scope != .adoption {
            for finding in report.new where finding.status.isActive && finding.severity >= config.failOn {
                reasons.append("new \(describe(finding, config: config))")
            }
            for finding in report.reopened where finding.severity >= config.failOn {
                reasons.append("reopened \(describe(finding, config: config))")
            }
        }
        guard scope != .change else { return reasons }
        for finding in report.expired {
            reasons.append("the risk acceptance of \(finding.id) expired on \(finding.triage?.expires ?? "its expiry date"): \(finding.title)")
        }
        for finding in active where finding.status == .riskAccepted {
            if let expires = finding.triage?.expires, expires < today, !report.expired.contains(where: { $0.id == finding.id }) {
                reasons.append("the risk acceptance of \(finding.id) expired on \(expires): \(finding.title)")
            }
        }
        if config.failOnOverdue {
            for finding in active where finding.status.isActive {
                if let due = finding.due, due < today {
                    // A hidden severity's due date would tell it (created plus its SLA days).
                    reasons.append("\(finding.id) is overdue\(finding.isSeverityHidden ? "" : " since \(due)"): \(finding.title)")
                }
            }
        }
        return reasons
    }

    /// `high finding ID: title (path:line)`; a hidden severity (`confidential.hide_severity`) says why
    /// it counts: the gate cannot tell it is below `fail_on`, so it fails closed.
    static func describe(_ finding: Finding, config: Config) -> String {
        let text = "\(finding.severityLabel) finding \(finding.id): \(finding.title) (\(finding.location?.display ?? "no location"))"
        guard finding.isSeverityHidden else { return text }
        return text + " counts as at or above fail_on \(config.failOn.rawValue): its severity is sealed (confidential: hide_severity); "
            + "run ci with SECISSUE_IDENTITY naming a reader's key to judge its real severity"
    }
}
