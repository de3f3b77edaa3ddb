import Foundation
import Testing
import TestSupport

/// What a git user expects of a git subcommand: `git -c` applies, `-` is standard input,
/// `git secissue --help` is a man page and `git secissue <TAB>` completes.
@Suite("git manners", .scratchDirectory)
struct GitMannersTests {
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("git -c user.name=X -c user.email=x@e secissue comment commits as X")
    func configOnTheCommandLine() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "Configured identity", in: repo)
        try sandbox.git("-c", "user.name=X", "-c", "user.email=x@e", "secissue", "comment", id, "-m", "seen", in: repo)
        #expect(try sandbox.git("log", "-1", "--format=%an <%ae>|%cn <%ce>", in: repo) == "X <x@e>|X <x@e>\n")
        // The same through GIT_CONFIG_COUNT, as git --config-env and scripts pass it.
        let counted = try sandbox.secissue("comment", id, "-m", "again", in: repo, env: [
            "GIT_CONFIG_COUNT": "2", "GIT_CONFIG_KEY_0": "user.name", "GIT_CONFIG_VALUE_0": "Counted O'Name",
            "GIT_CONFIG_KEY_1": "user.email", "GIT_CONFIG_VALUE_1": "c@e"])
        #expect(counted.status == 0, "\(counted.stderr)")
        #expect(try sandbox.git("log", "-1", "--format=%an <%ae>", in: repo) == "Counted O'Name <c@e>\n")
        // A malformed variable is an error, as in git, not silently ignored.
        let bogus = try sandbox.secissue("list", in: repo, env: ["GIT_CONFIG_PARAMETERS": "'user.name"])
        #expect(bogus.status == 1)
        #expect(bogus.stderr.contains("bogus format in GIT_CONFIG_PARAMETERS"), "\(bogus.stderr)")
    }

    @Test("import - and ci --sarif - read the SARIF log from standard input")
    func standardInput() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        let log = try String(contentsOfFile: Fixtures.sarif("bandit.sarif"), encoding: .utf8)
        let imported = try sandbox.secissue("import", "-", in: repo, stdin: log)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("new 18,"), "\(imported.stdout)")
        let ci = try sandbox.secissue("ci", "--sarif", "-", "--mode", "report", in: repo, stdin: log)
        #expect(ci.status == 0, "\(ci.stderr)")
        #expect(ci.stdout.contains("still open") && ci.stdout.contains("**Gate: passed.**"), "\(ci.stdout)")
        let broken = try sandbox.secissue("import", "-", in: repo, stdin: "{not json")
        #expect(broken.status == 1)
        #expect(broken.stderr.hasPrefix("git secissue: error: standard input: not"), "\(broken.stderr)")
        #expect(try sandbox.secissue("import", "-", "-", in: repo, stdin: log).status == 64)
    }

    @Test("make install puts the man page where man finds it, so git secissue --help shows it")
    func manPage() throws {
        let sandbox = try Sandbox()
        let prefix = sandbox.path("prefix")
        let install = try sandbox.run("/usr/bin/make", ["-s", "install", "PREFIX=\(prefix)", "BIN=\(Sandbox.binary)"], in: Self.package.path)
        #expect(install.status == 0, "\(install.stderr)")
        let environment = ["MANPATH": prefix + "/share/man", "MANPAGER": "cat", "MANWIDTH": "80", "PATH": "\(prefix)/bin:/usr/bin:/bin"]
        let found = try sandbox.run("/usr/bin/man", ["-w", "git-secissue"], in: sandbox.path("."), env: environment)
        #expect(found.stdout == prefix + "/share/man/man1/git-secissue.1\n", "\(found.stderr)")
        let repo = try sandbox.repository()
        let help = try sandbox.run("/usr/bin/git", ["secissue", "--help"], in: repo, env: environment)
        #expect(help.status == 0, "\(help.stderr)")
        #expect(help.stdout.contains("git-secissue") && help.stdout.contains("import"), "\(help.stdout.prefix(400))")
        for file in ["share/bash-completion/completions/git-secissue", "share/zsh/site-functions/_git-secissue", "bin/git-secissue"] {
            #expect(FileManager.default.fileExists(atPath: prefix + "/" + file), "\(file)")
        }
    }

    @Test("man/man1/git-secissue.1 was made from the binary's current help (run `make man` after changing it)")
    func manPageIsCurrent() throws {
        let sandbox = try Sandbox()
        let page = try String(contentsOf: Self.package.appendingPathComponent("man/man1/git-secissue.1"), encoding: .utf8)
        let stamp = try #require(page.split(separator: "\n").first { $0.hasPrefix(".\\\" help-sha256: ") })
        let dump = try sandbox.run("/bin/sh", ["-c", "\"$0\" --experimental-dump-help | sha256sum", Sandbox.binary], in: sandbox.path("."))
        #expect(String(stamp.dropFirst(".\\\" help-sha256: ".count)) == String(dump.stdout.prefix(64)), "the man page is stale: run make man")
    }

    @Test("completions/ is what the binary generates (run `make completions` after changing a command)")
    func completionsAreCurrent() throws {
        let sandbox = try Sandbox()
        let fresh = sandbox.path("completions")
        let made = try sandbox.run(Self.package.appendingPathComponent("scripts/make-completions").path, [Sandbox.binary, fresh], in: sandbox.path("."))
        #expect(made.status == 0, "\(made.stderr)")
        for name in ["git-secissue.bash", "_git-secissue"] {
            let committed = try Data(contentsOf: Self.package.appendingPathComponent("completions/\(name)"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: fresh + "/" + name)) == committed, "completions/\(name) is stale: run make completions")
        }
    }

    @Test("bash with git's completion loaded completes git secissue li<TAB> and git-secissue im<TAB>", arguments: [
        ("git secissue li", "git", "list"), ("git -C . secissue list --wi", "git", "--wide"), ("git-secissue im", "git-secissue", "import"),
    ])
    func bashCompletion(line: String, command: String, expected: String) throws {
        let gitCompletion = "/usr/share/bash-completion/completions/git"
        try #require(FileManager.default.fileExists(atPath: gitCompletion), "git's bash completion is missing (Debian's git package has it)")
        let sandbox = try Sandbox()
        let script = """
            source \(gitCompletion)
            source "$1"
            read -ra COMP_WORDS <<< "$2"
            COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) COMP_LINE="$2" COMP_POINT=${#2}
            if [[ "$3" == git ]]; then __git_wrap__git_main; else _git-secissue git-secissue "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"; fi
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let completion = Self.package.appendingPathComponent("completions/git-secissue.bash").path
        let result = try sandbox.run("/bin/bash", ["-c", script, "bash", completion, line, command], in: sandbox.path("."))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.lines.map { $0.trimmingCharacters(in: .whitespaces) }.contains(expected), "\(line): \(result.stdout) \(result.stderr)")
    }
}
