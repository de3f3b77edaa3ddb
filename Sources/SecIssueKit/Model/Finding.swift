/// One security finding: the front matter fields of `.security/findings/<ID>.md`
/// (DESIGN.md names them), its Markdown description and its activity log.
public struct Finding: Equatable, Sendable {
    public var id: String
    public var title: String
    public var status: Status
    public var severity: Severity
    public var cwe: [Int] = []
    /// ISO 8601 UTC timestamps, kept as written so a rewrite never reformats them.
    public var created: String
    public var updated: String
    public var reporter: String
    public var assignee: String?
    /// `YYYY-MM-DD`, from `created` plus the SLA days of the severity.
    public var due: String?
    /// `YYYY-MM-DD` of the last scan that reported an imported finding.
    public var lastSeen: String?
    public var tags: [String] = []
    public var source: Source?
    public var location: Location?
    /// What telemetry saw, added up over every ingest: for findings that count events.
    public var evidence: Evidence?
    public var commits = Commits()
    public var links: [String] = []
    public var guidance: [String] = []
    public var triage: Triage?
    /// Set for a confidential finding: encrypted to the recipients in `.security/recipients`.
    public var confidential: Confidentiality?
    /// The Markdown before the `## Activity` section.
    public var description: String = ""
    /// The activity lines, oldest first, without their leading `- `.
    public var activity: [String] = []

    public init(id: String, title: String, status: Status = .open, severity: Severity, created: String, reporter: String) {
        self.id = id
        self.title = title
        self.status = status
        self.severity = severity
        self.created = created
        self.updated = created
        self.reporter = reporter
    }

    /// Where an imported finding came from.
    public struct Source: Equatable, Sendable {
        public var tool: String
        public var version: String?
        public var rule: String?
        public var category: String?
        public var fingerprint: String?

        public init(tool: String, version: String? = nil, rule: String? = nil, category: String? = nil, fingerprint: String? = nil) {
            self.tool = tool
            self.version = version
            self.rule = rule
            self.category = category
            self.fingerprint = fingerprint
        }

        /// The identity key of the result this finding was filed from (`ScanResult.identityKey`),
        /// when the source names its rule and fingerprint.
        public var identityKey: String? {
            guard let rule, let fingerprint else { return nil }
            return ScanResult.identityKey(tool: tool, rule: rule, fingerprint: fingerprint)
        }
    }

    /// A place in the code, relative to the repository root.
    public struct Location: Equatable, Sendable {
        public var path: String
        public var line: Int?
        public var column: Int?
        public var endLine: Int?

        public init(path: String, line: Int? = nil, column: Int? = nil, endLine: Int? = nil) {
            self.path = path
            self.line = line
            self.column = column
            self.endLine = endLine
        }

        /// `path:line`, as compilers and `git grep -n` print a place.
        public var display: String { line.map { "\(path):\($0)" } ?? path }
    }

    /// Counted events behind a telemetry finding.
    public struct Evidence: Equatable, Sendable {
        public var count: Int
        /// ISO 8601 UTC timestamps of the first and last event counted.
        public var firstSeen: String
        public var lastSeen: String
        /// The busiest sources, most events first.
        public var sources: [Source]

        public init(count: Int, firstSeen: String, lastSeen: String, sources: [Source] = []) {
            self.count = count
            self.firstSeen = firstSeen
            self.lastSeen = lastSeen
            self.sources = sources
        }

        /// Who sent events (a client address, `arn (ip)` for cloud calls) and how many.
        public struct Source: Equatable, Sendable {
            public var name: String
            public var count: Int

            public init(name: String, count: Int) {
                self.name = name
                self.count = count
            }

            /// `NAME (COUNT)`: how the codec writes a source in the front matter.
            public var display: String { "\(name) (\(count))" }

            /// A source as the codec wrote it; an entry without a trailing ` (COUNT)` (edited by
            /// hand) is a name with no events counted.
            public init(display entry: String) {
                guard entry.hasSuffix(")"), let open = entry.range(of: " (", options: .backwards),
                      let count = Int(entry[open.upperBound..<entry.index(before: entry.endIndex)]), count >= 0 else {
                    self.init(name: entry, count: 0)
                    return
                }
                self.init(name: String(entry[..<open.lowerBound]), count: count)
            }
        }
    }

    /// The commits a finding is tied to, as full hashes.
    public struct Commits: Equatable, Sendable {
        public var introduced: String?
        public var detected: String?
        public var fixed: String?
        public var linked: [String] = []

        public init(introduced: String? = nil, detected: String? = nil, fixed: String? = nil, linked: [String] = []) {
            self.introduced = introduced
            self.detected = detected
            self.fixed = fixed
            self.linked = linked
        }
    }

    /// Why a human settled a finding without a fix.
    public struct Triage: Equatable, Sendable {
        public var reason: String?
        public var by: String?
        public var expires: String?
        public var duplicateOf: String?

        public init(reason: String? = nil, by: String? = nil, expires: String? = nil, duplicateOf: String? = nil) {
            self.reason = reason
            self.by = by
            self.expires = expires
            self.duplicateOf = duplicateOf
        }
    }
}
