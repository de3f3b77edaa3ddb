import Foundation
import SecIssueKit

/// What a report is about: the numbers, the repositories and the commits they were read at.
public struct ReportPage: Sendable {
    public let stats: Statistics
    public let histories: [RepositoryHistory]
    /// The revision asked for with --at, or nil for the current state.
    public let revision: String?
    /// The most findings listed one by one; the rest are counted.
    public var listLimit = 500

    public init(stats: Statistics, histories: [RepositoryHistory], revision: String?) {
        self.stats = stats
        self.histories = histories
        self.revision = revision
    }

    var title: String { "Security report: " + histories.map(\.name).joined(separator: ", ") }

    var asOf: String {
        let day = Timestamp.string(Date(timeIntervalSince1970: TimeInterval(stats.query.until)))
        let commits = histories.map { "\($0.name) at \($0.tip.short())" }.joined(separator: ", ")
        return "As of \(day)" + (revision.map { " (\($0))" } ?? "") + ": \(commits)"
    }

    static let colors: [Severity: String] = [.critical: "#7f1d1d", .high: "#dc2626", .medium: "#f59e0b", .low: "#3b82f6", .info: "#9ca3af"]

    /// Links to a finding's file and its location on the host, when the origin remote names one.
    func links(_ finding: Statistics.OpenFinding) -> (finding: String?, location: String?) {
        guard let web = finding.webURL else { return (nil, nil) }
        let file = HostLinks.fileURL(webURL: web, commit: finding.commit, path: finding.filePath, line: nil)
        let location = finding.record.path.map { HostLinks.fileURL(webURL: web, commit: finding.commit, path: $0, line: finding.record.line) }
        return (file, location)
    }

    func ageDays(_ finding: Statistics.OpenFinding) -> Int64 { max(0, stats.query.until - finding.firstSeen) / 86_400 }
}
