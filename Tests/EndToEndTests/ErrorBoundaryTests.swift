import Foundation
import Testing
import TestSupport

/// Every failure, whichever layer it comes from, reaches the user as one `git secissue: error:`
/// line and a git-style exit status; ArgumentParser's own `Error:` never shows.
@Suite("one error boundary", .scratchDirectory)
struct ErrorBoundaryTests {
    @Test("a broken .git/config is an error, not an unset value")
    func brokenConfig() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try sandbox.write(".git/config", "[core\n\trepositoryformatversion = 0\n[user\nname = x\n", in: repo)
        let result = try sandbox.secissue("list", in: repo)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("git secissue: error: "), "\(result.stderr)")
        #expect(!result.stderr.contains("Error:"), "\(result.stderr)")
    }

    @Test("a damaged object is an error naming it, not an empty listing")
    func damagedObject() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "Stored finding", in: repo)
        let blob = try sandbox.git("rev-parse", "HEAD:\(findingFile(id))", in: repo).trimmingCharacters(in: .whitespacesAndNewlines)
        let object = repo + "/.git/objects/" + blob.prefix(2) + "/" + blob.dropFirst(2)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object)
        try Data("not a zlib stream".utf8).write(to: URL(fileURLWithPath: object))
        let result = try sandbox.secissue("list", "--at", "HEAD", in: repo)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("git secissue: error: "), "\(result.stderr)")
        #expect(!result.stderr.contains("Error:"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("usage mistakes are errors with exit 64, in the same form", arguments: [
        ["list", "--format", "yaml"], ["list", "--no-such-flag"], ["no-such-command"], ["show"],
    ])
    func usageMistakes(arguments: [String]) throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let result = try sandbox.run(Sandbox.binary, arguments, in: repo)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("git secissue: error: "), "\(arguments): \(result.stderr)")
        #expect(!result.stderr.contains("Error:"), "\(arguments): \(result.stderr)")
    }

    @Test("help still prints to stdout and exits 0")
    func help() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(Sandbox.binary, ["list", "--help"], in: sandbox.path("."))
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE"))
    }
}
