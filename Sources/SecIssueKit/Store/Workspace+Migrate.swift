import SecIssueGit

extension Workspace {
    /// `migrate`: what moving the store to the newest format takes, and, unless `dryRun`, the one
    /// commit that does it. A working tree whose `.security/` differs from HEAD is refused: the
    /// commit must hold the moves and nothing else.
    public func migrate(dryRun: Bool) throws -> (migration: StoreMigration, outcome: WriteOutcome) {
        if let root = repository.workingDirectory, try repository.headCommit() != nil {
            let pending = try pendingChanges(root: root, head: try CommitFiles(repository: repository, commit: try repository.headCommit()))
            if let first = pending.keys.sorted().first {
                throw SecIssueError("\(first)\(pending.count > 1 ? " and \(pending.count - 1) more" : "") in .security/ differ from HEAD: "
                                    + "commit them (git secissue commit) or stash them (git stash -u), then run git secissue migrate again")
            }
        }
        let (store, _) = try initialisedStore()
        let migration = try StoreMigration.plan(store)
        guard !dryRun, !migration.isDone else { return (migration, .unchanged) }
        // Not through `write`: the files move as stored, so nothing is sealed or opened again.
        var planned = migration
        let outcome = try writeUnsealed(.commit) { store in
            planned = try StoreMigration.plan(store)
            return PlannedWrite(changes: try planned.changes(in: store), message: planned.message)
        }
        return (planned, outcome)
    }
}
