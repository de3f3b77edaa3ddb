import Foundation
import Testing
import TestSupport

/// The examples of docs/guidance-and-libraries.md and docs/ci.md between their `<!-- …-example -->`
/// markers, run as written: a `$ cat FILE` line writes the lines after it, a `$ git secissue …`
/// line runs the command and must print the lines after it (or the block that follows).
@Suite("documented examples of libs audit and native import", .scratchDirectory)
struct AuditDocTests {
    static let docs = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs")

    /// The lines between the example's markers.
    static func example(_ name: String, in file: String) throws -> [String] {
        let text = try String(contentsOf: docs.appendingPathComponent(file), encoding: .utf8)
        let start = try #require(text.range(of: "<!-- \(name)-example"), "no \(name)-example in \(file)")
        let end = try #require(text.range(of: "<!-- end \(name)-example -->"), "no end of \(name)-example in \(file)")
        return text[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).dropFirst().map(String.init)
    }

    /// Runs the `$ ` lines of an example in `repo`; returns (command, what it printed, what the doc says).
    static func run(_ lines: [String], sandbox: Sandbox, repo: String) throws -> [(String, String, String)] {
        var checks: [(String, String, String)] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            guard line.hasPrefix("$ ") else { continue }
            var expected: [String] = []
            while index < lines.count, !lines[index].hasPrefix("$ "), lines[index] != "```" {
                expected.append(lines[index])
                index += 1
            }
            // A command whose output is the next fenced block.
            if expected.isEmpty, index < lines.count, lines[index] == "```" {
                var next = index + 1
                while next < lines.count, !lines[next].hasPrefix("```") { next += 1 }
                next += 1
                while next < lines.count, lines[next] != "```" { expected.append(lines[next]); next += 1 }
                index = next + 1
            }
            let words = line.dropFirst(2).split(separator: " ").map(String.init)
            if words.first == "cat" {
                try sandbox.write(words[1], expected.joined(separator: "\n") + "\n", in: repo)
                try sandbox.git("add", "-A", in: repo)
                try sandbox.git("commit", "-qm", "Example", in: repo)
                continue
            }
            #expect(Array(words.prefix(2)) == ["git", "secissue"], "\(line)")
            let result = try sandbox.run(Sandbox.binary, Array(words.dropFirst(2)), in: repo)
            let printed = result.stdout.isEmpty ? result.stderr.split(separator: "\n").filter { $0.contains("error:") }.joined(separator: "\n") : result.stdout
            checks.append((line, printed.trimmingCharacters(in: .newlines), expected.joined(separator: "\n")))
        }
        return checks
    }

    @Test("docs/guidance-and-libraries.md: the libs audit example prints what the page shows")
    func auditExample() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try sandbox.write(".security/config.yml", try sandbox.read(".security/config.yml", in: repo)
                          + "advisories:\n  - \(Fixtures.directory.appendingPathComponent("advisories/pypa").path)\n", in: repo)
        let checks = try Self.run(Self.example("audit", in: "guidance-and-libraries.md"), sandbox: sandbox, repo: repo)
        #expect(checks.count == 1)
        for (command, printed, expected) in checks { #expect(printed == expected, "\(command)") }
    }

    @Test("docs/ci.md: the native format examples print what the page shows")
    func formatsExample() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        for name in ["gitleaks.json", "shellcheck.json"] {
            try FileManager.default.copyItem(atPath: Fixtures.directory.appendingPathComponent("native/\(name)").path, toPath: repo + "/" + name)
        }
        let checks = try Self.run(Self.example("formats", in: "ci.md"), sandbox: sandbox, repo: repo)
        #expect(checks.count == 2)
        for (command, printed, expected) in checks { #expect(printed == expected, "\(command)") }
    }
}
