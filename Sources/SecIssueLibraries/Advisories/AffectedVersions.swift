import SecIssueKit

/// The versions one OSV affected entry covers, with its range events parsed and ordered once:
/// an upgrade search asks the same entry about every published fix.
///
/// A version is covered when it is listed in `versions`, inside a `SEMVER` or `ECOSYSTEM` range
/// (events ordered by the scheme; `fixed` and `limit` exclusive, `last_affected` inclusive), or,
/// for RustSec's format, matched by no patched or unaffected requirement.
struct AffectedVersions {
    enum Kind { case introduced, fixed, lastAffected, limit }
    typealias Event = (kind: Kind, version: OrderedVersion?)

    /// One range: the scheme its versions read in, and its events in order; nil events when the
    /// scheme cannot read one of them (GIT ranges, a malformed version), which covers nothing.
    struct Range {
        let scheme: VersionScheme
        let events: [Event]?
    }

    let affected: OSVRecord.Affected
    let scheme: VersionScheme
    let ranges: [Range]
    /// The explicit `versions` list (PyPA's run to hundreds).
    let listed: [String]

    init(_ affected: OSVRecord.Affected, scheme: VersionScheme, versions: AdvisoryAudit.Versions) {
        self.affected = affected
        self.scheme = scheme
        listed = affected.versions ?? []
        ranges = (affected.ranges ?? []).compactMap { range in
            let rangeScheme: VersionScheme
            switch range.type {
            case "SEMVER": rangeScheme = scheme == .go || scheme == .semver ? scheme : .semver
            case "ECOSYSTEM": rangeScheme = scheme
            default: return nil
            }
            return Range(scheme: rangeScheme, events: Self.ordered(range, scheme: rangeScheme, versions: versions))
        }
    }

    /// How far above a covered version the coverage reaches, so that an upgrade search skips the
    /// fixes that cannot clear this entry.
    enum Coverage {
        /// This version (matched by a RustSec requirement or a range of another scheme).
        case version
        /// Every version of the scheme from this one up to `end` (exclusive).
        case until(OrderedVersion)
        /// Every version of the scheme from this one up.
        case onwards
    }

    func contains(_ version: OrderedVersion, text: String, versions: AdvisoryAudit.Versions) -> Bool {
        rangeCoverage(version, text: text, versions: versions) != nil || lists(version, text: text, versions: versions)
    }

    /// Whether the ranges (or RustSec's requirements) cover `version`, and how far; nil when not.
    func rangeCoverage(_ version: OrderedVersion, text: String, versions: AdvisoryAudit.Versions) -> Coverage? {
        if let requirements = affected.rustsec {
            return (requirements.patched + requirements.unaffected).contains { VersionRange($0).contains(text, scheme: .semver) } ? nil : .version
        }
        for range in ranges {
            // A SEMVER range against a version of another scheme compares in SemVer terms.
            guard let events = range.events,
                  let subject = range.scheme == scheme ? version : versions.parse(text, range.scheme) else { continue }
            if let coverage = Self.coverage(events, subject) { return range.scheme == scheme ? coverage : .version }
        }
        return nil
    }

    /// Whether the explicit list has the same text, or one that reads as the same version (1.0
    /// and 1.0.0), parsed only when the leading digits agree.
    func lists(_ version: OrderedVersion, text: String, versions: AdvisoryAudit.Versions) -> Bool {
        guard !listed.isEmpty, affected.rustsec == nil else { return false }
        let lead = Self.lead(text)
        return listed.contains { $0 == text || (Self.lead($0).elementsEqual(lead) && versions.parse($0, scheme).map { $0 == version } == true) }
    }

    /// The leading ASCII digits of a version, after any `v`.
    private static func lead(_ text: String) -> Substring.UTF8View {
        text.utf8.drop { $0 == UInt8(ascii: "v") }.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// The OSV schema's evaluation of one range's ordered events. Every version from `subject` up
    /// to the first event it has not reached reaches the same events, so is covered alike.
    private static func coverage(_ events: [Event], _ subject: OrderedVersion) -> Coverage? {
        var affected = false
        var end: OrderedVersion?
        for event in events {
            guard let bound = event.version else {   // introduced "0"
                if event.kind == .introduced { affected = true }
                continue
            }
            guard event.kind == .lastAffected ? subject > bound : subject >= bound else {
                if end == nil { end = bound }
                continue
            }
            switch event.kind {
            case .introduced: affected = true
            case .fixed, .lastAffected: affected = false
            case .limit: return nil
            }
        }
        return affected ? end.map(Coverage.until) ?? .onwards : nil
    }

    /// The events of a range by version ("0", nil, first); stable, so events at one version keep their order.
    private static func ordered(_ range: OSVRecord.Range, scheme: VersionScheme, versions: AdvisoryAudit.Versions) -> [Event]? {
        var events: [Event] = []
        for event in range.events {
            let pairs: [(Kind, String?)] = [(.introduced, event.introduced), (.fixed, event.fixed), (.lastAffected, event.lastAffected), (.limit, event.limit)]
            for case let (kind, text?) in pairs {
                if kind == .introduced && text == "0" { events.append((kind, nil)); continue }
                guard let parsed = versions.parse(text, scheme) else { return nil }
                events.append((kind, parsed))
            }
        }
        return events.enumerated().sorted { left, right in
            switch (left.element.version, right.element.version) {
            case (nil, nil): return left.offset < right.offset
            case (nil, _): return true
            case (_, nil): return false
            case let (a?, b?): return a != b ? a < b : left.offset < right.offset
            }
        }.map(\.element)
    }
}
