import Foundation
import SecIssueGit

/// One commit that changed a finding's file, as `log` shows it: full hash, author (`Name <email>`),
/// author date (ISO 8601 UTC), subject, and what changed, one line each in the words of the activity
/// log (`status open -> confirmed`, `comment: TEXT`).
public struct FindingRevision: Sendable, Equatable {
    public let commit, author, date, subject: String
    public let changes: [String]

    public var shortCommit: String { String(commit.prefix(7)) }

    public var json: JSONValue {
        .object([("commit", .string(commit)), ("author", .string(author)), ("date", .string(date)),
                 ("subject", .string(subject)), ("changes", .strings(changes))])
    }
}

/// The history of one finding: the commits that changed its file, newest first, and what each changed.
public struct FindingHistory {
    let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// Every commit reachable from `revision` (HEAD when nil) whose blob of the finding's file differs from
    /// its first parent's; a root commit that has the file counts. A version that does not parse is
    /// reported as such in `changes` rather than failing the whole history.
    public func revisions(of id: String, from revision: String? = nil) throws -> [FindingRevision] {
        do {
            let repository = workspace.repository
            guard let tip = try revision.map(repository.resolveCommit) ?? repository.headCommit() else { throw Workspace.noCommits }
            // The file in either layout: a migration moves it with the same blob, which is no revision.
            let paths = FindingLayout.candidatePaths(of: id)
            var path = paths[0]
            // A commit is asked for twice (as itself, then as the next one's parent): look each up once.
            var blobs: [ObjectID: ObjectID?] = [:]
            var versions: [ObjectID: FindingDiff.Version] = [:]
            func blob(in commit: ObjectID) throws -> ObjectID? {
                if let known = blobs[commit] { return known }
                let tree = try repository.tree(ofCommit: commit)
                var found: ObjectID?
                for candidate in paths {
                    if let entry = try repository.entry(at: candidate, in: tree), !entry.isTree {
                        (found, path) = (entry.id, candidate)
                        break
                    }
                }
                blobs[commit] = .some(found)
                return found
            }
            func version(_ blob: ObjectID?) throws -> FindingDiff.Version {
                guard let blob else { return .absent }
                if let known = versions[blob] { return known }
                let decoded = FindingDiff.Version(String(decoding: try repository.blob(blob), as: UTF8.self), path: path)
                versions[blob] = decoded
                return decoded
            }
            var result: [FindingRevision] = []
            for commit in try repository.commits(from: [tip]).commits {
                let info = try repository.commitInfo(commit)
                let now = try blob(in: commit)
                // A parent cut off by a shallow clone is treated as a root, as git log does.
                let before = info.parents.first.flatMap { try? blob(in: $0) }
                guard now != before else { continue }
                result.append(FindingRevision(
                    commit: commit.hex, author: info.author.person,
                    date: Timestamp.string(Date(timeIntervalSince1970: TimeInterval(info.author.time))),
                    subject: info.subject, changes: FindingDiff.changes(from: try version(before), to: try version(now))))
            }
            return result
        }
    }

    /// Text in the manner of `git log`: short hash and subject, then hash, author, date and the changes.
    public static func text(_ revisions: [FindingRevision]) -> String {
        revisions.map { revision in
            var lines = ["\(revision.shortCommit) \(revision.subject)", "  commit \(revision.commit)",
                         "  Author: \(revision.author)", "  Date:   \(revision.date)"]
            lines += revision.changes.map { "  - " + $0.replacingOccurrences(of: "\n", with: "\n    ") }
            return lines.joined(separator: "\n") + "\n"
        }.joined(separator: "\n")
    }
}

/// What changed between two versions of a finding file, worded as its activity log words it.
enum FindingDiff {
    enum Version {
        case absent, parsed(Finding), broken(String)

        init(_ text: String, path: String) {
            do { self = .parsed(try FindingCodec.decode(text, path: path)) } catch { self = .broken("\(error)") }
        }
    }

