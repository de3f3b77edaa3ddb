import Foundation
import SecIssueGit

/// `secrets scan`: the secret rules (built-in and a team's gitleaks rules) over every file of a
/// commit's tree, or over the lines each commit of a range added, and the findings they file:
/// tool `secrets`, one finding per rule, file and secret, redacted like any secret scanner's.
///
/// A finding is identified by its rule, its file and the redacted form of the secret (its first
/// characters and length, what the output shows anyway), never by a hash of the secret: a hash
/// stored in git would let anyone confirm a guess offline (see `Redaction`). So the same secret
/// found by a tree scan and by a history scan files one finding.
public struct SecretsScan {
    public struct Found: Sendable {
        public let match: SecretMatch
        /// The commit that added the line (history scans).
        public let commit: String?
    }

    public private(set) var found: [Found] = []
    public private(set) var files = 0
    public private(set) var commits = 0
    /// Files too large or binary, not read.
    public private(set) var skipped: [String] = []
    /// True when the whole tree was read: secrets no longer found are fixed.
    public let complete: Bool

    /// Larger files are not read: generated bundles and data, not code.
    public static let maximumFileBytes = 2 << 20

    /// The rules of `config.gitleaksConfig`, read through `read` (a path in the scanned tree).
    public static func customRules(_ config: Config, read: (String) throws -> [UInt8]?) throws -> GitleaksRules? {
        guard let path = config.gitleaksConfig else { return nil }
        guard let bytes = try read(path) else {
            throw SecIssueError("\(path) (secrets.gitleaks_config in \(Config.path)) is not in the scanned tree")
        }
        return try GitleaksRules(toml: String(decoding: bytes, as: UTF8.self), path: path)
    }

    /// Every file of the scanned commit, or those under `prefixes` (repository paths).
    public init(tree session: ScanSession, prefixes: [String]) throws {
        let tree = try session.workspace.files(at: session.scannedCommit)
        let custom = try Self.customRules(session.config) { try tree.read($0) }
        complete = prefixes.isEmpty
        for path in try tree.allPaths(skipping: [".git"]).sorted() {
            guard prefixes.isEmpty || prefixes.contains(where: { $0.isEmpty || path == $0 || path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }) else { continue }
            guard let bytes = try tree.read(path) else { continue }
            guard let lines = Self.lines(bytes) else {
                skipped.append(path)
                continue
            }
            self.files += 1
            for match in SecretScanner.scan(path: path, lines: lines, allowlist: session.config.secretAllowlist, custom: custom) {
                found.append(Found(match: match, commit: nil))
            }
        }
    }

    /// The lines each commit of `range` added (`A..B`: reachable from B and not from A; `REV`:
    /// everything reachable from it), oldest commit first, each against its first parent. The
    /// rules are those of the scanned commit's tree.
    public init(history session: ScanSession, range: String) throws {
        let workspace = session.workspace
        let parts = range.components(separatedBy: "..")
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty }) || (parts.count == 2 && !parts[1].isEmpty) else {
            throw SecIssueError("--history \(range): give a range A..B or a revision")
        }
        let tip = try workspace.resolveCommit(parts.count == 2 ? parts[1] : parts[0])
        let hidden = parts.count == 2 && !parts[0].isEmpty ? [try workspace.resolveCommit(parts[0])] : []
        let tree = try workspace.files(at: session.scannedCommit)
        let custom = try Self.customRules(session.config) { try tree.read($0) }
        complete = false
        let list = try workspace.commits(from: [tip], hiding: hidden).commits
        for commit in list.reversed() {
            commits += 1
            let parent = try workspace.commitInfo(commit).parents.first
            for change in try workspace.addedLines(from: parent, to: commit) where !change.added.isEmpty {
                files += 1
                for match in SecretScanner.scan(path: change.path, lines: change.added, allowlist: session.config.secretAllowlist,
                                                custom: custom) {
                    found.append(Found(match: match, commit: commit.hex))
                }
            }
        }
    }

    /// The lines of a text file, or nil for a binary or oversized one.
    static func lines(_ bytes: [UInt8]) -> [(number: Int, text: String)]? {
        guard bytes.count <= maximumFileBytes, !bytes.prefix(8000).contains(0) else { return nil }
        var result: [(number: Int, text: String)] = []
        var number = 0
        for line in bytes.split(separator: 10, omittingEmptySubsequences: false) {
            number += 1
            var text = String(decoding: line, as: UTF8.self)
            if text.hasSuffix("\r") { text.removeLast() }
            if !text.isEmpty { result.append((number, text)) }
        }
        return result
    }

    public static let tool = "secrets"

    /// One result per rule, file and secret; a secret seen in several commits is filed once, at
    /// the commit that added it first.
    public var results: [ScanResult] {
        var seen = Set<String>()
        var results: [ScanResult] = []
        for item in found {
            let match = item.match
            let fingerprint = "v1/secrets:\(match.rule):\(match.path):\(match.redacted)"
            guard seen.insert(fingerprint).inserted else { continue }
            var message = "\(match.description) (\(match.rule)) at \(match.path):\(match.line): \(match.redacted)."
            if let commit = item.commit { message += " Added in \(commit)." }
            message += " Remove it, rotate it (it stays in the history of every clone), and keep the new one out of the repository."
            var result = ScanResult(tool: Self.tool, rule: match.rule, category: "default", title: "\(match.description) in \(match.path)",
                                    severity: .high, cwe: [798], location: Finding.Location(path: match.path, line: match.line),
                                    message: message, fingerprint: fingerprint, isSecret: true)
            result.commit = item.commit
            results.append(result)
        }
        return results
    }

    /// The filing: complete for a whole tree (secrets gone from it are fixed), partial otherwise.
    public func filing(_ session: ScanSession) -> Filing {
        var filing = Filing(session: session, results: results, scopes: complete ? [ScanScope(tool: Self.tool, category: "default")] : [],
                            partial: !complete, label: Self.tool)
        if !skipped.isEmpty { filing.notes.append("\(skipped.count) binary or large file(s) not read") }
        return filing
    }
}
