import Foundation
import Testing
import TestSupport

@Suite("edit", .scratchDirectory)
struct EditTests {
    /// An "editor" that runs a sed script on the file, as a person would change it.
    func editor(_ sandbox: Sandbox, _ sedScript: String) throws -> String {
        let path = sandbox.path("editor-\(UUID().uuidString).sh")
        try "#!/bin/sh\nsed -i '\(sedScript)' \"$1\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    @Test("a valid edit is committed with an edited activity line")
    func validEdit() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "Old title", "-m", "Old text.", in: repo)
        let script = try editor(sandbox, "s/^title: Old title/title: New title/; s/^Old text./New text./")
        let result = try sandbox.secissue("edit", id, in: repo, env: ["EDITOR": script])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try sandbox.read(findingFile(id), in: repo)
        #expect(text.contains("title: New title\n") && text.contains("New text.\n"))
        #expect(text.contains("Alice Example <alice@example.com> edited title, description\n"))
        #expect(try sandbox.git("log", "-1", "--format=%s", in: repo).hasPrefix("secissue: edit \(id)"))
        #expect(try sandbox.git("status", "--porcelain", in: repo).isEmpty)
    }

    @Test("changing the severity in the editor moves the due date to the new SLA")
    func severityMovesDue() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "Escalate me", "--severity", "low", in: repo)
        let script = try editor(sandbox, "s/^severity: low/severity: critical/")
        #expect(try sandbox.secissue("edit", id, in: repo, env: ["EDITOR": script]).status == 0)
        let json = try sandbox.secissue("show", id, "--format", "json", in: repo)
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["due"] as? String == daysAfter(object["created"], 7))
        #expect((object["activity"] as? [String])?.last?.contains("edited severity low -> critical, due ") == true)
    }

    @Test("an invalid edit is reported with file, line and field, and nothing is written")
    func invalidEdit() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "Keep me", in: repo)
        let file = findingFile(id)
        let before = try sandbox.read(file, in: repo)
        let head = try sandbox.git("rev-parse", "HEAD", in: repo)
        let script = try editor(sandbox, "s/^severity: medium/severity: apocalyptic/")
        let result = try sandbox.secissue("edit", id, in: repo, env: ["EDITOR": script])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(file):5: severity: 'apocalyptic' is not allowed"))
        #expect(result.stderr.contains("nothing was written"))
        #expect(try sandbox.read(file, in: repo) == before)
        #expect(try sandbox.git("rev-parse", "HEAD", in: repo) == head)

        let unchanged = try sandbox.secissue("edit", id, in: repo, env: ["EDITOR": "true"])
        #expect(unchanged.status == 0)
        #expect(unchanged.stderr.contains("no changes"))
        let failing = try sandbox.secissue("edit", id, in: repo, env: ["EDITOR": "false"])
        #expect(failing.status == 1)
        #expect(failing.stderr.contains("editor"))
    }

    @Test("new with no --title on a terminal opens the editor on the template")
    func newInEditor() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        guard FileManager.default.fileExists(atPath: "/usr/bin/script") else { return }
        let script = try editor(sandbox, "s/^title: $/title: From the editor/; s/^severity: medium/severity: high/; s/^  path: $/  path: app\\/db.py/; s/^  line: $/  line: 4/")
        // script(1) gives the command a terminal, as a person at a shell has.
        let result = try sandbox.run("/usr/bin/script", ["-qec", "\(Sandbox.binary) new", "/dev/null"], in: repo, env: ["EDITOR": script])
        #expect(result.status == 0, "\(result.stdout)")
        let list = try sandbox.secissue("list", "--format", "json", in: repo)
        let array = try #require(JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(array.first?["title"] as? String == "From the editor")
        #expect(array.first?["severity"] as? String == "high")
        #expect((array.first?["location"] as? [String: Any])?["line"] as? Int == 4)
        #expect((array.first?["description"] as? String)?.contains("<!--") == false)
    }

    @Test("with no terminal and no editor set, edit refuses instead of starting vi")
    func noTerminalNoEditor() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "Untouched", in: repo)
        let head = try sandbox.head(repo)
        let result = try sandbox.secissue("edit", id, in: repo)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("no terminal") && result.stderr.contains("GIT_EDITOR"), "\(result.stderr)")
        #expect(try sandbox.head(repo) == head)
    }
}
