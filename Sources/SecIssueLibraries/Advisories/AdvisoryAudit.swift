import SecIssueKit

/// `libs audit`: which dependencies the advisories say are vulnerable, what fixes them, and the
/// findings that files (one per advisory, package and manifest).
public struct AdvisoryAudit {
    public let database: AdvisoryDatabase

    public init(database: AdvisoryDatabase) {
        self.database = database
    }

    /// Parses each (scheme, text) once: a package with hundreds of advisories compares the same
    /// event versions for every candidate upgrade, and PEP 440 parsing is a regular expression.
    final class Versions {
        /// By text, then scheme: a text is read in one or two schemes, and hashing the scheme cost more than the list.
        private var parsed: [String: [(scheme: VersionScheme, version: OrderedVersion?)]] = [:]

        func parse(_ text: String, _ scheme: VersionScheme) -> OrderedVersion? {
            if let known = parsed[text]?.first(where: { $0.scheme == scheme }) { return known.version }
            let version = scheme.parse(text)
            parsed[text, default: []].append((scheme, version))
            return version
        }
    }

    /// One advisory that affects one dependency.
    public struct Match: Sendable {
        public let dependency: Dependency
        public let record: OSVRecord
        /// The versions that fix it, lowest first.
        public let fixed: [String]
        /// The lowest version above the dependency's that no advisory of the package affects; nil when none is published.
        public let upgrade: String?

        public var isWithdrawn: Bool { record.withdrawn != nil }
        public var severity: Severity { record.rating?.severity ?? .medium }
        /// What the finding ID derives from: advisory, ecosystem, package and manifest (not the version,
        /// so an upgrade that still is affected updates the same finding).
        public var identity: String { "v1/osv:\(dependency.ecosystem.rawValue)/\(dependency.name)@\(dependency.manifest)#\(record.id)" }
    }

    public struct Report: Sendable {
        /// Advisories in force that affect a dependency, by manifest, line and advisory.
        public var matches: [Match] = []
        /// Withdrawn advisories that would affect a dependency: their findings are fixed with a note.
        public var withdrawn: [Match] = []
        /// Dependencies without a version this ecosystem's scheme reads (an unpinned range, a git revision).
        public var unchecked: [Dependency] = []
        public var checked = 0
    }

    public func audit(_ dependencies: [Dependency]) throws -> Report {
        var report = Report()
        let versions = Versions()
        for dependency in dependencies {
            let scheme = VersionScheme(dependency.ecosystem)
            let entries = try database.advisories(for: dependency.ecosystem, name: dependency.name)
            guard let text = dependency.version, let version = versions.parse(text, scheme) else {
                if !entries.isEmpty || dependency.version == nil { report.unchecked.append(dependency) }
                continue
            }
            report.checked += 1
            guard !entries.isEmpty else { continue }
            // Each entry's ranges are read and ordered once, for the version and for the upgrade search.
            let prepared = entries.map { (entry: $0, versions: AffectedVersions($0.affected, scheme: scheme, versions: versions)) }
            let affecting = prepared.filter { $0.versions.contains(version, text: text, versions: versions) }.map(\.entry)
            guard !affecting.isEmpty else { continue }
            let upgrade = Self.upgrade(from: version, entries: prepared.filter { $0.entry.record.withdrawn == nil }.map(\.versions),
                                       scheme: scheme, versions: versions)
            let byID = Dictionary(grouping: affecting, by: \.record.id)
            var seen = Set<String>()
            for entry in affecting where seen.insert(entry.record.id).inserted {
                let fixed = Self.fixedVersions((byID[entry.record.id] ?? []).map(\.affected), scheme: scheme, versions: versions)
                let match = Match(dependency: dependency, record: entry.record, fixed: fixed, upgrade: upgrade)
                if match.isWithdrawn { report.withdrawn.append(match) } else { report.matches.append(match) }
            }
        }
        report.matches.sort { ($0.dependency.manifest, $0.dependency.line ?? 0, $0.record.id) < ($1.dependency.manifest, $1.dependency.line ?? 0, $1.record.id) }
        return report
    }

