/// The trailer every commit git secissue makes carries, on the branch and in
/// `refs/secissue/state` alike: `Secissue-Commit: KIND` (the verb of its subject: `import`,
/// `mark`, `triage`…). People hide the tool's commits from `git log` with `hideOptions`.
public enum ToolTrailer {
    public static let key = "Secissue-Commit"
    /// `git log --invert-grep --grep='^Secissue-Commit:'` shows every commit but the tool's.
    public static let hideOptions = ["--invert-grep", "--grep=^\(key):"]

    /// `message` with the trailer added to its trailer block (or as a new one), once.
    public static func stamped(_ message: String, kind given: String? = nil) -> String {
        var lines = message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        if lines.contains(where: { $0.hasPrefix(key + ":") }) { return lines.joined(separator: "\n") + "\n" }
        let trailer = "\(key): \(given ?? kind(of: lines.first ?? ""))"
        let paragraph = lines.lastIndex(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }).map { $0 + 1 }
        if let paragraph, paragraph < lines.count, lines[paragraph...].allSatisfy(isTrailer) {
            lines.append(trailer)
        } else {
            lines += ["", trailer]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The first word after `secissue: ` in the subject (`import`, `mark`, `record`), else `commit`.
    static func kind(of subject: String) -> String {
        guard subject.hasPrefix("secissue: ") else { return "commit" }
        let word = subject.dropFirst("secissue: ".count).prefix { $0.isLetter || $0 == "-" }
        return word.isEmpty ? "commit" : String(word)
    }

    /// `Key: value`, as git's interpret-trailers reads it.
    static func isTrailer(_ line: String) -> Bool {
        guard let colon = line.firstIndex(of: ":"), colon > line.startIndex else { return false }
        return line[..<colon].allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
    }
}
