import Foundation

/// What an import did (or, in report mode, would do) to the findings.
public struct ImportReport: Sendable {
    public var new: [Finding] = []
    public var updated: [Finding] = []
    public var reopened: [Finding] = []
    public var fixed: [Finding] = []
    /// Risk acceptances past their expiry date, back to open.
    public var expired: [Finding] = []
    /// Active findings the scan reported again, unchanged or with a new location.
    public var stillOpen: [Finding] = []
    /// The IDs of the updated findings whose new values went to `refs/secissue/state` only.
    public var live: [String] = []
    public var unchanged = 0
    /// Results matching findings people settled (risk-accepted, false-positive, duplicate): left alone.
    public var keptTriage = 0
    public var skipped: [String] = []
    public var notes: [String] = []
    /// What the clone could not tell (an `introduced` left empty in a shallow clone): one line per cause.
    public var warnings: [String] = []
    /// Every finding of the store as the import leaves it (for the gate).
    public var findings: [Finding] = []
    /// The ID of the finding each result files into, in the order of the results: producers read
    /// their results' IDs here rather than deriving them again.
    public var resultIDs: [String] = []

    public init() {}

    /// The report with every confidential finding reduced to its clear fields: reports go where
    /// anyone may read them (CI logs, job summaries, pull-request comments).
    public var clearOfConfidential: ImportReport {
        var report = self
        let clear = { (findings: [Finding]) in findings.map(\.clearView) }
        report.new = clear(new)
        report.updated = clear(updated)
        report.reopened = clear(reopened)
        report.fixed = clear(fixed)
        report.expired = clear(expired)
        report.stillOpen = clear(stillOpen)
        report.findings = clear(findings)
        return report
    }

    /// `new 1, updated 2, reopened 0, fixed 1, unchanged 5 (2 kept as triaged), skipped 1`.
    public var counts: String {
        var text = "new \(new.count), updated \(updated.count), reopened \(reopened.count), fixed \(fixed.count), unchanged \(unchanged)"
        if keptTriage > 0 { text += " (\(keptTriage) kept as triaged)" }
        if !expired.isEmpty { text += ", expired risk acceptances reopened \(expired.count)" }
        return text + ", skipped \(skipped.count)"
    }
}
