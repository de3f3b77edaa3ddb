import Foundation
import SecIssueGit

/// What a command that files findings starts from: the scanned commit (whose lines are blamed,
/// once per file), and the initialised store the findings go to, with its policy.
public final class ScanSession {
    public let workspace: Workspace
    public let scannedCommit: ObjectID
    /// The findings the results are planned against: the working tree, or `target` when given.
    public let store: SecurityStore
    public let config: Config
    private var blames: [String: Blame?] = [:]

    /// `commit` is the scanned revision (default HEAD); `target` the revision whose findings
    /// are read (`--ref`, or the base a report compares with), else the working tree.
    public init(workspace: Workspace, commit revision: String?, target: String? = nil) throws {
        self.workspace = workspace
        let head = try workspace.repository.headCommit()
        guard revision != nil || head != nil else { throw Workspace.noCommits }
        self.scannedCommit = try workspace.wrap { try workspace.repository.resolveCommit(revision ?? "HEAD") }
        (store, config) = try workspace.initialisedStore(at: target)
    }

    /// Maps every file; a malformed file stops everything before anything is written.
    public func map(files: [String], tool: String?, category: String?) throws -> ResultMapper.Mapped {
        let repository = workspace.repository
        let commit = scannedCommit
        var mapper = ResultMapper(config: config, root: repository.workingDirectory, toolOverride: tool, category: category) { path in
            try? repository.file(at: path, inCommit: commit)
        }
        var all = ResultMapper.Mapped()
        for file in files {
            let (format, json) = try ScanInput.open(file, limitMB: config.maxSARIFMB, tool: tool)
            let mapped = try format == .sarif ? mapper.map(file: file) : native(format, json: json, file: file, tool: tool, category: category)
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

    /// The commit that last changed `line` of `path` at the scanned commit, or nil.
    public func introduced(path: String, line: Int) -> String? {
        if blames[path] == nil {
            blames[path] = .some(try? workspace.repository.blame(path: path, at: scannedCommit))
        }
        return blames[path].flatMap { $0?.commit(forLine: line)?.hex }
    }
}