    static func changes(from old: Version, to new: Version) -> [String] {
        switch (old, new) {
        case (_, .broken(let problem)): return ["this version does not parse: \(problem)"]
        case (.absent, .absent): return []
        case (_, .absent): return ["deleted"]
        case (.absent, .parsed(let finding)):
            let opened = finding.activity.map(activityText).filter { $0 != "opened" }
            return ["created: \(finding.title) (\(finding.severity.rawValue), \(finding.status.rawValue))"] + opened
        case (.broken, .parsed(let finding)):
            return ["the previous version does not parse; now \(finding.status.rawValue), \(finding.severity.rawValue): \(finding.title)"]
        case (.parsed(let before), .parsed(let after)): return compare(before, after)
        }
    }

    /// Field changes, each replaced by the activity line that says the same thing with more detail
    /// (`status open -> confirmed: reproduced`), then the activity lines that remain.
    static func compare(_ old: Finding, _ new: Finding) -> [String] {
        let added = new.activity.starts(with: old.activity) ? Array(new.activity.dropFirst(old.activity.count))
            : new.activity.filter { !old.activity.contains($0) }
        var activity = added.map(activityText)
        var fields: [String] = []
        func change(_ name: String, _ before: String, _ after: String) {
            if before != after { fields.append("\(name) \(before) -> \(after)") }
        }
        change("title", "\"\(old.title)\"", "\"\(new.title)\"")
        change("status", old.status.rawValue, new.status.rawValue)
        change("severity", old.severity.rawValue, new.severity.rawValue)
        switch (old.assignee, new.assignee) {
        case (nil, let person?): fields.append("assigned to \(person)")
        case (let person?, nil): fields.append("unassigned \(person)")
        case (let before?, let after?): change("assignee", before, after)
        case (nil, nil): break
        }
        change("location", old.location?.display ?? "none", new.location?.display ?? "none")
        change("cwe", listText(old.cwe.map { "CWE-\($0)" }), listText(new.cwe.map { "CWE-\($0)" }))
        change("due", old.due ?? "none", new.due ?? "none")
        change("tags", listText(old.tags), listText(new.tags))
        for (name, before, after) in [("", old.links, new.links), ("guidance ", old.guidance, new.guidance),
                                      ("commit ", old.commits.linked, new.commits.linked)] {
            fields += after.filter { !before.contains($0) }.map { "linked \(name)\($0)" }
            fields += before.filter { !after.contains($0) }.map { "unlinked \(name)\($0)" }
        }
        // A status change's activity line already carries the triage reason and expiry.
        if old.triage != new.triage, old.status == new.status, !activity.contains(where: { $0.hasPrefix("status ") }) {
            fields.append(new.triage.map(triageText) ?? "triage cleared")
        }
        if old.description != new.description { fields.append("description edited") }
        let merged = fields.map { field -> String in
            let index = activity.firstIndex { $0 == field || $0.hasPrefix(field + ":") || $0.hasPrefix(field + " ") }
            return index.map { activity.remove(at: $0) } ?? field
        }
        return merged + activity
    }

    /// An activity entry without its timestamp and person: `2026-… Bob <bob@x> commented: hi` -> `comment: hi`.
    static func activityText(_ entry: String) -> String {
        var text = Substring(entry)
        if let space = text.firstIndex(of: " "), Timestamp.parse(String(text[..<space])) != nil {
            text = text[text.index(after: space)...]
            if let close = text.range(of: "> "), text[..<close.lowerBound].contains("<") { text = text[close.upperBound...] }
        }
        return text.hasPrefix("commented: ") ? "comment: " + text.dropFirst("commented: ".count) : String(text)
    }

    private static func listText(_ items: [String]) -> String {
        items.isEmpty ? "none" : items.joined(separator: ", ")
    }

    private static func triageText(_ triage: Finding.Triage) -> String {
        let parts = [triage.reason.map { "reason \($0)" }, triage.by.map { "by \($0)" }, triage.expires.map { "expires \($0)" },
                     triage.duplicateOf.map { "duplicate of \($0)" }].compactMap { $0 }
        return "triage: " + parts.joined(separator: ", ")
    }
}
