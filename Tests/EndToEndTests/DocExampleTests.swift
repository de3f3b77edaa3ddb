import Foundation
import Testing
import TestSupport

/// The examples of docs/commands.md's sections on output and git's ways run as written.
@Suite("documented examples", .scratchDirectory)
struct DocExampleTests {
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The first `sh` block after the heading `heading` of docs/commands.md.
    static func example(under heading: String) throws -> String {
        let text = try String(contentsOf: package.appendingPathComponent("docs/commands.md"), encoding: .utf8)
        guard let start = text.range(of: "\n## \(heading)\n"),
              let open = text.range(of: "```sh\n", range: start.upperBound..<text.endIndex),
              let close = text.range(of: "\n```", range: open.upperBound..<text.endIndex) else {
            throw SandboxError("docs/commands.md has no sh block under ## \(heading)")
        }
        return String(text[open.upperBound..<close.lowerBound])
    }

    @Test("each example runs and succeeds", arguments: ["Output for people and programs", "git's ways", "migrate"])
    func examples(heading: String) throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        try FileManager.default.copyItem(atPath: Fixtures.sarif("bandit.sarif"), toPath: repo + "/bandit.sarif")
        let script = "set -e\n" + (try Self.example(under: heading))
        let result = try sandbox.run("/bin/sh", ["-c", script], in: repo,
                                     env: ["MANPATH": Self.package.appendingPathComponent("man").path, "MANPAGER": "cat"])
        #expect(result.status == 0, "\(heading): \(result.stderr)")
    }
}
