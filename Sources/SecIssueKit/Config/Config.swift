import Foundation

/// The policy in `.security/config.yml`. Missing fields take the defaults that `init` writes.
public struct Config: Sendable {
    public static let path = ".security/config.yml"

    /// The store format (`format:`): where new finding files go. Without the field, a store is
    /// format 1 (flat), as every store was before format 2; `init` writes the newest.
    public var findingLayout = FindingLayout.flat
    /// The letters before the dash in every new finding ID.
    public var idPrefix = "SEC"
    /// Days from `created` to `due` per severity; nil means no due date.
    /// Each must lie in `slaDaysRange`: ten years is past any SLA, and the limit keeps due-date arithmetic far from overflow.
    public var slaDays: [Severity: Int?] = [.critical: 7, .high: 30, .medium: 90, .low: 180, .info: nil]
    /// The least severity that fails a policy gate.
    public var failOn: Severity = .high
    /// Whether policy gates also fail when an active finding is past its due date.
    public var failOnOverdue = false
    /// Severity chosen by people for a tool's rule, over what the scanner says: tool -> rule -> severity.
    public var severityOverrides = SeverityOverrides()
    /// Secrets the pre-commit hook lets through: path globs and rule ids (`hooks.secrets` in config.yml).
    public var secretAllowlist = SecretAllowlist()
    /// A gitleaks TOML rules file in the repository whose rules run beside the built-in ones
    /// (`secrets.gitleaks_config` in config.yml).
    public var gitleaksConfig: String?
    /// SARIF files larger than this many MB are refused before parsing.
    public var maxSARIFMB = Config.defaultMaxSARIFMB
    public static let defaultMaxSARIFMB = 32
    /// Protected paths and their approvers (`protect:`).
    public var protect = ProtectPolicy()
    /// Thresholds and log fields for `telemetry ingest` (`telemetry:`).
    public var telemetry = TelemetryPolicy()
    /// OSV advisory sources for `libs audit` (`advisories:`): directories of OSV files, RustSec
    /// checkouts or osv.dev zip exports, relative to the repository's top directory or absolute.
    public var advisories: [String] = []
    /// Who owns which paths (`owners:`): new and imported findings are assigned by location.
    public var owners = OwnerMap()
    /// Results filed already settled (`ignore:`): by tool, rule glob and path glob, with a reason.
    public var suppressions: [SuppressionRule] = []
    /// Webhooks told of new and reopened findings (`notify:`).
    public var notify: [NotifyTarget] = []
    /// Which new findings are filed confidential (`confidential:`, docs/confidential.md).
    public var confidential = ConfidentialPolicy()

    public init() {}

    /// The ranges config.yml numbers must lie in, checked where the file is parsed (so by `validate` too).
    public static let slaDaysRange = 1...3650
    /// The whole log is read into memory, so beyond a couple of gigabytes it is a mistake, not a policy.
    public static let maxSARIFMBRange = 1...2048
    public static let windowSecondsRange = 1...86_400
    public static let burstThresholdRange = 1...1_000_000

