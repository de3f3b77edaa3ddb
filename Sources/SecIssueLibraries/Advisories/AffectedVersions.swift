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
    /// The explicit `versions` list (PyPA's run to hundreds): as given, and by leading digits.
    let listed: Set<String>
    let listedByLead: [Substring: [String]]

    init(_ affected: OSVRecord.Affected, scheme: VersionScheme, versions: AdvisoryAudit.Versions) {
        self.affected = affected
        self.scheme = scheme
        listed = Set(affected.versions ?? [])
        listedByLead = Dictionary(grouping: affected.versions ?? [], by: Self.lead)
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

    func contains(_ version: OrderedVersion, text: String, versions: AdvisoryAudit.Versions) -> Bool {
        if let requirements = affected.rustsec {
            return !(requirements.patched + requirements.unaffected).contains { VersionRange($0).contains(text, scheme: .semver) }
        }
        for range in ranges {
            // A SEMVER range against a version of another scheme compares in SemVer terms.
            guard let events = range.events,
                  let subject = range.scheme == scheme ? version : versions.parse(text, range.scheme) else { continue }
            if Self.covers(events, subject) { return true }
        }
        // The explicit list: the same text, or one that reads as the same version (1.0 and
        // 1.0.0), parsed only when the leading digits agree.
        guard !listed.isEmpty else { return false }
        if listed.contains(text) { return true }
        return (listedByLead[Self.lead(text)] ?? []).contains { versions.parse($0, scheme).map { $0 == version } == true }
    }

    /// The leading digits of a version, after an optional `v`.
    private static func lead(_ text: String) -> Substring {
        text.drop { $0 == "v" }.prefix { $0.isNumber }
    }

    /// The OSV schema's evaluation of one range's ordered events.
    private static func covers(_ events: [Event], _ subject: OrderedVersion) -> Bool {
        var affected = false
        for event in events {
            switch event.kind {
            case .introduced: if event.version.map({ subject >= $0 }) ?? true { affected = true }
            case .fixed: if let bound = event.version, subject >= bound { affected = false }
            case .lastAffected: if let bound = event.version, subject > bound { affected = false }
            case .limit: if let bound = event.version, subject >= bound { return false }
            }
        }
        return affected
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