    // MARK: Affected versions

    /// Whether an affected entry covers `version` (see `AffectedVersions`).
    static func affects(_ affected: OSVRecord.Affected, version: OrderedVersion, text: String, scheme: VersionScheme,
                        versions: Versions = Versions()) -> Bool {
        AffectedVersions(affected, scheme: scheme, versions: versions).contains(version, text: text, versions: versions)
    }

    /// The fixed versions of affected entries, lowest first: `fixed` events, and the lower bound of
    /// each RustSec patched requirement.
    static func fixedVersions(_ entries: [OSVRecord.Affected], scheme: VersionScheme, versions: Versions = Versions()) -> [String] {
        var found: [String] = []
        for entry in entries {
            // GIT ranges fix in commits, which are no version to upgrade to.
            found += (entry.ranges ?? []).filter { $0.type != "GIT" }.flatMap { $0.events.compactMap(\.fixed) }
            found += (entry.rustsec?.patched ?? []).compactMap(lowerBound)
        }
        let unique = Set(found).map { (text: $0, version: versions.parse($0, scheme)) }
        return unique.sorted { a, b in
            guard let x = a.version, let y = b.version else { return a.text < b.text }
            let order = OrderedVersion.compare(x, y)
            return order != 0 ? order < 0 : a.text < b.text
        }.map(\.text)
    }