    /// Parses config.yml, reporting a bad field as `path:line: field: problem`.
    public init(yaml text: String, path: String = Config.path) throws {
        let fields = try YAMLFields.parse(text, path: path, lineOffset: 0)
        let formats = FindingLayout.allCases.map(\.format)
        if let format = try fields.int("format") {
            guard let layout = FindingLayout(rawValue: format) else {
                throw fields.problem("format", "this store is format \(format), which this git-secissue does not know (it knows \(formats.map(String.init).joined(separator: " or "))): upgrade git-secissue")
            }
            findingLayout = layout
        }
        if let prefix = try fields.string("id_prefix") {
            guard prefix.first?.isLetter == true, prefix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw fields.problem("id_prefix", "'\(prefix)' must be letters and digits, starting with a letter (for example SEC)")
            }
            idPrefix = prefix
        }
        if let sla = try fields.nested("sla_days") {
            for key in sla.keys {
                guard let severity = Severity(rawValue: key) else {
                    throw sla.problem(key, "unknown severity: use \(Severity.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                slaDays[severity] = .some(try sla.int(key, in: Self.slaDaysRange, unit: "days, or null for no due date"))
            }
        }
        if let gate = try fields.nested("gate") {
            if let failOn = try gate.enumValue("fail_on", Severity.self) { self.failOn = failOn }
            if let overdue = try gate.string("fail_on_overdue") {
                guard let flag = ["true": true, "false": false, "yes": true, "no": false][overdue] else {
                    throw gate.problem("fail_on_overdue", "expected true or false, found '\(overdue)'")
                }
                failOnOverdue = flag
            }
        }
        if let overrides = try fields.nested("severity_overrides") {
            for tool in overrides.keys {
                guard let rules = try overrides.nested(tool) else { continue }
                for rule in rules.keys {
                    // `ignore` is not a severity: the rule's results are left out (SeverityOverrides).
                    let value = try rules.string(rule)
                    let severity = value == "ignore" ? nil : try rules.enumValue(rule, Severity.self)
                    guard value == "ignore" || severity != nil else { continue }
                    severityOverrides.byTool[tool, default: []].append(SeverityOverrides.Entry(rule, severity))
                }
            }
        }
        if let hooks = try fields.nested("hooks"), let secrets = try hooks.nested("secrets") {
            secretAllowlist = SecretAllowlist(paths: try secrets.strings("allow_paths"), rules: try secrets.strings("allow_rules"))
        }
        if let secrets = try fields.nested("secrets"), let rules = try secrets.string("gitleaks_config") {
            guard !rules.isEmpty, !rules.hasPrefix("/"), !rules.split(separator: "/").contains("..") else {
                throw secrets.problem("gitleaks_config", "'\(rules)' must be a path inside the repository, such as .gitleaks.toml")
            }
            gitleaksConfig = rules
        }
        if let importing = try fields.nested("import"),
           let limit = try importing.int("max_sarif_mb", in: Self.maxSARIFMBRange, unit: "megabytes") {
            maxSARIFMB = limit
        }
        if let protect = try fields.nested("protect") {
            try readProtect(protect)
        } else if fields.entry("protected_paths") != nil {
            // The name of the field before `protect:` existed.
            protect.paths = try fields.strings("protected_paths")
        }
        if let telemetry = try fields.nested("telemetry") {
            try readTelemetry(telemetry)
        }
        if let owners = try fields.nested("owners") {
            self.owners = try OwnerMap(owners)
        }
        if fields.has("ignore") {
            suppressions = try SuppressionRule.read(fields)
        }
        if fields.has("notify") {
            notify = try NotifyTarget.read(fields)
        }
        if let confidential = try fields.nested("confidential") {
            self.confidential = ConfidentialPolicy(minSeverity: try confidential.enumValue("min_severity", Severity.self),
                                                   tools: try confidential.strings("tools"))
            if let hide = try confidential.string("hide_severity") {
                guard let flag = ["true": true, "false": false, "yes": true, "no": false][hide] else {
                    throw confidential.problem("hide_severity", "expected true or false, found '\(hide)'")
                }
                self.confidential.hidesSeverity = flag
            }
        }
        if fields.entry("advisories") != nil {
            advisories = try fields.strings("advisories")
            for source in advisories where source.trimmingCharacters(in: .whitespaces).isEmpty || source.contains(where: \.isNewline) {
                throw fields.problem("advisories", "'\(source)' is not a path: list directories of OSV files or osv.dev zip exports, one per item")
            }
        }
    }

    private mutating func readProtect(_ fields: YAMLFields) throws {
        if fields.entry("paths") != nil { protect.paths = try fields.strings("paths") }
        if let severity = try fields.enumValue("severity", Severity.self) { protect.severity = severity }
        if let trust = try fields.string("trust_trailers") {
            guard let flag = ["true": true, "false": false, "yes": true, "no": false][trust] else {
                throw fields.problem("trust_trailers", "expected true or false, found '\(trust)'")
            }
            protect.trustTrailers = flag
        }
        guard let value = fields.entry("approvers")?.value, !value.isNull else { return }
        guard case .list(let items) = value else {
            throw fields.problem("approvers", "expected a list of people (name <email>, or name:, email:, keys:, login: fields)")
        }
        protect.approvers = try items.enumerated().map { index, item in
            switch item {
            case .scalar(let text, _):
                return ProtectPolicy.Approver(parsing: text)
            case .map(let entries):
                let person = YAMLFields(path: fields.path, entries: entries, lineOffset: fields.lineOffset,
                                        prefix: "\(fields.prefix)approvers[\(index + 1)].", line: fields.lineOf("approvers"))
                let approver = ProtectPolicy.Approver(name: try person.string("name"), email: try person.string("email"),
                                                      keys: try person.strings("keys"), login: try person.string("login"))
                guard approver.name != nil || approver.email != nil else {
                    throw fields.problem("approvers", "entry \(index + 1) needs a name: or an email:")
                }
                return approver
            case .list:
                throw fields.problem("approvers", "entry \(index + 1) is a list: write a person, or name:/email:/keys:/login: fields")
            }
        }
    }

    private mutating func readTelemetry(_ fields: YAMLFields) throws {
        if let addresses = try fields.enumValue("client_addresses", ClientAddressPolicy.self) { telemetry.clientAddresses = addresses }
        if let bursts = try fields.nested("bursts") {
            let limits = [("window_seconds", \TelemetryPolicy.windowSeconds, Self.windowSecondsRange, "seconds"),
                          ("http_4xx", \.burst4xx, Self.burstThresholdRange, "responses"),
                          ("http_5xx", \.burst5xx, Self.burstThresholdRange, "responses"),
                          ("client_4xx_paths", \.clientPaths4xx, Self.burstThresholdRange, "distinct routes"),
                          ("rate_factor", \.rateFactor, 2...1_000, "times the log's median share"),
                          ("rate_min_responses", \.rateMinimum, Self.burstThresholdRange, "responses")]
            for (key, keyPath, range, unit) in limits {
                guard let value = try bursts.int(key, in: range, unit: unit) else { continue }
                telemetry[keyPath: keyPath] = value
            }
        }
        if let attempts = try fields.nested("attempts") {
            if let severity = try attempts.enumValue("severity", Severity.self) { telemetry.attemptSeverity = severity }
            switch try attempts.string("gate") {
            case nil: break
            case "true": telemetry.gateAttempts = true
            case "false": telemetry.gateAttempts = false
            case let other?: throw attempts.problem("gate", "'\(other)' is not true or false")
            }
        }
        if let names = try fields.nested("jsonl_fields") {
            let keys: [(String, WritableKeyPath<TelemetryPolicy.JSONLFields, String>)] = [
                ("time", \.time), ("client", \.client), ("method", \.method), ("path", \.path), ("request", \.request),
                ("status", \.status), ("user_agent", \.userAgent),
            ]
            for (key, keyPath) in keys {
                if let name = try names.string(key) { telemetry.fields[keyPath: keyPath] = name }
            }
        }
    }

    /// The due date (`YYYY-MM-DD`, UTC) for a finding of `severity` created at `created`.
    public func dueDate(for severity: Severity, created: Date) -> String? {
        guard let days = slaDays[severity] ?? nil else { return nil }
        return Timestamp.day(created.addingTimeInterval(TimeInterval(days) * 86_400))
    }
}
