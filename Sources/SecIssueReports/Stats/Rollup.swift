import Foundation
import SecIssueKit

/// The repositories `stats` and `report` read: the current one, or several local clones rolled
/// up with a per-repository breakdown.
public enum Rollup {
    /// The paths of `--repos FILE`: one a line, `#` starts a comment, relative paths are taken
    /// from the file's directory.
    public static func paths(listedIn file: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw SecIssueError("cannot read the repository list \(file): give a file with one repository path a line")
        }
        let base = (file as NSString).deletingLastPathComponent
        let paths = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).compactMap { line -> String? in
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, !text.hasPrefix("#") else { return nil }
            return text.hasPrefix("/") || base.isEmpty ? text : base + "/" + text
        }
        guard !paths.isEmpty else { throw SecIssueError("the repository list \(file) names no repository") }
        return paths
    }

    /// The history of each repository at `revision` (HEAD when nil), through each one's cache;
    /// with no paths, of the current repository. Notes say when a damaged cache was rebuilt.
    public static func histories(paths: [String], revision: String?, current: () throws -> Workspace) throws
        -> (histories: [RepositoryHistory], notes: [String]) {
        var histories: [RepositoryHistory] = []
        var notes: [String] = []
        let targets: [(workspace: Workspace, name: String)] = try paths.isEmpty ? [{
            let workspace = try current()
            return (workspace, ((workspace.workingDirectory ?? workspace.commonDirectory) as NSString).lastPathComponent)
        }()] : paths.map { (try Workspace.repository(at: $0), $0) }
        for (workspace, name) in targets {
            let cache = StatsCache(path: StatsCache.location(for: workspace))
            do {
                histories.append(try RepositoryHistory.load(workspace, name: name, revision: revision, cache: cache))
            } catch let error as SecIssueError where paths.count > 1 {
                throw SecIssueError("\(name): \(error.message)", kind: error.kind, code: error.code)
            }
            cache.save()
            if let discarded = cache.discarded { notes.append(discarded) }
        }
        return (histories, notes)
    }

    /// The numbers of each repository on one grid of periods, added up.
    public static func statistics(_ histories: [RepositoryHistory], query: StatsQuery) throws -> Statistics {
        let first = histories.compactMap { $0.steps.first?.time }.min()
        let periods = try Statistics.grid(query, firstTime: first)
        let parts = histories.map { (name: $0.name, stats: Statistics(history: $0, query: query, periods: periods)) }
        return Statistics.combined(parts, query: query, periods: periods)
    }
}
