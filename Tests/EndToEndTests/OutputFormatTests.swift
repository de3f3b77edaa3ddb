import Foundation
import Testing
import TestSupport

/// Every listing command offers table, json and csv; every record command text and json; a
/// format a command does not offer is a usage error, never silently another format.
@Suite("output formats", .scratchDirectory)
struct OutputFormatTests {
    @Test("each listing command prints CSV with a header row when asked", arguments: [
        (["list", "--all"], "id,severity,status,title"),
        (["libs", "check", "--no-file"], "ecosystem,name,version,verdict,declared_in"),
        (["libs", "list"], "ecosystem,mode,list,name,versions,reason,alternative"),
        (["protect", "status"], "pattern,last_change,approval,last_approved_change"),
        (["protect", "check", "HEAD", "--no-file"], "commit,author,subject,protected_paths,verdict"),
    ])
    func csv(arguments: [String], header: String) throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        _ = try sandbox.newFinding("--title", "=HYPERLINK(\"http://x\")", in: repo)
        let result = try sandbox.run(Sandbox.binary, arguments + ["--format", "csv"], in: repo)
        // protect check may fail its gate (exit 2): the init commit changed protected paths.
        #expect(result.status == 0 || result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stdout.hasPrefix(header + "\n") || result.stdout.hasPrefix(header + ","), "\(arguments): \(result.stdout)")
        #expect(!result.stdout.contains(",=HYPERLINK"), "\(result.stdout)")
    }

    @Test("a format the command does not offer is a usage error", arguments: [
        ["show", "SEC", "--format", "csv"], ["libs", "check", "--format", "yaml"], ["log", "SEC", "--format", "table"],
    ])
    func unsupported(arguments: [String]) throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let result = try sandbox.run(Sandbox.binary, arguments, in: repo)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("git secissue: error: "), "\(result.stderr)")
    }

    @Test("show takes text (or markdown, its old name) and json")
    func recordFormats() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "Shown", in: repo)
        let text = try sandbox.secissue("show", id, "--format", "text", in: repo)
        let markdown = try sandbox.secissue("show", id, "--format", "markdown", in: repo)
        #expect(text.status == 0 && text.stdout == markdown.stdout && text.stdout.contains("# \(id): Shown"))
        let json = try sandbox.secissue("show", id, "--format", "json", in: repo)
        #expect(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) is [String: Any])
    }
}
