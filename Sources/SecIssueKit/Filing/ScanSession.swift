import Foundation
import SecIssueGit

/// What a command that files findings starts from: the scanned commit (whose lines are blamed,
/// once per file), and the initialised store the findings go to, with its policy.
public final class ScanSession {
    public let workspace: Workspace
    /// The commit whose code was scanned: `--commit`, else the SARIF run's
    /// `versionControlProvenance[].revisionId`, else the newest commit from HEAD that changed
    /// anything outside `.security/` (an import's own commit is not a scan of the code).
    public private(set) var scannedCommit: ObjectID
    /// True when the caller named the scanned commit: provenance in the SARIF does not override it.
    private let commitGiven: Bool
    /// The findings the results are planned against: the working tree, or `target` when given.
    public let store: SecurityStore
    public let config: Config
    /// Told what long work is doing (the file being read, the file being blamed), for a
    /// progress line on a terminal.
    public var progress: ((String) -> Void)?
    private var blames: [String: Blame?] = [:]
    /// What this clone lacks for blame (shallow or partial), once looked at.
    private var limits: HistoryLimits?
    /// How many new findings were left without `introduced` because the clone lacks history, and why.
    private var introducedGap: (count: Int, cause: String)?

    /// `commit` is the scanned revision (default: see `scannedCommit`); `target` the revision whose
    /// findings are read (`--ref`, or the base a report compares with), else the working tree.
    public init(workspace: Workspace, commit revision: String?, target: String? = nil) throws {
        self.workspace = workspace
        let head = try workspace.repository.headCommit()
        guard revision != nil || head != nil else { throw Workspace.noCommits }
        if let revision {
            self.scannedCommit = try workspace.repository.resolveCommit(revision)
        } else {
            self.scannedCommit = try workspace.newestCodeCommit(from: head!)
        }
        commitGiven = revision != nil
        (store, config) = try workspace.initialisedStore(at: target)
    }

    /// The findings of `store`, read once however often a command asks (a producer that needs
    /// them before filing, then a planned filing). A write plans against what it reads under the
    /// writer lock instead, since another writer may have changed the store in between.
    public func storedFindings() throws -> (findings: [StoredFinding], problems: [FileProblem]) {
        if let loaded { return loaded }
        let read = try store.loadAll()
        loaded = read
        return read
    }
    private var loaded: (findings: [StoredFinding], problems: [FileProblem])?

    /// Maps every file; a malformed file stops everything before anything is written.
    public func map(files: [String], tool: String?, category: String?) throws -> ResultMapper.Mapped {
        let inputs = try files.map { (path: $0, input: try ScanInput.open($0, limitMB: config.maxSARIFMB, tool: tool)) }
        let logs = inputs.compactMap { entry in entry.input.log.map { (path: entry.path, log: $0) } }
        var notes: [String] = []
        if !commitGiven, let revision = logs.lazy.flatMap({ ResultMapper.scannedRevisions($0.log) }).first {
            do {
                scannedCommit = try workspace.repository.resolveCommit(revision)
            } catch {
                throw workspace.missingHistory("the SARIF says it scanned commit \(revision) (versionControlProvenance), which is not in this clone; "
                                               + "fetch it, or give the scanned commit with --commit")
            }
            let others = Set(logs.flatMap { ResultMapper.scannedRevisions($0.log) }).subtracting([revision])
            if !others.isEmpty {
                notes.append("the SARIF names several scanned commits; \(revision.prefix(12)) is recorded (give --commit to choose)")
            }
        }
        let repository = workspace.repository
        let commit = scannedCommit
        var mapper = ResultMapper(config: config, root: repository.workingDirectory, toolOverride: tool, category: category) { path in
            try? repository.file(at: path, inCommit: commit)
        }
        var all = ResultMapper.Mapped()
        all.notes = notes
        for (file, input) in inputs {
            let label = file == "-" ? "standard input" : file
            progress?("reading \(label)")
            let mapped: ResultMapper.Mapped
            switch input {
            case .sarif(let log): mapped = try mapper.map(log: log, path: label)
            case .native(let format, let json): mapped = try native(format, json: json, file: label, tool: tool, category: category)
            }
            all.results += mapped.results
            all.skipped += mapped.skipped
            all.notes += mapped.notes
            mapped.scopes.forEach { all.cover($0) }
            all.incomplete += mapped.incomplete
        }
        // A scope one file left unfinished stays unfinished, whatever another file says of it.
        all.dropIncomplete()
        return all
    }

