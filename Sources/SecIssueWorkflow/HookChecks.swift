import Foundation
import SecIssueKit

/// What the hooks check. Each returns the lines to print; `blocked` ones stop the commit or push.
public enum HookChecks {
    public struct Outcome: Sendable {
        public var blocked: [String] = []
        public var warnings: [String] = []
    }

    /// Files larger than this are not scanned whole (`hook pre-commit FILE...`): they are data, not code.
    static let maximumScannedFileBytes = 8 << 20

    /// pre-commit: staged `.security/` files parse, the added lines hold no secret, and a warning
    /// for each active finding whose lines the change touches. With `files` (what the pre-commit
    /// framework passes: the staged files, or every file with `run --all-files`), those files are
    /// checked whole, as the working tree has them, instead of the staged lines alone.
    public static func preCommit(_ workspace: Workspace, files: [String] = []) throws -> Outcome {
        let store = try workspace.store()
        let config = (try? store.config()) ?? Config()
        var outcome = Outcome()
        let staged = try workspace.stagedChanges()
        let changes = staged.files
        // The team's gitleaks rules as staged: a rules file that cannot be read blocks, as the
        // secrets it would have found could otherwise pass.
        var custom: GitleaksRules?
        do {
            custom = try SecretsScan.customRules(config) { try workspace.stagedFile($0, in: staged) }
        } catch let problem as FileProblem {
            outcome.blocked.append("\(problem) (secrets.gitleaks_config)")
        } catch let error as SecIssueError {
            outcome.blocked.append(error.message)
        }
        let checked: [(path: String, text: String?)]
        if files.isEmpty {
            checked = try changes.map { change in
                (change.path, change.path.hasPrefix(SecurityStore.directory + "/")
                    ? try workspace.stagedFile(change.path, in: staged).map { String(decoding: $0, as: UTF8.self) } : nil)
            }
            for change in changes {
                outcome.blocked += SecretScanner.scan(path: change.path, lines: change.added, allowlist: config.secretAllowlist, custom: custom).map { refusal($0) }
            }
        } else {
            let top = workspace.workingDirectory ?? FileManager.default.currentDirectoryPath
            checked = files.map { file in
                let path = relative(file, to: top)
                guard let text = textFile(top + "/" + path) else { return (path, nil) }
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { (number: $0.offset + 1, text: String($0.element)) }
                outcome.blocked += SecretScanner.scan(path: path, lines: lines, allowlist: config.secretAllowlist, custom: custom).map { refusal($0) }
                return (path, text)
            }
        }
        for (path, text) in checked where path.hasPrefix(SecurityStore.directory + "/") {
            guard let text else { continue }
            do {
                if FindingLayout.isUnderFindings(path) {
                    _ = try FindingCodec.decode(text, path: path)
                } else if path == Config.path {
                    _ = try Config(yaml: text)
                } else if path == LibraryPolicy.path {
                    _ = try LibraryPolicy(yaml: text)
                }
            } catch let problem as FileProblem {
                outcome.blocked.append("\(problem)")
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
        for path in try store.findingFiles().paths.values.sorted() {
            guard let bytes = try store.files.read(path),
                  needles.contains(where: { bytes.contains(bytes: $0) }) else { continue }
            if let finding = try? FindingCodec.decode(String(decoding: bytes, as: UTF8.self), path: path) { found.append(finding) }
        }
        return found
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

    /// How a secret found by a hook is reported: where, what, the value redacted, and what to do.
    static func refusal(_ match: SecretMatch, commit: CommitInfo? = nil) -> String {
        let place = commit.map { " in commit \($0.id.short()) (\($0.subject.prefix(50)))" } ?? ""
        let fix = commit == nil ? "remove it and rotate it" : "rotate it and remove it from the pushed commits (rewrite them)"
        return "\(match.path):\(match.line): \(match.description) (\(match.rule)): \(match.redacted)\(place); "
            + "\(fix), or mark a false alarm with a secissue:allow comment"
    }

    /// `file` as a path from the top of the working tree (the framework passes them so already).
    static func relative(_ file: String, to top: String) -> String {
        let absolute = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        let standard = URL(fileURLWithPath: absolute).standardizedFileURL.path
        let root = URL(fileURLWithPath: top).standardizedFileURL.path
        return standard.hasPrefix(root + "/") ? String(standard.dropFirst(root.count + 1)) : file
    }

    /// A regular file's text; nil for a symlink, a directory, a missing, huge or binary file.
    static func textFile(_ path: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              (attributes[.size] as? Int ?? 0) <= maximumScannedFileBytes,
              let data = FileManager.default.contents(atPath: path), !data.prefix(8000).contains(0) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The commits a push sends, as ranges: each pushed tip, and what to hide from it.
    public typealias PushRange = (tip: ObjectID, hidden: [ObjectID])

    /// pre-push, as git runs it: push protection. `updates` are the lines git gives the hook
    /// (local ref, local hash, remote ref, remote hash); every commit each update sends that the
    /// remote lacks is scanned, every line it adds, and a secret refuses the push. Findings are
    /// never a reason to refuse: filing or triaging one must always be pushable.
    public static func prePush(_ workspace: Workspace, remote: String, updates: [String]) throws -> Outcome {
        try pushProtection(workspace, ranges: try pushedRanges(workspace, remote: remote, updates: updates))
    }

    /// The ranges git's pre-push lines send: for each update, the commits the remote does not
    /// have (hiding what it had, or every remote-tracking tip for a new branch).
    public static func pushedRanges(_ workspace: Workspace, remote: String, updates: [String]) throws -> [PushRange] {
        let zero = String(repeating: "0", count: 40)
        var ranges: [PushRange] = []
        for update in updates {
            let fields = update.split(separator: " ").map(String.init)
            guard fields.count == 4, fields[1] != zero, let local = ObjectID(hex: fields[1]) else { continue }
            if fields[3] != zero, let remoteTip = ObjectID(hex: fields[3]), (try? workspace.commitInfo(remoteTip)) != nil {
                ranges.append((local, [remoteTip]))
            } else {
                ranges.append((local, try workspace.remoteTips(remote)))
            }
        }
        return ranges
    }

    /// pre-push under the pre-commit framework, which reads git's lines itself and hands over
    /// `PRE_COMMIT_FROM_REF`/`PRE_COMMIT_TO_REF`, or for a push of a whole history only
    /// `PRE_COMMIT_LOCAL_BRANCH`; with neither (`pre-commit run --hook-stage pre-push`), HEAD's
    /// commits that the remote's tracking branches lack.
    public static func prePush(_ workspace: Workspace, framework environment: [String: String]) throws -> Outcome {
        try pushProtection(workspace, ranges: try pushedRanges(workspace, framework: environment))
    }

    /// The range the pre-commit framework's variables describe.
    public static func pushedRanges(_ workspace: Workspace, framework environment: [String: String]) throws -> [PushRange] {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let remote = value("PRE_COMMIT_REMOTE_NAME") ?? "origin"
        if let to = value("PRE_COMMIT_TO_REF") {
            let tip = try workspace.resolveCommit(to)
            let hidden = try value("PRE_COMMIT_FROM_REF").map { [try workspace.resolveCommit($0)] } ?? workspace.remoteTips(remote)
            return [(tip, hidden)]
        }
        let local = value("PRE_COMMIT_LOCAL_BRANCH") ?? "HEAD"
        return [(try workspace.resolveCommit(local), try workspace.remoteTips(remote))]
    }

    /// Every path a commit of the ranges changes (against its first parent), sorted.
    public static func pushedPaths(_ workspace: Workspace, ranges: [PushRange]) throws -> [String] {
        var paths: Set<String> = []
        var seen: Set<ObjectID> = []
        for range in ranges {
            for id in try workspace.commits(from: [range.tip], hiding: range.hidden).commits where seen.insert(id).inserted {
                let info = try workspace.commitInfo(id)
                paths.formUnion(try workspace.changes(from: info.parents.first, to: id, lineCounts: false).map(\.path))
            }
        }
        return paths.sorted()
    }

    /// Scans every line that the commits of the ranges add (each commit once). A merge is scanned
    /// for the lines it adds against every parent, that is, what the merge itself brought; the
    /// rest came in with commits of their own.
    public static func pushProtection(_ workspace: Workspace, ranges: [PushRange]) throws -> Outcome {
        var outcome = Outcome()
        var seen: Set<ObjectID> = []
        for range in ranges {
            // The allowlist of the pushed tip: the one the remote will have.
            let tip = try workspace.files(at: range.tip)
            let config = (try? SecurityStore(files: tip).config()) ?? Config()
            // The team's gitleaks rules as the pushed tip has them; unreadable rules stop the push.
            let custom = try SecretsScan.customRules(config) { try tip.read($0) }
            for id in try workspace.commits(from: [range.tip], hiding: range.hidden).commits.reversed() where seen.insert(id).inserted {
                let info = try workspace.commitInfo(id)
                var changes = try workspace.addedLines(from: info.parents.first, to: id)
                for parent in info.parents.dropFirst() {
                    let other = Set(try workspace.addedLines(from: parent, to: id).flatMap { change in change.added.map { "\(change.path)\u{0}\($0.text)" } })
                    changes = changes.map { change in
                        var change = change
                        change.added = change.added.filter { other.contains("\(change.path)\u{0}\($0.text)") }
                        return change
                    }
                }
                for change in changes {
                    outcome.blocked += SecretScanner.scan(path: change.path, lines: change.added, allowlist: config.secretAllowlist, custom: custom)
                        .map { refusal($0, commit: info) }
                }
            }
        }
        return outcome
    }
}
