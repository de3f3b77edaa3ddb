import Foundation
import SecIssueGit

/// Merges concurrent edits of one finding file, for the merge driver git runs on
/// `.security/findings/*.md`: front matter field by field, the activity log as a union,
/// the description as a three-way text merge.
public enum FindingMerge {
    /// The merged file, and whether it holds conflict markers (only ever in the description).
    ///
    /// `base` empty (git passes an empty ancestor for an add/add) means there is no common
    /// version: every field the sides disagree on counts as changed on both sides, which the
    /// side with the later activity wins. The result keeps our file's layout, comments and
    /// unknown fields; fields only their version has and the model does not know are dropped,
    /// because a rewrite can only carry over what it can name. A version that does not parse
    /// throws its `FileProblem`, so the driver can fall back to a plain conflict.
    public static func merge(base: String, ours: String, theirs: String, path: String) throws -> (text: String, conflicted: Bool) {
        let oursFinding = try decode(ours, path: path, version: "our")
        let theirsFinding = try decode(theirs, path: path, version: "their")
        let baseFinding: Finding? = try base.allSatisfy(\.isWhitespace) ? nil : decode(base, path: path, version: "the common ancestor's")
        let picker = Picker(base: baseFinding, ours: oursFinding, theirs: theirsFinding)

        var merged = oursFinding
        merged.title = picker.value(\.title)
        merged.status = picker.value(\.status)
        // The triage explains the status, so it must come from the side the status came from;
        // when both agree on the status, the triage merges like any other field.
        if oursFinding.status == theirsFinding.status {
            merged.triage = picker.value(\.triage)
        } else {
            merged.triage = picker.side(\.status) == .ours ? oursFinding.triage : theirsFinding.triage
        }
        merged.severity = picker.value(\.severity)
        merged.cwe = picker.list(\.cwe)
        merged.created = picker.value(\.created)
        merged.reporter = picker.value(\.reporter)
        merged.assignee = picker.value(\.assignee)
        merged.due = picker.value(\.due)
        merged.lastSeen = picker.value(\.lastSeen)
        merged.tags = picker.list(\.tags)
        merged.source = picker.value(\.source)
        merged.location = picker.value(\.location)
        merged.evidence = picker.value(\.evidence)
        merged.commits.introduced = picker.value(\.commits.introduced)
        merged.commits.detected = picker.value(\.commits.detected)
        merged.commits.fixed = picker.value(\.commits.fixed)
        merged.commits.linked = picker.list(\.commits.linked)
        merged.links = picker.list(\.links)
        merged.guidance = picker.list(\.guidance)
        merged.updated = later(oursFinding.updated, theirsFinding.updated)
        merged.activity = mergedActivity([baseFinding?.activity ?? [], oursFinding.activity, theirsFinding.activity])

        // MergeFile works on lines: give every version a final newline so a last line that only
        // one side touched is not a conflict merely for lacking its terminator. Each description
        // is merged as the tool writes it (`BodyText`): a NUL byte makes libgit2 treat a text as
        // binary and return nothing, which would drop the description; escaped, it merges as text.
        let written = { (finding: Finding?) in lines(BodyText.description(finding?.description ?? "")) }
        let description = try MergeFile.merge(ancestor: written(baseFinding), ours: written(oursFinding),
                                              theirs: written(theirsFinding), labels: (ours: "ours", theirs: "theirs"))
        merged.description = description.text.hasSuffix("\n") ? String(description.text.dropLast()) : description.text

        var text = try FindingCodec.rewrite(ours, from: oursFinding, to: merged, path: path)
        // A rewrite only appends activity after our last line, so whenever the body changed it is
        // built whole; when it did not, our body stays byte for byte (sections after the log too).
        if merged.description != oursFinding.description || merged.activity != oursFinding.activity {
            var document = try MarkdownDocument(parsing: text, path: path)
            let intro = merged.description.isEmpty ? "" : BodyText.description(merged.description) + "\n\n"
            let body = intro + FindingCodec.activityHeading + "\n" + merged.activity.map(FindingCodec.activityLine).joined()
            // Decoding dropped the carriage returns of a CRLF file: put them back on every line.
            document.body = Substring(document.newline == "\n" ? body : body.replacingOccurrences(of: "\n", with: document.newline))
            text = document.text
        }
        return (text, description.conflicted)
    }