    /// One file of a scanner's own JSON, as the results of one scope.
    private func native(_ format: ScanFormat, json: Any?, file: String, tool: String?, category: String?) throws -> ResultMapper.Mapped {
        let repository = workspace.repository
        let commit = scannedCommit
        var mapper = NativeMapper(format: format, path: file, config: config, root: repository.workingDirectory,
                                  source: { path in try? repository.file(at: path, inCommit: commit) }, toolOverride: tool, category: category)
        try mapper.map(json as Any)
        var mapped = ResultMapper.Mapped()
        mapped.results = mapper.results
        mapped.skipped = mapper.skipped
        mapped.notes = mapper.notes
        mapped.cover(ScanScope(tool: mapper.tool, category: category ?? "default"))
        return mapped
    }

    /// The filing of SARIF files: every file mapped (a malformed one stops everything before
    /// anything is written), labelled by the tools that ran.
    public func filing(sarif files: [String], tool: String?, category: String?, partial: Bool) throws -> Filing {
        let mapped = try map(files: files, tool: tool, category: category)
        var filing = Filing(session: self, results: mapped.results, scopes: mapped.scopes, partial: partial,
                            label: mapped.scopes.map(\.tool).joined(separator: ", "))
        filing.skipped = mapped.skipped
        filing.notes = mapped.notes
        return filing
    }

    /// True when the scanned commit is a strict ancestor of `commit` (a full hash).
    public func scanIsOlder(than commit: String) -> Bool {
        guard let id = ObjectID(hex: commit), id != scannedCommit else { return false }
        return workspace.repository.isDescendant(id, of: scannedCommit)
    }

    /// The commit that last changed `line` of `path` at the scanned commit, or nil. In a partial
    /// clone the file's past versions are fetched through git first (blame reads them all); in a
    /// shallow clone a line blamed on a boundary commit may be older than the clone, so it is nil.
    /// Every nil the clone caused is counted for `introducedWarning`.
    public func introduced(path: String, line: Int) -> String? {
        let limits = self.limits ?? ((try? workspace.historyLimits()) ?? HistoryLimits())
        self.limits = limits
        if blames[path] == nil {
            progress?("blaming \(path) (\(blames.count + 1) files)")
            var cause: String?
            if let remote = limits.promisor {
                do {
                    try workspace.repository.fetchPromisedHistory(of: path, at: scannedCommit)
                } catch {
                    cause = "this partial clone could not fetch the history of \(path) from '\(remote)' (\(ErrorBoundary.message(error)))"
                }
            }
            blames[path] = .some(cause == nil ? try? workspace.repository.blame(path: path, at: scannedCommit) : nil)
            if blames[path]! == nil, cause == nil, limits.isShallow {
                cause = "this is a shallow clone, so blame cannot read past its boundary; \(Workspace.unshallowFix)"
            }
            if let cause, introducedGap == nil { introducedGap = (0, cause) }
        }
        guard let blame = blames[path] ?? nil else {
            if introducedGap != nil { introducedGap!.count += 1 }
            return nil
        }
        guard let commit = blame.commit(forLine: line) else { return nil }
        if limits.boundary.contains(commit) {
            if introducedGap == nil {
                introducedGap = (0, "this is a shallow clone, and a line blamed on its oldest commit may be older; \(Workspace.unshallowFix)")
            }
            introducedGap!.count += 1
            return nil
        }
        return commit.hex
    }

    /// One warning for every `introduced` the clone left empty, naming the cause; nil when none was.
    public var introducedWarning: String? {
        guard let gap = introducedGap, gap.count > 0 else { return nil }
        return "commits.introduced is left empty on \(gap.count) finding\(gap.count == 1 ? "" : "s"): \(gap.cause)"
    }
}
