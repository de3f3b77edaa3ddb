import Foundation
import Testing
import TestSupport

/// The python that has the pre-commit package (installed by `make deps`), or nil when none has.
enum PreCommitFramework {
    static let python: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates = path.split(separator: ":").map { "\($0)/python3" } + ["/usr/local/bin/python3", "/usr/bin/python3"]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: candidate)
            process.arguments = ["-c", "import pre_commit, sys; print(sys.executable)"]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { continue }
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            if process.terminationStatus == 0 {
                return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        return nil
    }()

    /// The package's own directory, where `.pre-commit-hooks.yaml` and `docs/` are.
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// The hooks under the real pre-commit framework, from `.pre-commit-hooks.yaml` of this checkout,
/// configured as docs/workflow.md shows.
@Suite("pre-commit framework",
       .enabled(if: PreCommitFramework.python != nil, "the pre-commit package is not installed (make deps installs it with pip): skipped"),
       .scratchDirectory)
struct PreCommitFrameworkTests {
    /// The `.pre-commit-config.yaml` example of docs/workflow.md, pointed at `hooks` at `rev`.
    func documentedConfig(repo hooks: String, rev: String) throws -> String {
        let doc = try String(contentsOf: PreCommitFramework.package.appendingPathComponent("docs/workflow.md"), encoding: .utf8)
        let start = try #require(doc.range(of: "```yaml\n# .pre-commit-config.yaml\n"))
        let end = try #require(doc.range(of: "```", range: start.upperBound..<doc.endIndex))
        return doc[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).map { line in
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("- repo:") { return "  - repo: \(hooks)" }
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("rev:") { return "    rev: \(rev)" }
            return String(line)
        }.joined(separator: "\n")
    }

    /// A repository holding this checkout's `.pre-commit-hooks.yaml` (as the working tree has it),
    /// and a project using it through the documented config, with the framework's hooks installed.
    func setUp(_ sandbox: Sandbox) throws -> (repo: String, environment: [String: String]) {
        let hooks = sandbox.path("hooks-repo")
        try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: PreCommitFramework.package.appendingPathComponent(".pre-commit-hooks.yaml").path,
                                         toPath: hooks + "/.pre-commit-hooks.yaml")
        try sandbox.git("init", "-q", hooks, in: sandbox.root.path)
        try sandbox.git("add", "-A", in: hooks)
        try sandbox.git("commit", "-qm", "hooks", in: hooks)
        let rev = try sandbox.head(hooks)

        let repo = try sandbox.repository()
        try sandbox.write(".pre-commit-config.yaml", try documentedConfig(repo: hooks, rev: rev), in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "Use pre-commit", in: repo)
        let environment = ["PRE_COMMIT_HOME": sandbox.path("pre-commit-cache")]
        let install = try preCommit(sandbox, ["install"], in: repo, env: environment)
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        #expect(install.stdout.contains("pre-push"), "\(install.stdout)")
        return (repo, environment)
    }

    func preCommit(_ sandbox: Sandbox, _ arguments: [String], in repo: String, env: [String: String]) throws -> RunResult {
        try sandbox.run(try #require(PreCommitFramework.python), ["-m", "pre_commit"] + arguments, in: repo, env: env)
    }

    @Test("run --all-files finds a key that is already committed; a commit adding one is stopped")
    func allFiles() throws {
        let sandbox = try Sandbox()
        let (repo, environment) = try setUp(sandbox)
        let clean = try preCommit(sandbox, ["run", "--all-files"], in: repo, env: environment)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")

        let key = "AKIA" + "Z7Q4XK2LMN8PR3TW"
        try sandbox.write("app/settings.py", "AWS_ACCESS_KEY_ID = \"\(key)\"\n", in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-q", "--no-verify", "-m", "settings", in: repo)
        let found = try preCommit(sandbox, ["run", "--all-files"], in: repo, env: environment)
        #expect(found.status != 0)
        #expect(found.stdout.contains("app/settings.py:1: AWS access key ID (aws-access-key-id): AKIA…(20 chars)"), "\(found.stdout)")
        #expect(!found.stdout.contains(key) && !found.stderr.contains(key))

        try sandbox.write("app/more.py", "token = \"\(key)\"\n", in: repo)
        try sandbox.git("add", "app/more.py", in: repo)
        let commit = try sandbox.run("/usr/bin/git", ["commit", "-m", "more"], in: repo, env: environment)
        #expect(commit.status != 0)
        #expect(commit.stdout.contains("app/more.py:1: AWS access key ID") || commit.stderr.contains("app/more.py:1: AWS access key ID"))
    }

    @Test("pre-push under the framework: a clean push passes, a push with a key in an earlier commit is refused")
    func push() throws {
        let sandbox = try Sandbox()
        let (repo, environment) = try setUp(sandbox)
        let remote = sandbox.path("remote.git")
        try sandbox.git("init", "-q", "--bare", remote, in: sandbox.root.path)
        try sandbox.git("remote", "add", "origin", remote, in: repo)
        let first = try sandbox.run("/usr/bin/git", ["push", "-u", "origin", "main"], in: repo, env: environment)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("push protection") || first.stderr.contains("push protection"), "the framework ran the hook")

        let key = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc9Xk2"
        try sandbox.write("billing/config.env", "STRIPE_KEY=\(key)\n", in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-q", "--no-verify", "-m", "Billing config", in: repo)
        let leaked = try sandbox.head(repo)
        try sandbox.write("billing/config.env", "STRIPE_KEY=${STRIPE_KEY}\n", in: repo)
        try sandbox.git("commit", "-q", "--no-verify", "-am", "Read it from the environment", in: repo)
        let refused = try sandbox.run("/usr/bin/git", ["push", "origin", "main"], in: repo, env: environment)
        #expect(refused.status != 0)
        let output = refused.stdout + refused.stderr
        #expect(output.contains("billing/config.env:1: Stripe live secret or restricted key (stripe-live-key): sk_l…(36 chars) in commit \(leaked.prefix(7))"),
                "\(output)")
        #expect(!output.contains(key))

        try sandbox.git("reset", "-q", "--hard", "origin/main", in: repo)
        try sandbox.write("app/ok.py", "x = 1\n", in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-q", "-m", "A clean change", in: repo, env: environment)
        let passed = try sandbox.run("/usr/bin/git", ["push", "origin", "main"], in: repo, env: environment)
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
    }
}