    /// Decodes one version, saying which one in the problem: all three share the path.
    private static func decode(_ text: String, path: String, version: String) throws -> Finding {
        do {
            return try FindingCodec.decode(text, path: path)
        } catch let problem as FileProblem {
            throw FileProblem(path: problem.path, line: problem.line, message: "\(problem.message) (in \(version) version)")
        }
    }

    private static func lines(_ text: String) -> String { text.isEmpty ? "" : text + "\n" }

    /// The later of two timestamps; when one does not parse, the greater string, so the result
    /// does not depend on which side is ours.
    static func later(_ first: String, _ second: String) -> String {
        if let one = Timestamp.parse(first), let other = Timestamp.parse(second) { return other > one ? second : first }
        return max(first, second)
    }

    /// The time of an activity entry: its leading ISO 8601 timestamp.
    static func time(of entry: String) -> Date? {
        Timestamp.parse(String(entry.prefix { $0 != " " && $0 != "\n" }))
    }

    /// Every entry of every list once, ordered by time; entries of equal time keep the order of
    /// `lists` (base, ours, theirs), then their order within a list.
    ///
    /// An entry written twice on one side is kept twice (entries are matched by text and by
    /// which occurrence of that text they are), so two identical comments are not folded into one.
    /// An entry without a timestamp takes the time of the entry before it, so it stays where it was written.
    static func mergedActivity(_ lists: [[String]]) -> [String] {
        var kept: [String: Int] = [:]
        var entries: [(time: Date, order: Int, text: String)] = []
        for list in lists {
            var occurrences: [String: Int] = [:]
            var time = Date.distantPast
            for entry in list {
                time = self.time(of: entry) ?? time
                let occurrence = occurrences[entry, default: 0] + 1
                occurrences[entry] = occurrence
                guard occurrence > kept[entry, default: 0] else { continue }
                kept[entry] = occurrence
                entries.append((time, entries.count, entry))
            }
        }
        // Sorting on (time, order) keeps equal times stable whatever the sort algorithm.
        return entries.sorted { ($0.time, $0.order) < ($1.time, $1.order) }.map(\.text)
    }
}

/// Chooses, field by field, between our and their version of a finding.
private struct Picker {
    enum Side { case ours, theirs }

    let base: Finding?
    let ours: Finding
    let theirs: Finding
    /// The side whose latest activity is later: it wins fields both sides changed. Ours on a
    /// tie, as git keeps the branch being merged into when it has nothing better to go on.
    let later: Side

    init(base: Finding?, ours: Finding, theirs: Finding) {
        self.base = base
        self.ours = ours
        self.theirs = theirs
        let oursLatest = ours.activity.compactMap(FindingMerge.time(of:)).max() ?? .distantPast
        let theirsLatest = theirs.activity.compactMap(FindingMerge.time(of:)).max() ?? .distantPast
        later = theirsLatest > oursLatest ? .theirs : .ours
    }

    /// The side to take `field` from: the one that changed it, or the later one when both did.
    func side<Value: Equatable>(_ field: KeyPath<Finding, Value>) -> Side {
        let mine = ours[keyPath: field], other = theirs[keyPath: field]
        guard mine != other else { return .ours }
        guard let base else { return later }
        if base[keyPath: field] == mine { return .theirs }
        if base[keyPath: field] == other { return .ours }
        return later
    }

    func value<Value: Equatable>(_ field: KeyPath<Finding, Value>) -> Value {
        side(field) == .ours ? ours[keyPath: field] : theirs[keyPath: field]
    }

    /// Our items in our order, then their new ones; an item that one side removed from the
    /// base stays removed, so a wrong CWE or tag deleted on a branch does not come back.
    func list<Item: Hashable>(_ field: KeyPath<Finding, [Item]>) -> [Item] {
        let mine = ours[keyPath: field], other = theirs[keyPath: field]
        let before = Set(base?[keyPath: field] ?? [])
        let mineSet = Set(mine), otherSet = Set(other)
        var seen = Set<Item>()
        let kept = mine.filter { !(before.contains($0) && !otherSet.contains($0)) }
            + other.filter { !mineSet.contains($0) && !before.contains($0) }
        return kept.filter { seen.insert($0).inserted }
    }
}