    /// `>= 1.2.3, < 2` -> 1.2.3; `^0.3.8` -> 0.3.8.
    private static func lowerBound(_ requirement: String) -> String? {
        for part in requirement.split(separator: ",") {
            let text = part.trimmingCharacters(in: .whitespaces)
            for op in [">=", "^", "~", "="] where text.hasPrefix(op) {
                return text.dropFirst(op.count).trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// The smallest version above `version` among the published fixes that none of the package's
    /// advisories affects: the one upgrade that clears them all. A fix inside a range that covers
    /// the one before it is skipped without asking the other advisories.
    static func upgrade(from version: OrderedVersion, entries: [AffectedVersions], scheme: VersionScheme,
                        versions: Versions = Versions()) -> String? {
        let candidates = fixedVersions(entries.map(\.affected), scheme: scheme, versions: versions).compactMap { text in
            versions.parse(text, scheme).map { (text: text, version: $0) }
        }.filter { $0.version > version }
        var next = 0
        while next < candidates.count {
            let (text, candidate) = candidates[next]
            next += 1
            // Ranges first: they cover most of what explicit lists do, and say how far.
            if let coverage = entries.lazy.compactMap({ $0.rangeCoverage(candidate, text: text, versions: versions) }).first {
                switch coverage {
                case .version: continue
                case .until(let end): while next < candidates.count && candidates[next].version < end { next += 1 }
                case .onwards: return nil
                }
            } else if !entries.contains(where: { $0.lists(candidate, text: text, versions: versions) }) {
                return text
            }
        }
        return nil
    }

    // MARK: Findings

    /// The scan results: one per match, located at the manifest line.
    public static func results(_ matches: [Match], config: Config) -> [ScanResult] {
        matches.map { match in
            let dependency = match.dependency
            var result = ScanResult(
                tool: "osv", rule: match.record.id, category: "default", title: title(match), severity: match.severity, cwe: [1395],
                location: Finding.Location(path: dependency.manifest, line: dependency.line), message: description(match),
                helpURI: "https://osv.dev/vulnerability/\(match.record.id)", fingerprint: match.identity)
            if let override = config.severityOverrides.configured(tool: "osv", rule: match.record.id)?.severity { result.severity = override }
            result.tags = ["dependency"]
            // The upgrade advice changes as advisories are published: the description is the tool's to keep current.
            result.refreshes = true
            return result
        }
    }

    /// Fixes for findings of withdrawn advisories, with the date it was withdrawn.
    public static func resolutions(_ withdrawn: [Match], commit: String) -> [ScanImport.Resolution] {
        withdrawn.map { match in
            ScanImport.Resolution(identityKey: ["osv", match.record.id, match.identity].joined(separator: "\u{0}"), tool: "osv", commit: commit,
                                  reason: "the advisory \(match.record.id) was withdrawn on \(match.record.withdrawn ?? "an unknown date")")
        }
    }

    /// The summary, else the first sentence of the details, on one line; the package named when it is not.
    static func title(_ match: Match) -> String {
        let record = match.record
        var text = record.summary?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if text.isEmpty, let details = record.details {
            let line = details.split(whereSeparator: \.isNewline).first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(String.init) ?? ""
            text = line.range(of: ". ").map { String(line[..<$0.lowerBound]) } ?? line
        }
        text = text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : String($0) }.joined()
            .replacingOccurrences(of: "**", with: "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty { text = record.id }
        let name = match.dependency.name
        if !text.lowercased().contains(name.lowercased()) { text = "\(name): \(text)" }
        return text.count > 120 ? String(text.prefix(119)) + "…" : text
    }

    /// The finding's description: what is affected, aliases, severity, fixes, the upgrade, references.
    static func description(_ match: Match) -> String {
        let record = match.record
        let dependency = match.dependency
        func inline(_ text: String) -> String { SafeText.escape(text, for: .markdownInline) }
        func code(_ text: String) -> String { SafeText.escape(text, for: .markdownCode) }
        var parts: [String] = []
        var opening = "\(code(dependency.name)) \(code(dependency.version ?? "?")) (\(dependency.ecosystem.rawValue)), declared in "
            + "\(code(dependency.manifest + (dependency.line.map { ":\($0)" } ?? ""))), is affected by \(code(record.id))"
        let aliases = record.sortedAliases
        if !aliases.isEmpty { opening += " (\(aliases.map(code).joined(separator: ", ")))" }
        parts.append(opening + ".")
        if let details = record.details?.trimmingCharacters(in: .whitespacesAndNewlines), !details.isEmpty {
            let clipped = details.count > 2_000 ? String(details.prefix(2_000)) + " …" : details
            parts.append(clipped.split(separator: "\n", omittingEmptySubsequences: false).map { inline(String($0)) }.joined(separator: "\n"))
        }
        var facts: [String] = []
        if !aliases.isEmpty { facts.append("- **Aliases:** " + aliases.map(code).joined(separator: ", ")) }
        if let rating = record.rating {
            var line = "- **Severity:** \(rating.severity.rawValue)"
            if let score = rating.score, let vector = rating.vector { line += " (CVSS \(score), \(code(vector)))" }
            facts.append(line)
        } else {
            facts.append("- **Severity:** medium (the advisory gives none)")
        }
        facts.append("- **Fixed in:** " + (match.fixed.isEmpty ? "no fixed version is published" : match.fixed.map(code).joined(separator: ", ")))
        facts.append("- **Upgrade:** " + (match.upgrade.map { "\(code($0)) is the smallest version that no known advisory of \(code(dependency.name)) affects" }
            ?? "no published version clears every known advisory of \(code(dependency.name))"))
        if let published = record.published { facts.append("- **Published:** \(inline(published))") }
        parts.append(facts.joined(separator: "\n"))
        let links = (record.references ?? []).prefix(12).map { reference -> String in
            let url = reference.url
            let linkable = (url.hasPrefix("https://") || url.hasPrefix("http://")) && !url.contains { $0.isWhitespace || "()<>[]`\"".contains($0) }
            return "- " + (linkable ? "<\(url)>" : code(url))
        }
        if !links.isEmpty { parts.append("References:\n\n" + links.joined(separator: "\n")) }
        return parts.joined(separator: "\n\n")
    }
}
