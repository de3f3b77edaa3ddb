import Foundation
import Testing
import TestSupport

/// The human output of `list`, `show` and the `ci` summary, compared byte for byte with
/// Tests/Fixtures/golden so that an accidental change shows as a diff. After an intended change,
/// `UPDATE_GOLDEN=1 swift test --skip-build --filter GoldenOutputTests` rewrites the files:
/// review them with `git diff` before committing.
@Suite("golden output", .scratchDirectory)
struct GoldenOutputTests {
    /// Fixed dates and identities: with them every commit, and so every hash the output shows, is
    /// the same on each run. Imported IDs come from tool, rule and fingerprint. The dates lie in
    /// the past, so the due dates they give are overdue for good.
    static let fixed = [
        "GIT_AUTHOR_NAME": "Alice Example", "GIT_AUTHOR_EMAIL": "alice@example.com", "GIT_AUTHOR_DATE": "@1709294400 +0000",
        "GIT_COMMITTER_NAME": "Alice Example", "GIT_COMMITTER_EMAIL": "alice@example.com", "GIT_COMMITTER_DATE": "@1709294400 +0000",
    ]

    /// The sample app committed and initialised, a Bandit scan filed by `ci` (whose summary is
    /// returned) and one finding confirmed and commented on.
    static func sample(_ sandbox: Sandbox) throws -> (repo: String, summary: String, triaged: String) {
        let repo = sandbox.path("app")
        try FileManager.default.copyItem(at: Fixtures.sampleApp, to: URL(fileURLWithPath: repo))
        try sandbox.git("init", "-q", repo, in: sandbox.root.path, env: fixed)
        try sandbox.git("add", "-A", in: repo, env: fixed)
        try sandbox.git("commit", "-q", "-m", "Sample app", in: repo, env: fixed)
        let initialised = try sandbox.secissue("init", in: repo, env: fixed)
        try #require(initialised.status == 0, "\(initialised.stderr)")

        // Given by a relative path: the summary's notes name the file as given, and where the
        // checkout lives must not show.
        try FileManager.default.copyItem(atPath: Fixtures.sarif("bandit.sarif"), toPath: sandbox.path("bandit.sarif"))
        let ci = try sandbox.secissue("ci", "--sarif", "../bandit.sarif", "--mode", "commit", in: repo, env: fixed)
        try #require(ci.status == 2, "the new high findings fail the gate: \(ci.stderr)")

        let ids = try sandbox.findings(in: repo).compactMap { $0["id"] as? String }.sorted()
        let triaged = try #require(ids.first, "the scan filed findings")
        let confirmed = try sandbox.secissue("status", triaged, "confirmed", in: repo, env: fixed)
        try #require(confirmed.status == 0, "\(confirmed.stderr)")
        let commented = try sandbox.secissue("comment", triaged, "-m", "Reproduced against staging.", in: repo, env: fixed)
        try #require(commented.status == 0, "\(commented.stderr)")
        return (repo, ci.stdout, triaged)
    }

    @Test("list, show and the ci summary print exactly the golden files")
    func output() throws {
        let sandbox = try Sandbox()
        let (repo, summary, triaged) = try Self.sample(sandbox)

        let list = try sandbox.secissue("list", in: repo, env: Self.fixed)
        #expect(list.status == 0, "\(list.stderr)")
        let show = try sandbox.secissue("show", triaged, in: repo, env: Self.fixed)
        #expect(show.status == 0, "\(show.stderr)")

        try Golden.check(summary, "ci-summary.md", in: sandbox)
        try Golden.check(list.stdout, "list.txt", in: sandbox)
        try Golden.check(show.stdout, "show.txt", in: sandbox)
    }
}

/// Tests/Fixtures/golden: expected output, rewritten instead of compared when `UPDATE_GOLDEN=1`.
enum Golden {
    static let directory = Fixtures.directory.appendingPathComponent("golden")

    static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }

    /// Compares `actual` with the golden file `name` and shows a `diff -u` when they differ.
    static func check(_ actual: String, _ name: String, in sandbox: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let golden = directory.appendingPathComponent(name)
        if updating {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: golden)
            return
        }
        let data = try #require(FileManager.default.contents(atPath: golden.path),
                                "no golden file \(golden.path): run the test with UPDATE_GOLDEN=1 to write it", sourceLocation: sourceLocation)
        let expected = String(decoding: data, as: UTF8.self)
        guard actual != expected else { return }
        let file = sandbox.path("actual-\(name)")
        try Data(actual.utf8).write(to: URL(fileURLWithPath: file))
        let diff = try sandbox.run("/usr/bin/diff", ["-u", golden.path, file], in: sandbox.root.path)
        Issue.record("""
            the output differs from Tests/Fixtures/golden/\(name) (if intended, rerun with UPDATE_GOLDEN=1 and review the diff):
            \(diff.stdout)
            """, sourceLocation: sourceLocation)
    }
}
