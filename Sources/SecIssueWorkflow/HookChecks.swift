import Foundation
import SecIssueKit

/// What the hooks check. Each returns the lines to print; `blocked` ones stop the commit or push.
public enum HookChecks {
    public struct Outcome: Sendable {
        public var blocked: [String] = []
        public var warnings: [String] = []
    }

    /// pre-commit: staged `.security/` files parse, the added lines hold no secret, and a warning
    /// for each active finding whose lines the change touches.
    public static func preCommit(_ workspace: Workspace) throws -> Outcome {
        let store = try workspace.store()
        let config = (try? store.config()) ?? Config()
        var outcome = Outcome()
        let changes = try workspace.stagedChanges()
        for change in changes where change.path.hasPrefix(SecurityStore.directory + "/") {
            guard let bytes = try workspace.stagedFile(change.path) else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                if change.path.hasPrefix(SecurityStore.findingsDirectory + "/") && change.path.hasSuffix(".md") {
                    _ = try FindingCodec.decode(text, path: change.path)
                } else if change.path == Config.path {
                    _ = try Config(yaml: text)
                } else if change.path == LibraryPolicy.path {
                    _ = try LibraryPolicy(yaml: text)
                }
            } catch let problem as FileProblem {
                outcome.blocked.append("\(problem)")
            }
        }
        // The team's gitleaks rules as staged: a rules file that cannot be read blocks, as the
        // secrets it would have found could otherwise pass.
        var custom: GitleaksRules?
        do {
            custom = try SecretsScan.customRules(config) { try workspace.stagedFile($0) }
        } catch let problem as FileProblem {
            outcome.blocked.append("\(problem) (secrets.gitleaks_config)")
        } catch let error as SecIssueError {
            outcome.blocked.append(error.message)
        }
        for change in changes {
            for match in SecretScanner.scan(path: change.path, lines: change.added, allowlist: config.secretAllowlist, custom: custom) {
                outcome.blocked.append("\(match.path):\(match.line): \(match.description) (\(match.rule)): \(match.redacted); "
                    + "remove it and rotate it, or mark a false alarm with a secissue:allow comment")
            }
        }
        let touched = Dictionary(changes.map { ($0.path, $0.touchedOldLines) }, uniquingKeysWith: { $0 + $1 })
        if !touched.isEmpty {
            let located = try LocationIndex.ids(locatedIn: Set(touched.keys), workspace: workspace)
            let candidates = located.map { ids in ids.compactMap { try? store.load(id: $0).finding } }
            for finding in try candidates ?? findings(locatedIn: Set(touched.keys), store: store) where finding.status.isActive {
                guard let location = finding.location, let line = location.line, let ranges = touched[location.path] else { continue }
                let span = line...max(location.endLine ?? line, line)
                guard ranges.contains(where: { $0.overlaps(span) }) else { continue }
                var warning = "this change touches \(finding.id) (\(finding.severity.rawValue), \(finding.status.rawValue)) at \(location.display): \(finding.title)"
                if let topic = finding.guidance.first { warning += "; read git secissue guide \(topic)" }
                outcome.warnings.append(warning)
            }
        }
        return outcome
    }

    /// The findings located in one of `paths`. A commit hook must stay fast among thousands of
    /// findings, so each file is first searched for `path: <path>` as bytes and only the few
    /// that mention a changed path are parsed.
    static func findings(locatedIn paths: Set<String>, store: SecurityStore) throws -> [Finding] {
        let needles = paths.map { Array("path: \($0)".utf8) }
        var found: [Finding] = []
        for id in try store.findingIDs() {
            let path = SecurityStore.findingPath(id)
            guard let bytes = try store.files.read(path),
                  needles.contains(where: { needle in contains(bytes, needle) }) else { continue }
            if let finding = try? FindingCodec.decode(String(decoding: bytes, as: UTF8.self), path: path) { found.append(finding) }
        }
        return found
    }

    /// Whether `needle` occurs in `haystack`, by memchr and memcmp: the generic collection
    /// search is far too slow for thousands of files.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return needle.isEmpty }
        return haystack.withUnsafeBytes { hay in
            needle.withUnsafeBytes { pin in
                guard let base = hay.baseAddress, let pattern = pin.baseAddress else { return false }
                var offset = 0
                while offset + needle.count <= hay.count {
                    guard let hit = memchr(base + offset, Int32(first), hay.count - offset - needle.count + 1) else { return false }
                    let position = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + position, pattern, needle.count) == 0 { return true }
                    offset = position + 1
                }
                return false
            }
        }
    }

    /// commit-msg: the message with short finding IDs in its trailers expanded; an unknown or
    /// ambiguous one throws.
    public static func commitMessage(_ message: String, workspace: Workspace) throws -> String {
        let references = Trailers.references(in: message)
        guard !references.isEmpty else { return message }
        let index = FindingIndex(ids: try workspace.store().findingIDs())
        return try Trailers.expanding(message) { id in
            do {
                return try index.resolve(id)
            } catch let error as SecIssueError {
                throw SecIssueError("commit message trailer: \(error.message)")
            }
        }
    }

    /// pre-push: the active findings at or above `gate.fail_on` that the pushed commits add.
    /// `updates` are the lines git gives the hook: local ref, local hash, remote ref, remote hash.
    public static func prePush(_ workspace: Workspace, remote: String, updates: [String]) throws -> Outcome {
        var outcome = Outcome()
        let zero = String(repeating: "0", count: 40)
        for update in updates {
            let fields = update.split(separator: " ").map(String.init)
            guard fields.count == 4, fields[1] != zero, let local = ObjectID(hex: fields[1]) else { continue }
            let store = SecurityStore(files: try workspace.files(at: local))
            guard (try? store.requireInitialised()) != nil else { continue }
            let config = try store.config()
            // Commits the remote does not have: hide what it had, or every remote-tracking tip for a new branch.
            let hidden: [ObjectID]
            if fields[3] != zero, let remoteTip = ObjectID(hex: fields[3]), (try? workspace.commitInfo(remoteTip)) != nil {
                hidden = [remoteTip]
            } else {
                hidden = try workspace.remoteTips(remote)
            }
            let before = try workspace.commits(from: [local], hiding: hidden).commits.last
                .flatMap { try? workspace.commitInfo($0).parents.first }
            let old = Set((try before.map { try SecurityStore(files: workspace.files(at: $0)).findingIDs() }) ?? [])
            for id in try store.findingIDs() where !old.contains(id) {
                guard let finding = try? store.load(id: id).finding, finding.status.isActive, finding.severity >= config.failOn else { continue }
                outcome.blocked.append("\(fields[2]) adds \(finding.id) (\(finding.severity.rawValue), \(finding.status.rawValue)): \(finding.title)")
            }
        }
        return outcome
    }
}
