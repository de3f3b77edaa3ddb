import Foundation
import SecIssueGit

/// Whether the history a command reads is all here. CI clones are often shallow (GitHub
/// Actions checks out one commit; GitLab fetches 20 or 50) or partial (`--filter=blob:none`),
/// and libgit2 1.5.1 can neither read past a shallow boundary nor fetch a promised object.
/// A read that needs what is missing either gets it (a partial clone's objects, through git)
/// or stops with what is missing and the fix: it never passes a shorter history off as the whole.
extension Workspace {
    /// The shallow boundary, grafts and promisor remote of this clone.
    public func historyLimits() throws -> HistoryLimits { try repository.historyLimits() }

    /// What to do about a shallow clone, for every message that stops on one.
    public static let unshallowFix = "fetch the whole history and run it again: git fetch --unshallow "
        + "(GitHub Actions: fetch-depth: 0 on actions/checkout; GitLab CI: GIT_DEPTH: 0)"

    /// What to do when a partial clone cannot fetch what it lacks.
    static func promisorFix(_ remote: String) -> String {
        "this is a partial clone whose objects come from '\(remote)' on demand: make sure git can fetch from it "
            + "(git fetch \(remote)), or clone without --filter"
    }

    /// The message for history this clone does not have: `detail`, why, and the fix.
    public func missingHistory(_ detail: String) -> SecIssueError {
        let limits = (try? historyLimits()) ?? HistoryLimits()
        if limits.isShallow {
            return SecIssueError("\(detail): this is a shallow clone (.git/shallow), so the history it needs is not here; \(Self.unshallowFix)", kind: .missingHistory)
        }
        if let remote = limits.promisor {
            return SecIssueError("\(detail): \(Self.promisorFix(remote))", kind: .missingHistory)
        }
        return SecIssueError(detail)
    }

    /// Runs a read of history, turning a stop at the clone's limits into `missingHistory`, and any
    /// failure in a shallow clone into one that names the clone as the likely cause.
    func readingHistory<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as GitError where error.kind == .incompleteHistory {
            throw missingHistory(error.message)
        } catch let error as GitError where (try? historyLimits().isShallow) == true {
            throw missingHistory(error.message)
        }
    }

    /// The commit that was scanned, when the caller did not say: the newest commit from HEAD that
    /// changed anything outside `.security/`. The commits `ci` and `import` make hold only finding
    /// files, so a scan run after them scanned the code of the commit before. Stops at a commit
    /// whose parent this clone lacks (a shallow boundary): that is the newest it can tell.
    public func newestCodeCommit(from start: ObjectID) throws -> ObjectID {
        var commit = start
        for _ in 0..<1000 {
            let info = try repository.commitInfo(commit)
            guard let parent = info.parents.first, info.parents.count == 1, repository.objectExists(parent),
                  let changes = try? repository.changes(from: parent, to: commit, lineCounts: false),
                  !changes.isEmpty, changes.allSatisfy({ $0.path.hasPrefix(SecurityStore.directory + "/") }) else { return commit }
            commit = parent
        }
        return commit
    }

    /// The best common ancestor of `one` and `other`, or an error naming what this clone lacks.
    public func mergeBase(_ one: ObjectID, _ other: ObjectID) throws -> ObjectID {
        do {
            guard let base = try repository.mergeBase(one, other) else {
                throw missingHistory("\(one.short()) and \(other.short()) have no common ancestor in this clone")
            }
            return base
        } catch let error as GitError {
            throw missingHistory("cannot find the common ancestor of \(one.short()) and \(other.short()): \(error.message)")
        }
    }
}
