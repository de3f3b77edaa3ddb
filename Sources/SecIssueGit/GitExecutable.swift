import Foundation

/// The one place this tool runs the `git` executable, for what libgit2 1.5.1 cannot do itself:
/// fetching the objects a partial clone (`--filter=blob:none`) promised but does not have.
/// `git` fetches a promised object on demand whenever it reads one (`cat-file`, `diff-tree`),
/// from the promisor remote, with the user's own credentials and configuration.
///
/// Nothing else is asked of it: the shallow boundary is read from `.git/shallow` and the
/// promisor from the configuration, both through libgit2 (`Repository.historyLimits()`).
public enum GitExecutable {
    public struct Output: Sendable {
        public let status: Int32
        public let stdout: Data
        public let stderr: String
    }

    /// Runs `git --git-dir=<the repository's> ARGUMENTS` with `input` on its standard input.
    /// Prompts are off (`GIT_TERMINAL_PROMPT=0`): a CI job must fail, not hang, when a fetch needs a password.
    static func run(_ arguments: [String], in repository: Repository, input: Data? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "--git-dir=\(repository.gitDirectory)"] + arguments
        var environment = ProcessInfo.processInfo.environment
        for key in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR"] { environment[key] = nil }
        environment["GIT_TERMINAL_PROMPT"] = "0"
        process.environment = environment
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("secissue-git-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        let errorHandle = try FileHandle(forWritingTo: errors)
        defer { try? errorHandle.close() }
        let output = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = errorHandle
        process.standardInput = stdin
        do {
            try process.run()
        } catch {
            throw GitError(message: "cannot run git (\(error.localizedDescription)): install git, which this clone needs to fetch what it lacks")
        }
        // The input is written from another thread so a child that writes much before reading
        // cannot fill the output pipe while we are still writing.
        let writer = Thread {
            if let input { stdin.fileHandleForWriting.write(input) }
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = String(decoding: (try? Data(contentsOf: errors)) ?? Data(), as: UTF8.self)
        return Output(status: process.terminationStatus, stdout: data, stderr: stderr)
    }
}
