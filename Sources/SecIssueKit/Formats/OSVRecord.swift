/// One advisory in the Open Source Vulnerability format (ossf/osv-schema), the fields this tool
/// reads. Advisory databases (`libs audit`) and OSV-Scanner's output (`import`) both hold them.
public struct OSVRecord: Codable, Sendable {
    public var id: String
    public var summary: String?
    public var details: String?
    public var aliases: [String]?
    public var modified: String?
    public var published: String?
    public var withdrawn: String?
    public var severity: [Score]?
    public var affected: [Affected]?
    public var references: [Reference]?
    public var databaseSpecific: DatabaseSpecific?

    enum CodingKeys: String, CodingKey {
        case id, summary, details, aliases, modified, published, withdrawn, severity, affected, references
        case databaseSpecific = "database_specific"
    }

    public init(id: String) { self.id = id }

    public struct Score: Codable, Sendable {
        /// `CVSS_V2`, `CVSS_V3`, `CVSS_V4`, `Ubuntu`.
        public var type: String
        public var score: String

        public init(type: String, score: String) {
            self.type = type
            self.score = score
        }
    }

    public struct Reference: Codable, Sendable {
        public var type: String?
        public var url: String

        public init(type: String?, url: String) {
            self.type = type
            self.url = url
        }
    }

    /// Only the `severity` label (GitHub's `MODERATE`, RustSec's `informational` kind) is read;
    /// anything else in the free-form object is ignored rather than refused.
    public struct DatabaseSpecific: Codable, Sendable {
        public var severity: String?

        public init(severity: String?) { self.severity = severity }

        enum CodingKeys: String, CodingKey { case severity }

        public init(from decoder: Decoder) throws {
            let container = try? decoder.container(keyedBy: CodingKeys.self)
            severity = (try? container?.decodeIfPresent(String.self, forKey: .severity)) ?? nil
        }
    }

    public struct Affected: Codable, Sendable {
        public var package: Package?
        public var ranges: [Range]?
        public var versions: [String]?
        public var severity: [Score]?
        /// RustSec's own requirements (`patched`, `unaffected`) when the record was read from its
        /// TOML format: not part of OSV, kept so the cache holds what the matcher needs.
        public var rustsec: Requirements?

        public init(package: Package?, ranges: [Range]? = nil, versions: [String]? = nil) {
            self.package = package
            self.ranges = ranges
            self.versions = versions
        }

        enum CodingKeys: String, CodingKey {
            case package, ranges, versions, severity
            case rustsec = "x_rustsec"
        }
    }

    public struct Package: Codable, Sendable {
        public var ecosystem: String
        public var name: String
        public var purl: String?

        public init(ecosystem: String, name: String, purl: String? = nil) {
            self.ecosystem = ecosystem
            self.name = name
            self.purl = purl
        }
    }

    public struct Range: Codable, Sendable {
        /// `SEMVER`, `ECOSYSTEM` or `GIT` (commits, which a version cannot be checked against).
        public var type: String
        public var events: [Event]

        public init(type: String, events: [Event]) {
            self.type = type
            self.events = events
        }
    }

    public struct Event: Codable, Sendable {
        public var introduced: String?
        public var fixed: String?
        public var lastAffected: String?
        public var limit: String?

        public init(introduced: String? = nil, fixed: String? = nil, lastAffected: String? = nil, limit: String? = nil) {
            self.introduced = introduced
            self.fixed = fixed
            self.lastAffected = lastAffected
            self.limit = limit
        }

        enum CodingKeys: String, CodingKey {
            case introduced, fixed, limit
            case lastAffected = "last_affected"
        }
    }

    public struct Requirements: Codable, Sendable {
        public var patched: [String]
        public var unaffected: [String]

        public init(patched: [String], unaffected: [String]) {
            self.patched = patched
            self.unaffected = unaffected
        }
    }

    /// The severity the record gives: the highest CVSS base score computed from its vectors (of
    /// the record or of an affected package), else the database's own label; nil when it says nothing.
    public var rating: (severity: Severity, score: Double?, vector: String?)? {
        let vectors = (severity ?? []) + (affected ?? []).flatMap { $0.severity ?? [] }
        let scored = vectors.compactMap { entry in CVSS.baseScore(entry.score).map { ($0, entry.score) } }
        if let best = scored.max(by: { $0.0 < $1.0 }) { return (CVSS.severity(score: best.0), best.0, best.1) }
        if let label = databaseSpecific?.severity?.lowercased() {
            let known: [String: Severity] = ["critical": .critical, "high": .high, "moderate": .medium, "medium": .medium,
                                             "low": .low, "none": .info, "informational": .low]
            if let severity = known[label] { return (severity, nil, nil) }
        }
        return nil
    }

    /// Aliases first by kind (CVE, GHSA, PYSEC, RUSTSEC, GO, others), each kind sorted.
    public var sortedAliases: [String] {
        let ranks = ["CVE-": 0, "GHSA-": 1, "PYSEC-": 2, "RUSTSEC-": 3, "GO-": 4]
        func rank(_ alias: String) -> Int { ranks.first { alias.hasPrefix($0.key) }?.value ?? 5 }
        return Array(Set(aliases ?? [])).filter { $0 != id }.sorted { (rank($0), $0) < (rank($1), $1) }
    }
}
