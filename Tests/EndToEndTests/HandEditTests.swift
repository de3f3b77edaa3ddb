import Foundation
import Testing
import TestSupport

@Suite("hand-edited files", .scratchDirectory)
struct HandEditTests {
    @Test("unknown keys, comments and free body text survive comment and status byte for byte")
    func survivesRewrites() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = "SEC-hand000001"
        let file = findingFile(id)
        let original = """
            ---
            id: SEC-hand000001
            title: "Token in logs: auth service"
            status: open          # triage pending
            severity: medium
            exploitability: remote   # our own field
            cwe: [ 532 ]
            created: 2026-11-20T08:00:00Z
            updated: 2026-11-20T08:00:00Z
            reporter: Dana <dana@example.com>
            assignee: null
            custom:
              - first
              - second
            ---
            Free text with *Markdown*,   odd   spacing,

               and an indented line.

            ## Evidence

            ```
            GET /login?token=[redacted]
            ```

            ## Activity
            - 2026-11-20T08:00:00Z Dana <dana@example.com> opened

            """
        try sandbox.write(file, original, in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "hand-written finding", in: repo)

        #expect(try sandbox.secissue("comment", "hand0000", "-m", "rotated the token", in: repo).status == 0)
        #expect(try sandbox.secissue("status", id, "confirmed", in: repo).status == 0)
        let after = try sandbox.read(file, in: repo)
        let before = original.split(separator: "\n", omittingEmptySubsequences: false)
        let now = after.split(separator: "\n", omittingEmptySubsequences: false)

        // Only status and updated changed in place; two activity lines were appended.
        let changed = zip(before.dropLast(), now).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        #expect(changed == [3, 8])
        #expect(now[3] == "status: confirmed          # triage pending")
        #expect(now[8].hasPrefix("updated: "))
        #expect(Array(now[before.count - 1 ..< before.count + 1]).allSatisfy { $0.contains("Alice Example <alice@example.com>") })
        #expect(now.count == before.count + 2)
        #expect(try sandbox.secissue("validate", in: repo).status == 0)
    }
}
