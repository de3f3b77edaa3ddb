/// The commit message of `git secissue commit`: what the pending changes of `.security/` do to
/// the findings, counted in the subject and one line per finding in the body.
///
///     secissue: triage 3 findings: 2 false-positive, 1 risk-accepted
///
///     SEC-…: open -> false-positive "Title"
///     …
///
///     Security-Finding: SEC-…
public enum PendingSummary {
    /// What happened to one finding file.
    struct Line {
        var id: String
        var outcome: String
        var text: String
    }

    /// `subject` replaces the counted subject (`-m`); the per-finding lines and trailers stay.
    /// A finding file that does not parse stops the commit: fix it first.
    public static func message(head: SecurityStore, changes: [String: [UInt8]?], subject custom: String? = nil) throws -> String {
        var lines: [Line] = []
        var others: [String] = []
        for (path, content) in changes.sorted(by: { $0.key < $1.key }) {
            guard let id = FindingLayout.id(ofPath: path) else {
                others.append("\(path): \(content == nil ? "deleted" : "changed")")
                continue
            }
            let before = try? head.load(id: id).recorded
            guard let content else {
                lines.append(Line(id: id, outcome: "deleted", text: "\(id): deleted"))
                continue
            }
            let after: Finding
            do {
                after = try FindingCodec.decode(String(decoding: content, as: UTF8.self), path: path)
            } catch {
                throw SecIssueError("\(ErrorBoundary.message(error)): fix the finding file first (git secissue validate lists problems); nothing was committed")
            }
            let title = "\"\(SafeText.escape(after.title, for: .terminal))\""
            if let before {
                if before.status != after.status {
                    lines.append(Line(id: id, outcome: after.status.rawValue,
                                      text: "\(id): \(before.status.rawValue) -> \(after.status.rawValue) \(title)"))
                } else {
                    lines.append(Line(id: id, outcome: "edited", text: "\(id): edited \(title)"))
                }
            } else {
                lines.append(Line(id: id, outcome: "new", text: "\(id): new, \(after.status.rawValue) \(after.severity.rawValue) \(title)"))
            }
        }
        var counts: [(String, Int)] = []
        for line in lines {
            if let index = counts.firstIndex(where: { $0.0 == line.outcome }) { counts[index].1 += 1 } else { counts.append((line.outcome, 1)) }
        }
        counts.sort { ($1.1, $0.0) < ($0.1, $1.0) }
        var subject = "secissue: triage \(lines.count) finding\(lines.count == 1 ? "" : "s")"
        if !counts.isEmpty { subject += ": " + counts.map { "\($0.1) \($0.0)" }.joined(separator: ", ") }
        if lines.isEmpty { subject = "secissue: update " + others.map { String($0.prefix { $0 != ":" }) }.joined(separator: ", ") }
        if let custom {
            let first = custom.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard !first.trimmingCharacters(in: .whitespaces).isEmpty else { throw SecIssueError.usage("-m needs a message") }
            subject = first
        }
        var message = subject + "\n\n" + (lines.map(\.text) + others).joined(separator: "\n") + "\n"
        let ids = lines.filter { $0.outcome != "deleted" }.map(\.id)
        if !ids.isEmpty { message += "\n" + ids.prefix(50).map { "Security-Finding: \($0)\n" }.joined() }
        // The trailer says the tool made it even with a subject of the person's own.
        return ToolTrailer.stamped(message, kind: "triage")
    }
}
