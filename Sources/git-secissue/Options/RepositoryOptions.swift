import ArgumentParser
import SecIssueKit
import SecIssueReports

/// The repositories `stats` and `report` read: the current one, or several clones (`REPO...`,
/// `--repos FILE`) rolled up with a per-repository breakdown.
struct RepositoryOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Local clones (or bare repositories) to roll up; default: the current repository.", valueName: "REPO"))
    var repositories: [String] = []
    @Option(name: .customLong("repos"), help: ArgumentHelp("A file listing repository paths, one a line (# comments).", valueName: "FILE"))
    var list: String?

    /// The history of each repository at `revision`; notes about rebuilt caches go to stderr.
    func histories(at revision: String? = nil) throws -> [RepositoryHistory] {
        let paths = try repositories + (list.map(Rollup.paths(listedIn:)) ?? [])
        let (histories, notes) = try Rollup.histories(paths: paths, revision: revision, current: Workspace.discover)
        notes.forEach { Output.note("note: \($0)") }
        for history in histories where history.unreadable > 0 {
            Output.warning("\(history.name): \(history.unreadable) version(s) of finding files in history do not parse; "
                + "each finding keeps the version before (git secissue validate checks the current files)")
        }
        return histories
    }
}

extension Granularity: ExpressibleByArgument {}
