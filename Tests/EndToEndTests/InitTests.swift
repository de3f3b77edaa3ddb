import Foundation
import Testing
import TestSupport

@Suite("init", .scratchDirectory)
struct InitTests {
    @Test("writes .security/ from the templates in one commit, and a second run changes nothing")
    func initialises() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository(initialise: false)
        let first = try sandbox.secissue("init", in: repo)
        #expect(first.status == 0)
        #expect(first.stderr.contains("secissue: initialise .security/"))
        let tree = try sandbox.git("ls-tree", "-r", "--name-only", "HEAD", ".security", in: repo)
        for file in [".security/README.md", ".security/config.yml", ".security/libraries.yml", ".security/findings/.gitkeep",
                     ".security/guidance/secrets-management.md"] {
            #expect(tree.contains(file), "missing \(file)")
        }
        let config = try sandbox.read(".security/config.yml", in: repo)
        for line in ["  critical: 7", "  high: 30", "  medium: 90", "  low: 180", "  info: null"] {
            #expect(config.contains(line))
        }
        #expect(try sandbox.git("status", "--porcelain", in: repo).isEmpty)

        let again = try sandbox.secissue("init", in: repo)
        #expect(again.status == 0)
        #expect(again.stderr.contains("already exists: nothing changed"))
        #expect(try sandbox.git("rev-list", "--count", "HEAD", in: repo) == "2\n")
    }

    @Test("--force restores missing files only and leaves edited ones alone")
    func forceRestoresMissing() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try sandbox.write(".security/config.yml", "id_prefix: ACME\n", in: repo)
        try sandbox.git("rm", "-q", ".security/README.md", in: repo)
        try sandbox.git("commit", "-qam", "customise", in: repo)

        let result = try sandbox.secissue("init", "--force", in: repo)
        #expect(result.status == 0)
        #expect(try sandbox.git("show", "--name-only", "--format=", "HEAD", in: repo) == ".security/README.md\n")
        #expect(try sandbox.read(".security/config.yml", in: repo) == "id_prefix: ACME\n")
        #expect(try sandbox.git("status", "--porcelain", in: repo).isEmpty)

        let id = try sandbox.newFinding("--title", "Prefix from config", in: repo)
        #expect(id.hasPrefix("ACME-"))
    }

    @Test("a repository with no commits yet gets a clear error and nothing is written")
    func noCommitsYet() throws {
        let sandbox = try Sandbox()
        let repo = sandbox.path("empty")
        try sandbox.git("init", "-q", repo, in: sandbox.root.path)
        let result = try sandbox.secissue("init", in: repo)
        #expect(result.status == 1)
        #expect(result.stderr.contains("no commits yet"))
        #expect(!FileManager.default.fileExists(atPath: repo + "/.security"))
    }

    @Test("commands before init say to run init")
    func notInitialised() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository(initialise: false)
        for arguments in [["list"], ["new", "--title", "x"], ["show", "abcd"], ["validate"]] {
            let result = try sandbox.run(Sandbox.binary, arguments, in: repo)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains("run git secissue init"), "\(arguments): \(result.stderr)")
        }
    }

    @Test("outside a repository the error says so")
    func notARepository() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.secissue("list", in: sandbox.home.path, env: ["GIT_CEILING_DIRECTORIES": sandbox.root.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("not a git repository"))
    }
}

@Suite("init --force and uncommitted deletions", .scratchDirectory)
struct InitDeletionTests {
    @Test("a file deleted only in the working tree is not silently replaced")
    func deletedInWorkingTree() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try FileManager.default.removeItem(atPath: repo + "/.security/libraries.yml")
        let result = try sandbox.secissue("init", "--force", in: repo)
        #expect(result.status == 1)
        #expect(result.stderr.contains("is deleted but the deletion is not committed"))
        #expect(result.stderr.contains("git checkout -- .security/libraries.yml"))
    }
}

@Suite("init --ci", .scratchDirectory)
struct InitCITests {
    @Test("adds the GitHub or GitLab workflow once, also to an initialised repository")
    func workflows() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let github = try sandbox.secissue("init", "--ci", "github", in: repo)
        #expect(github.status == 0, "\(github.stderr)")
        #expect(try sandbox.git("show", "--name-only", "--format=%s", "HEAD", in: repo)
                == "secissue: add the github workflow\n\n.github/workflows/secissue.yml\n")
        let workflow = try sandbox.read(".github/workflows/secissue.yml", in: repo)
        #expect(workflow.contains("uses: your-org/git-secissue@v0.1.0"))
        #expect(github.stderr.contains("fill in .github/workflows/secissue.yml: `uses: your-org/git-secissue@v0.1.0`"))
        let gitlab = try sandbox.secissue("init", "--ci", "gitlab", in: repo)
        #expect(gitlab.stderr.contains("include: [{local: .gitlab/secissue.gitlab-ci.yml}]"))
        #expect(gitlab.stderr.contains("fill in .gitlab/secissue.gitlab-ci.yml: GIT_SECISSUE_DOWNLOAD_URL"))
        #expect(FileManager.default.fileExists(atPath: repo + "/.gitlab/secissue.gitlab-ci.yml"))
        let again = try sandbox.secissue("init", "--ci", "github", in: repo)
        #expect(again.stderr.contains("nothing changed"))
        #expect(try sandbox.secissue("init", "--ci", "jenkins", in: repo).status == 64)
        #expect(try sandbox.git("status", "--porcelain", in: repo).isEmpty)
    }
}
