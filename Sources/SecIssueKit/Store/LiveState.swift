import Crypto
import Foundation

/// The running values of one finding that change on every run of a tool (telemetry counts,
/// `last_seen`, a drift description the check keeps current). They live in the commit of
/// `refs/secissue/state`, not in the finding's file, so they add no commit to the code branches;
/// reads merge them over what the file says (`applied(to:)`).
public struct LiveValues: Equatable, Sendable {
    public var lastSeen: String?
    public var evidence: Finding.Evidence?
    /// The tool's current description; shown only while the file is still the one it was made
    /// against (`base`), so an edit or a newer commit of the file wins.
    public var description: String?
    /// The blob id (as `git hash-object` gives it) of the finding file these values were planned
    /// against, so a cached listing can check it without reading the file.
    public var base: String

    public init(lastSeen: String?, evidence: Finding.Evidence?, description: String?, base: String) {
        self.lastSeen = lastSeen
        self.evidence = evidence
        self.description = description
        self.base = base
    }

    /// The hash `base` holds for a finding file's text: its blob id.
    public static func hash(_ text: String) -> String { SecurityStore.blobID(Array(text.utf8)) }

    /// `finding` (as its file, blob `base`, says) with these values over it: `last_seen` and the
    /// evidence only when newer than the file's, the description only over the file it was made for.
    public func applied(to finding: Finding, base file: String) -> Finding {
        var merged = finding
        if let lastSeen, lastSeen > (finding.lastSeen ?? "") { merged.lastSeen = lastSeen }
        if let evidence, finding.evidence.map({ evidence.lastSeen >= $0.lastSeen && evidence.count >= $0.count }) ?? true {
            merged.evidence = evidence
        }
        if let description, base == file { merged.description = description }
        return merged
    }

    /// The values a finding carries that are live: what `applied(to:)` would put back.
    public static func of(_ finding: Finding, describing: Bool, base: String) -> LiveValues {
        LiveValues(lastSeen: finding.lastSeen, evidence: finding.evidence, description: describing ? finding.description : nil, base: base)
    }

    /// Limit on one file of the state: a finding's values are a few hundred bytes.
    static let maxBytes = 256 * 1024

    func encoded() -> [UInt8] {
        var fields: [(String, JSONValue)] = [("base", .string(base)), ("last_seen", .optional(lastSeen))]
        if let evidence {
            fields.append(("evidence", .object([("count", .int(evidence.count)), ("first_seen", .string(evidence.firstSeen)),
                                                 ("last_seen", .string(evidence.lastSeen)),
                                                 ("sources", .array(evidence.sources.map { .object([("name", .string($0.name)), ("count", .int($0.count))]) }))])))
        }
        if let description { fields.append(("description", .string(description))) }
        return JSONValue.object(fields).renderedBytes()
    }

    /// Parses one file of the state; nil when it is not one this version writes.
    init?(bytes: [UInt8]) {
        guard bytes.count <= Self.maxBytes,
              let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let base = object["base"] as? String else { return nil }
        self.base = base
        lastSeen = object["last_seen"] as? String
        description = object["description"] as? String
        if let evidence = object["evidence"] {
            guard let evidence = evidence as? [String: Any], let count = evidence["count"] as? Int, count >= 0,
                  let first = evidence["first_seen"] as? String, let last = evidence["last_seen"] as? String,
                  let entries = evidence["sources"] as? [[String: Any]] else { return nil }
            var sources: [Finding.Evidence.Source] = []
            for entry in entries {
                guard let name = entry["name"] as? String, let count = entry["count"] as? Int, count >= 0 else { return nil }
                sources.append(Finding.Evidence.Source(name: name, count: count))
            }
            self.evidence = Finding.Evidence(count: count, firstSeen: first, lastSeen: last, sources: sources)
        }
    }
}

/// Every finding's live values, as the commit of `refs/secissue/state` holds them: one
/// `<ID>.json` per finding at the root of its tree.
public struct LiveState: Sendable {
    /// The reference; pushed and fetched with the refspec in docs/live-state.md.
    public static let reference = "refs/secissue/state"
    /// The file on the branch that says the repository keeps live values in the reference, so
    /// a clone without it fails closed instead of showing (and counting from) stale values.
    public static let markerPath = ".security/live-state.md"

    public var values: [String: LiveValues] = [:]
    /// The state commit these values were read from (nil: no reference yet).
    public var commit: ObjectID?

    public init(values: [String: LiveValues] = [:], commit: ObjectID? = nil) {
        self.values = values
        self.commit = commit
    }

    static func fileName(_ id: String) -> String { id + ".json" }

    /// What the marker file says to a person who opens it.
    static let markerText = """
        # Live state

        The running values of the findings here (telemetry counts, `last_seen`, samples) are kept
        in the git reference `\(reference)`, not in these files, so that they do not add a commit
        on every run. `git secissue show` and `list` merge them in. Fetch and push them with:

            git fetch origin '+\(reference):\(reference)'
            git push origin '\(reference)'

        See docs/live-state.md of git-secissue.

        """
}
