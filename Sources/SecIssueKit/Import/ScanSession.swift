import Foundation
import SecIssueGit

/// Reads SARIF files against the scanned commit of a workspace: maps their results and
/// blames the flagged lines, once per file.
public final class ScanSession {
    public let workspace: Workspace
    public let scannedCommit: ObjectID
    private var blames: [String: Blame?] = [:]

    public init(workspace: Workspace, commit revision: String?) throws {
        self.workspace = workspace
        let head = try workspace.repository.headCommit()
        guard revision != nil || head != nil else { throw Workspace.noCommits }
        self.scannedCommit = try workspace.wrap { try workspace.repository.resolveCommit(revision ?? "HEAD") }
    }

    /// Maps every file; a malformed file stops everything before anything is written.
    public func map(files: [String], config: Config, tool: String?, category: String?) throws -> ResultMapper.Mapped {
        let repository = workspace.repository
        let commit = scannedCommit
        var mapper = ResultMapper(config: config, root: repository.workingDirectory, toolOverride: tool, category: category) { path in
            try? repository.file(at: path, inCommit: commit)
        }
        var all = ResultMapper.Mapped()
        for file in files {
            let mapped = try mapper.map(file: file)
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
