import Foundation
import Testing
import TestSupport

/// What ships: the GitHub Action, the CI templates and the dist tarball.
@Suite("release: action, templates, dist", .scratchDirectory)
struct ReleaseTests {
    static let package = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent()
    static var environment: [String: String] { ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"] }

    @Test("action.yml, every CI template and the workflow examples of the docs pass actionlint and the schema checks")
    func lintWorkflows() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run("/usr/bin/env", ["python3", Self.package.appendingPathComponent("scripts/lint-workflows").path],
                                     in: Self.package.path, env: Self.environment)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("lint-workflows: all passed"))
    }

    @Test("the GitHub template uses the action, serialises pushes and checks protected paths on pushes too")
    func githubTemplate() throws {
        let workflow = try String(contentsOf: Self.package.appendingPathComponent("templates/ci/github-actions.yml"), encoding: .utf8)
        #expect(workflow.contains("concurrency:"))
        #expect(workflow.contains("fetch-depth: 0"))
        #expect(workflow.contains("security-events: write"))
        #expect(workflow.components(separatedBy: "uses: your-org/git-secissue@").count == 3)
        #expect(workflow.contains("git secissue protect check --no-file \"$range\""))
        #expect(!workflow.contains("if: github.event_name == 'pull_request'\n    runs-on"), "protect runs on pushes as well")
        let action = try String(contentsOf: Self.package.appendingPathComponent("action.yml"), encoding: .utf8)
        #expect(action.contains("github/codeql-action/upload-sarif@"))
        #expect(action.contains("category: ${{ inputs.category }}"))
        #expect(action.contains("git rebase FETCH_HEAD"))
        #expect(action.contains("updateComment"))
    }

    /// Runs the dist tarball with the Swift toolchain hidden (scripts/dist-check, as `make dist-check`
    /// does). Only with SECISSUE_DIST_TEST=1, as root, after `make dist`: `swift test` holds the lock
    /// on .build, so a release build started from inside a test would wait for it forever.
    /// When only the release binary is there, the tarball is packed first (scripts/make-dist).
    @Test("the dist tarball runs where no Swift toolchain is", .enabled(if: ProcessInfo.processInfo.environment["SECISSUE_DIST_TEST"] == "1"))
    func distCheck() throws {
        let sandbox = try Sandbox()
        let env = ProcessInfo.processInfo.environment
        let dist = Self.package.appendingPathComponent("dist")
        let tarballs = ((try? FileManager.default.contentsOfDirectory(atPath: dist.path)) ?? []).filter { $0.hasSuffix("-linux-x86_64.tar.gz") }
        if tarballs.isEmpty {
            let binary = Self.package.appendingPathComponent(".build/release/git-secissue").path
            try #require(FileManager.default.isExecutableFile(atPath: binary), "run make dist first (a release build takes several minutes)")
            let pack = try sandbox.run(Self.package.appendingPathComponent("scripts/make-dist").path, [binary], in: Self.package.path, env: env)
            try #require(pack.status == 0, "\(pack.stderr)")
        }
        let result = try sandbox.run(Self.package.appendingPathComponent("scripts/dist-check").path, [], in: Self.package.path, env: env)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("dist-check: passed"))
        #expect(result.stdout.contains("swift on PATH: none"))
    }
}
