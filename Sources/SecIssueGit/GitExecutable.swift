import Foundation

/// The one place this tool runs the `git` executable (through `Subprocess`), for what libgit2 1.5.1 cannot do itself:
/// fetching the objects a partial clone (`--filter=blob:none`) promised but does not have.
/// `git` fetches a promised object on demand whenever it reads one (`cat-file`, `diff-tree`),
/// from the promisor remote, with the user's own credentials and configuration. And listing
/// the staged files (`Repository.stagedEntries`) by the index's cache-tree, which libgit2's
/// diff does not use.
///
/// Nothing else is asked of it: the shallow boundary is read from `.git/shallow` and the
/// promisor from the configuration, both through libgit2 (`Repository.historyLimits()`).
public enum GitExecutable {
    public struct Output: Sendable {
        public let status: Int32
        public let stdout: Data
        public let stderr: String
    }

    /// Runs `git --git-dir=<the repository's> ARGUMENTS` with `input` on its standard input, on
    /// the index `indexFile` (nil: the repository's own). `purpose` ends the message that asks
    /// for git when there is none. Prompts are off (`GIT_TERMINAL_PROMPT=0`): a CI job must
    /// fail, not hang, when a fetch needs a password.
    static func run(_ arguments: [String], in repository: Repository, input: Data? = nil, indexFile: String? = nil,
                    purpose: String = "this clone needs to fetch what it lacks") throws -> Output {
        var environment = ProcessInfo.processInfo.environment
        for key in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR"] { environment[key] = nil }
        environment["GIT_INDEX_FILE"] = indexFile
        environment["GIT_TERMINAL_PROMPT"] = "0"
        let result: Subprocess.Result
        do {
            result = try Subprocess.run(["git", "--git-dir=\(repository.gitDirectory)"] + arguments, environment: environment, input: input)
        } catch {
            throw GitError(message: "cannot run git (\(error)): install git, which \(purpose)")
        }
        return Output(status: result.status, stdout: result.stdout, stderr: String(decoding: result.stderr, as: UTF8.self))
    }
}
