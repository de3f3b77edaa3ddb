/// Tells the webhooks of `notify:` what a filing brought: its new and reopened findings at or above
/// each webhook's severity, one message per webhook and run, none when there is nothing to say.
/// A webhook that cannot be told is a warning for the caller: the write has landed and stays.
public struct Notifier {
    public let targets: [NotifyTarget]
    public let environment: [String: String]
    /// Sends a body to a URL; `WebhookSender.post` unless a test says otherwise.
    var post: ([UInt8], String) throws -> Void = WebhookSender.post

    public init(targets: [NotifyTarget], environment: [String: String]) {
        self.targets = targets
        self.environment = environment
    }

    /// Sends the messages for `report`; returns one warning per webhook that was not told.
    public func send(_ report: ImportReport, label: String, repository: String?) -> [String] {
        let events = report.new.map { (event: NotificationMessage.Event.new, finding: $0) }
            + report.reopened.map { (event: NotificationMessage.Event.reopened, finding: $0) }
        var warnings: [String] = []
        for (index, target) in targets.enumerated() {
            // Settled on arrival (an ignore: rule, a tool's suppression) is not news.
            let chosen = events.filter { $0.finding.severity >= target.minSeverity && $0.finding.status.isActive }
            guard !chosen.isEmpty else { continue }
            let name = "notify[\(index + 1)] (\(target.format.rawValue))"
            guard let url = target.resolvedURL(environment) else {
                warnings.append("\(name) not sent: the environment variable \(target.variable ?? "") is not set")
                continue
            }
            let message = NotificationMessage(findings: chosen.sorted { ($0.finding.severity.rank, $0.finding.id) < ($1.finding.severity.rank, $1.finding.id) },
                                              label: label, repository: repository, minSeverity: target.minSeverity)
            do {
                try post(message.body(target.format).renderedBytes(), url)
            } catch {
                warnings.append("\(name) not sent (\(ErrorBoundary.message(error))); the findings are recorded all the same")
            }
        }
        return warnings
    }
}

extension Workspace {
    /// The repository's name for people: its top directory (the git directory when bare).
    var name: String {
        let path = repository.workingDirectory ?? repository.gitDirectory
        return path.split(separator: "/").last.map(String.init) ?? path
    }
}
