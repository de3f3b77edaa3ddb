import Foundation

/// One entry of `notify:` in config.yml: a webhook told of new and reopened findings at or above
/// `min_severity` after `ci`, `telemetry ingest`, `baseline check` or `protect check` files them.
/// A webhook URL is a credential, and config.yml is committed: `url:` names an environment
/// variable (`$SLACK_WEBHOOK_URL`), or is a plain URL without credentials in it.
public struct NotifyTarget: Sendable, Equatable {
    public enum Format: String, CaseIterable, Sendable {
        /// Slack's incoming webhooks (and the chat tools that accept their shape): `{"text": mrkdwn}`.
        case slack
        /// A Microsoft Teams workflow webhook: a message holding an Adaptive Card.
        case teams
        /// A generic JSON document, for a program of your own.
        case json
    }

    /// `$NAME` or `${NAME}`, read from the environment when sending; else the URL itself.
    public var url: String
    public var format: Format
    public var minSeverity: Severity

    public init(url: String, format: Format, minSeverity: Severity = .high) {
        self.url = url
        self.format = format
        self.minSeverity = minSeverity
    }

    /// The environment variable `url` names, if it names one.
    public var variable: String? {
        guard url.hasPrefix("$") else { return nil }
        let name = url.dropFirst().trimmingCharacters(in: CharacterSet(charactersIn: "{}"))
        return name.isEmpty ? nil : name
    }

    /// The URL to send to, from the environment when `url` names a variable; nil when that is unset.
    public func resolvedURL(_ environment: [String: String]) -> String? {
        guard let variable else { return url }
        return environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Reads `notify:`, refusing an entry that could not be sent or that commits a credential.
    static func read(_ fields: YAMLFields) throws -> [NotifyTarget] {
        try fields.items("notify").map { entry in
            let known = ["url", "format", "min_severity"]
            if let unknown = entry.keys.first(where: { !known.contains($0) }) {
                throw entry.problem(unknown, "unknown field: use \(known.joined(separator: ", "))")
            }
            let url = try entry.required("url")
            guard let format = try entry.enumValue("format", Format.self) else {
                throw entry.problem("format", "required: slack, teams or json")
            }
            var target = NotifyTarget(url: url, format: format)
            if let severity = try entry.enumValue("min_severity", Severity.self) { target.minSeverity = severity }
            if url.hasPrefix("$") {
                guard let name = target.variable, name.range(of: "^[A-Za-z_][A-Za-z0-9_]*$", options: .regularExpression) != nil else {
                    throw entry.problem("url", "'\(url)' is not an environment variable name such as $SLACK_WEBHOOK_URL")
                }
                return target
            }
            guard let parsed = URLComponents(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
                  parsed.host?.isEmpty == false else {
                throw entry.problem("url", "not an http(s) URL or $VARIABLE")
            }
            let flagged = SecretScanner.scan(path: Config.path, lines: [(1, url)], allowlist: SecretAllowlist())
            // Slack's, Teams' and Discord's webhook URLs are their credential, whatever the secret rules make of an example.
            let host = parsed.host?.lowercased() ?? ""
            let webhookHost = host == "hooks.slack.com" || host.hasSuffix("webhook.office.com") || host.hasSuffix("logic.azure.com")
                || host.hasSuffix("discord.com")
            if parsed.user != nil || parsed.password != nil || parsed.query != nil || url.contains("@") || !flagged.isEmpty || webhookHost {
                throw entry.problem("url", "holds a credential, and config.yml is committed: put the URL in an environment "
                    + "variable and write url: $NAME (for example $SLACK_WEBHOOK_URL)")
            }
            return target
        }
    }
}
