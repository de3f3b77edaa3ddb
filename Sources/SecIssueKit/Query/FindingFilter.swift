import Foundation

/// Which findings `list` shows (and which a bulk triage `--where` selects): by default the active
/// ones (open, confirmed), most severe first. Text fields take globs (`CKV_AWS_*`); a value
/// without a wildcard matches exactly, ignoring case where the field does (tool, tag, assignee).
public struct FindingFilter: Sendable {
    public var statuses: [Status] = []
    public var severities: [Severity] = []
    public var minSeverity: Severity?
    public var tag: String?
    public var pathGlob: String?
    public var assignee: String?
    /// Every status, not only the active ones.
    public var all = false
    /// Text to find, ignoring case, in the title, description, location or rule.
    public var search: String?
    /// The tool that reported it (`source.tool`).
    public var tool: String?
    /// The scanner's rule id (`source.rule`).
    public var ruleGlob: String?
    /// Any of these CWEs.
    public var cwes: [Int] = []
    /// Only active findings past their due date as of this day (`YYYY-MM-DD`).
    public var overdueOn: String?
    /// Only findings nobody is assigned to.
    public var unassigned = false
    /// The order of `apply`.
    public var sort: FindingSort = .severity
    /// At most this many findings from `apply`, after sorting.
    public var limit: Int?

    public init() {}

    public func matches(_ finding: Finding) -> Bool {
        if !statuses.isEmpty {
            guard statuses.contains(finding.status) else { return false }
        } else if !all && !finding.status.isActive {
            return false
        }
        if !severities.isEmpty && !severities.contains(finding.severity) { return false }
        if let minSeverity, finding.severity < minSeverity { return false }
        if let tag, !finding.tags.contains(where: { Self.same($0, tag) }) { return false }
        if let assignee, !Self.samePerson(finding.assignee, assignee) { return false }
        if unassigned && !(finding.assignee ?? "").isEmpty { return false }
        if let pathGlob {
            guard let path = finding.location?.path, Glob.matches(pathGlob, path) else { return false }
        }
        if let tool, !Self.same(finding.source?.tool, tool) { return false }
        if let ruleGlob {
            guard let rule = finding.source?.rule, rule == ruleGlob || Glob.matches(ruleGlob, rule) else { return false }
        }
        if !cwes.isEmpty && !finding.cwe.contains(where: cwes.contains) { return false }
        if let overdueOn {
            guard finding.status.isActive, let due = finding.due, due < overdueOn else { return false }
        }
        if let search, !Self.mentions(finding, search) { return false }
        return true
    }

    /// Whether `matches` holds for every finding (`--all` and nothing else), so none need be looked at.
    var selectsEvery: Bool {
        all && statuses.isEmpty && severities.isEmpty && minSeverity == nil && tag == nil && pathGlob == nil && assignee == nil
            && search == nil && tool == nil && ruleGlob == nil && cwes.isEmpty && overdueOn == nil && !unassigned
    }

    /// A stored value against a value or glob, ignoring case.
    static func same(_ stored: String?, _ wanted: String) -> Bool {
        guard let stored else { return false }
        return stored.caseInsensitiveCompare(wanted) == .orderedSame
            || (Glob.isPattern(wanted) && Glob.matches(wanted, stored, ignoringCase: true))
    }

    /// True when `text` is in the title, description, location or rule, ignoring case.
    static func mentions(_ finding: Finding, _ text: String) -> Bool {
        let fields = [finding.title, finding.description, finding.location?.display, finding.source?.rule]
        return fields.contains { $0?.range(of: text, options: [.caseInsensitive, .diacriticInsensitive]) != nil }
    }

    /// `bob@example.com` matches `Bob <bob@example.com>`, `Bob` and itself, ignoring case; a
    /// glob (`*@example.com`) matches any of those forms.
    static func samePerson(_ stored: String?, _ wanted: String) -> Bool {
        guard let stored else { return false }
        var forms = [stored]
        if let open = stored.firstIndex(of: "<"), let close = stored.lastIndex(of: ">"), open < close {
            forms.append(String(stored[stored.index(after: open)..<close]))
            forms.append(stored[..<open].trimmingCharacters(in: .whitespaces))
        }
        return forms.contains { same($0, wanted) }
    }

    /// The matching findings in the order of `sort`, at most `limit` of them.
    public func apply(_ findings: [Finding]) -> [Finding] {
        selection(of: findings).map { findings[$0] }
    }

    /// Where the findings `apply` gives are in `findings`, in its order: a listing of thousands
    /// moves indices rather than findings.
    public func selection(of findings: [Finding]) -> [Int] {
        // Through the buffer, so that each finding is matched in place rather than copied.
        let matching = selectsEvery ? Array(findings.indices)
            : findings.withUnsafeBufferPointer { findings in findings.indices.filter { matches(findings[$0]) } }
        let sorted = sort.sortedIndices(findings, matching)
        guard let limit, limit < sorted.count else { return sorted }
        return Array(sorted.prefix(max(limit, 0)))
    }
}
