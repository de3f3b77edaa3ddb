/// `.security/libraries.yml`: per ecosystem, a mode and the trusted and banned libraries.
public struct LibraryPolicy: Sendable {
    public static let path = ".security/libraries.yml"

    public enum Mode: String, CaseIterable, Sendable {
        /// Anything not banned is allowed.
        case denylist
        /// Only trusted libraries are allowed.
        case allowlist
    }

    /// One trusted or banned library.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var versions: VersionRange
        public var reason: String?
        public var owner: String?
        public var alternative: String?
        public var severity: Severity?
        public var line: Int?

        public init(name: String, versions: VersionRange = VersionRange("*"), reason: String? = nil, owner: String? = nil,
                    alternative: String? = nil, severity: Severity? = nil, line: Int? = nil) {
            self.name = name
            self.versions = versions
            self.reason = reason
            self.owner = owner
            self.alternative = alternative
            self.severity = severity
            self.line = line
        }
    }

    public struct Rules: Sendable {
        public var mode: Mode = .denylist
        public var trusted: [Entry] = []
        public var banned: [Entry] = []
    }

    public enum Verdict: Sendable, Equatable {
        case allowed
        case trusted(Entry)
        case banned(Entry)
        /// Allowlist mode, and no trusted entry covers this library and version.
        case untrusted
    }

    public var ecosystems: [Ecosystem: Rules] = [:]
    /// Entries that work, but not as their authors may think (a Maven artifact without its group).
    public var warnings: [String] = []

    public init() {}

    /// Parses libraries.yml, reporting a bad field as `path:line: field: problem`.
    public init(yaml text: String, path: String = LibraryPolicy.path) throws {
        let fields = try YAMLFields.parse(text, path: path, lineOffset: 0)
        guard let ecosystems = try fields.nested("ecosystems") else { return }
        for key in ecosystems.keys {
            guard let ecosystem = Ecosystem(rawValue: key) else {
                throw ecosystems.problem(key, "unknown ecosystem: use \(Ecosystem.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let body = try ecosystems.nested(key) else { continue }
            var rules = Rules()
            rules.mode = try body.enumValue("mode", Mode.self) ?? .denylist
            rules.trusted = try body.items("trusted").map(Self.entry)
            rules.banned = try body.items("banned").map(Self.entry)
            if ecosystem == .maven {
                for entry in rules.trusted + rules.banned where !entry.name.contains(":") {
                    warnings.append("\(path):\(entry.line.map(String.init) ?? "?"): " + Self.mavenWarning(entry.name))
                }
            }
            self.ecosystems[ecosystem] = rules
        }
    }

    private static func entry(_ fields: YAMLFields) throws -> Entry {
        let versions = VersionRange(try fields.string("versions"))
        guard versions.isValid else {
            throw fields.problem("versions", "'\(versions.text)' is not a version range: use *, or constraints such as >=1.2, <2 or ~=3.2")
        }
        return Entry(name: try fields.required("name"), versions: versions, reason: try fields.string("reason"),
              owner: try fields.string("owner"), alternative: try fields.string("alternative"),
              severity: try fields.enumValue("severity", Severity.self), line: fields.line)
    }

    /// What a Maven entry without a group means, for the warning `libs` prints.
    public static func mavenWarning(_ name: String) -> String {
        "maven entry '\(name)' names no group: write group:artifact (for example org.apache.logging.log4j:log4j-core); "
            + "until then it matches the artifact \(name) of every group"
    }

    /// What the policy says of one dependency: a ban wins over trust. Versions are ordered by
    /// the ecosystem's own rules.
    public func verdict(for dependency: Dependency) -> Verdict {
        guard let rules = ecosystems[dependency.ecosystem] else { return .allowed }
        let scheme = VersionScheme(dependency.ecosystem)
        let same = { (entry: Entry) in Self.names(entry.name, dependency.name, dependency.ecosystem) }
        if let ban = rules.banned.first(where: { same($0) && $0.versions.contains(dependency.version, scheme: scheme) }) { return .banned(ban) }
        if let trust = rules.trusted.first(where: { same($0) && $0.versions.contains(dependency.version, scheme: scheme) }) { return .trusted(trust) }
        return rules.mode == .allowlist ? .untrusted : .allowed
    }

    /// True when an entry's name names the dependency: the same key, or for Maven an entry
    /// without a group that names the dependency's artifact (Maven names are `group:artifact`).
    static func names(_ entry: String, _ dependency: String, _ ecosystem: Ecosystem) -> Bool {
        let (a, b) = (key(entry, ecosystem), key(dependency, ecosystem))
        if a == b { return true }
        guard ecosystem == .maven, !a.contains(":"), let colon = b.lastIndex(of: ":") else { return false }
        return b[b.index(after: colon)...] == a
    }

    /// Names as each ecosystem compares them: PyPI ignores case and treats - _ . alike (PEP 503).
    public static func key(_ name: String, _ ecosystem: Ecosystem) -> String {
        switch ecosystem {
        case .pypi: return name.lowercased().split(whereSeparator: { "-_.".contains($0) }).joined(separator: "-")
        case .npm, .cargo, .rubygems, .go: return name
        case .swift, .maven, .composer, .nuget: return name.lowercased()
        }
    }
}
