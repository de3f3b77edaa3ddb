import Foundation
import Testing
import TestSupport

@Suite("guide", .scratchDirectory)
struct GuideTests {
    @Test("the starter guides are installed, listed, valid, and found by CWE, path and text")
    func guides() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let topics = ["sql-injection", "cross-site-scripting", "command-injection", "path-traversal", "secrets-management",
                      "authentication-and-sessions", "cryptography", "dependency-hygiene", "security-logging",
                      "cloud-network-rules", "pipeline-protection", "container-images"]
        let list = try sandbox.secissue("guide", in: repo)
        #expect(list.status == 0)
        for topic in topics { #expect(list.stdout.contains(topic + " "), "\(topic)") }
        #expect(try sandbox.secissue("validate", in: repo).status == 0)
        for topic in topics {
            let text = try sandbox.read(".security/guidance/\(topic).md", in: repo)
            for section in ["## Why it matters", "## Do", "## Don't", "## Examples", "## How we check it", "## References"] {
                #expect(text.contains("\n" + section + "\n"), "\(topic) lacks \(section)")
            }
        }

        let id = try sandbox.newFinding("--title", "SQL injection", "--cwe", "89", in: repo)
        #expect(try sandbox.read(findingFile(id), in: repo).contains("guidance: [sql-injection]"))
        let forFinding = try sandbox.secissue("guide", "--for", String(id.prefix(8)), in: repo)
        #expect(forFinding.lines.dropFirst().map { String($0.prefix { $0 != " " }) } == ["sql-injection"])
        #expect(try sandbox.secissue("show", id, in: repo).stdout.contains("`git secissue guide sql-injection`"))

        let search = try sandbox.secissue("guide", "--search", "PREPARED STATEMENT", in: repo)
        #expect(search.status == 0)
        #expect(search.lines.allSatisfy { $0.hasPrefix(".security/guidance/") && $0.lowercased().contains("prepared statement") })
        #expect(search.stdout.contains(".security/guidance/sql-injection.md:"))

        let byPath = try sandbox.secissue("guide", "--path", ".github/workflows/ci.yml", in: repo)
        #expect(byPath.stdout.contains("pipeline-protection"))

        let one = try sandbox.secissue("guide", "sql-injection", in: repo)
        #expect(one.stdout == (try sandbox.read(".security/guidance/sql-injection.md", in: repo)))
        let json = try sandbox.secissue("guide", "--format", "json", in: repo)
        let array = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 13)
        let unknown = try sandbox.secissue("guide", "no-such-topic", in: repo)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("the topics are"))
        #expect(try sandbox.secissue("guide", "--at", "HEAD~1", "--search", "SQL", in: repo).status == 0)
    }

    @Test("show lists the guides a finding links to or has the CWEs of, however their front matter spells it")
    func showGuides() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        // `show` parses only the guides whose bytes can name the finding's topics or CWEs: an
        // escaped id and CWE, a guide without an id (its file name is its topic), CRLF lines,
        // and a number that is only in a guide's body (which must not match).
        try sandbox.write(".security/guidance/escaped.md", "---\nid: \"renamed\\x2dguide\"\ntitle: Escaped\ncwe: [\"\\x37\\x37\"]\n---\nText.\n", in: repo)
        try sandbox.write(".security/guidance/no-id.md", "---\ntitle: Without an id\ncwe: [CWE-0078]\n---\nText.\n", in: repo)
        try sandbox.write(".security/guidance/crlf.md", "---\r\nid: crlf-topic\r\ntitle: CRLF\r\ncwe:\r\n  - 1336\r\n---\r\nText.\r\n", in: repo)
        try sandbox.write(".security/guidance/body-only.md", "---\nid: body-only\ntitle: Body only\ncwe: [5]\n---\nCWE-77, CWE-78 and renamed-guide.\n", in: repo)
        _ = try sandbox.git("add", ".security/guidance", in: repo)
        _ = try sandbox.git("commit", "-q", "-m", "Guides", in: repo)
        let id = try sandbox.newFinding("--title", "Shell", "--cwe", "77", "--cwe", "78", in: repo)
        let file = findingFile(id)
        let text = try sandbox.read(file, in: repo)
        let guidance = try #require(text.split(separator: "\n").first { $0.hasPrefix("guidance: ") })
        try sandbox.write(file, text.replacingOccurrences(of: guidance, with: "guidance: [crlf-topic, renamed-guide]"), in: repo)
        let shown = try sandbox.secissue("show", id, in: repo)
        #expect(shown.status == 0, "\(shown.stderr)")
        let guides = shown.stdout.components(separatedBy: "## Guidance\n\n").last?.split(separator: "\n").map { String($0.prefix { $0 != ":" }) }
        #expect(guides == ["- CRLF", "- Escaped", "- Running programs without handing input to a shell", "- Without an id"], "\(shown.stdout)")
    }

    @Test("init --guidance none installs no guides")
    func noGuides() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository(initialise: false)
        #expect(try sandbox.secissue("init", "--guidance", "none", in: repo).status == 0)
        #expect(!(try sandbox.git("ls-tree", "-r", "--name-only", "HEAD", in: repo).contains("guidance/")))
    }

    @Test("guide --path ranks: the guides for the findings at the file, then globs narrower than a file type")
    func pathRanking() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        #expect(try sandbox.secissue("import", Fixtures.sarif("bandit.sarif"), in: repo).status == 0)
        let sqlAt = try #require(try sandbox.findings(in: repo).first { ($0["cwe"] as? [Int])?.contains(89) == true })
        let path = try #require((sqlAt["location"] as? [String: Any])?["path"] as? String)
        let ranked = try sandbox.secissue("guide", "--path", path, in: repo)
        #expect(ranked.status == 0, "\(ranked.stderr)")
        let topics = ranked.lines.dropFirst().map { String($0.prefix { $0 != " " }) }
        #expect(topics.contains("sql-injection"), "\(ranked.stdout)")
        #expect(topics.count < 8, "every guide claims **/*.py: only the ones that apply should show: \(topics)")
        // A file with no finding gets the language-wide guides, and is told so.
        try sandbox.write("lonely.py", "print(1)\n", in: repo)
        let generic = try sandbox.secissue("guide", "--path", "lonely.py", in: repo)
        #expect(generic.stderr.contains("apply to every file of its kind"), "\(generic.stderr)")
        // Deserialization findings have a guide of their own.
        #expect(try sandbox.secissue("guide", "unsafe-deserialization", in: repo).stdout.contains("yaml.safe_load"))
    }
}
