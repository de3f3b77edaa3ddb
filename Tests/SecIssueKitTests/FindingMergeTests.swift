import SecIssueGit
import Testing
@testable import SecIssueKit

@Suite("finding merge")
struct FindingMergeTests {
    static let opened = "2026-11-26T17:00:00Z Alice <alice@example.com> opened"

    static func base() -> Finding {
        var finding = Finding(id: "SEC-3k9q7m2x1c", title: "SQL injection in user search", severity: .high,
                              created: "2026-11-26T17:00:00Z", reporter: "Alice <alice@example.com>")
        finding.cwe = [89]
        finding.tags = ["sqli", "old"]
        finding.description = "First paragraph.\n\nSecond paragraph.\n\nThird paragraph."
        finding.activity = [opened]
        return finding
    }

    /// Merges three findings as git would hand them to the driver, and decodes the result.
    static func merge(_ base: Finding?, _ ours: Finding, _ theirs: Finding) throws -> (finding: Finding, text: String, conflicted: Bool) {
        let result = try FindingMerge.merge(base: base.map(FindingCodec.encode) ?? "", ours: FindingCodec.encode(ours),
                                            theirs: FindingCodec.encode(theirs), path: ".security/findings/SEC-3k9q7m2x1c.md")
        return (try FindingCodec.decode(result.text, path: "merged.md"), result.text, result.conflicted)
    }

    @Test("a status changed on one side and comments on both merge without a conflict")
    func statusOnOneSide() throws {
        var ours = Self.base(), theirs = Self.base()
        ours.status = .confirmed
        ours.updated = "2026-11-27T09:00:00Z"
        ours.activity.append("2026-11-27T09:00:00Z Bob <bob@example.com> status open -> confirmed: reproduced")
        theirs.activity.append("2026-11-27T08:00:00Z Carol <carol@example.com> commented: seen in prod\nsecond line")
        theirs.activity.append("2026-11-28T08:00:00Z Carol <carol@example.com> commented: still there")
        let merged = try Self.merge(Self.base(), ours, theirs)
        #expect(!merged.conflicted)
        #expect(merged.finding.status == .confirmed)
        #expect(merged.finding.updated == "2026-11-27T09:00:00Z")
        #expect(merged.finding.activity == [Self.opened, theirs.activity[1], ours.activity[1], theirs.activity[2]])
        #expect(merged.text.contains("- 2026-11-27T08:00:00Z Carol <carol@example.com> commented: seen in prod\n  second line\n"))
        // The same merge with the sides swapped takes the status from their side.
        #expect(try Self.merge(Self.base(), theirs, ours).finding.status == .confirmed)
    }

    @Test("a status changed on both sides goes to the side with the later activity, with its triage")
    func statusOnBothSides() throws {
        var ours = Self.base(), theirs = Self.base()
        ours.status = .confirmed
        ours.activity.append("2026-11-27T09:00:00Z Bob <bob@example.com> status open -> confirmed")
        theirs.status = .falsePositive
        theirs.triage = .init(reason: "input is an enum", by: "Carol <carol@example.com>")
        theirs.activity.append("2026-11-27T10:00:00Z Carol <carol@example.com> status open -> false-positive: input is an enum")
        let theirsLater = try Self.merge(Self.base(), ours, theirs).finding
        #expect(theirsLater.status == .falsePositive)
        #expect(theirsLater.triage?.reason == "input is an enum")

        theirs.activity[1] = "2026-11-27T08:00:00Z Carol <carol@example.com> status open -> false-positive: input is an enum"
        let oursLater = try Self.merge(Self.base(), ours, theirs).finding
        #expect(oursLater.status == .confirmed)
        #expect(oursLater.triage == nil)
        #expect(oursLater.activity.count == 3)
    }

    @Test("list fields are unions in our order, and what one side removed stays removed")
    func listUnions() throws {
        var ours = Self.base(), theirs = Self.base()
        ours.cwe = [89, 79]
        ours.tags = ["sqli", "prod"]
        ours.links = ["JIRA-45"]
        ours.commits.linked = ["aaaa"]
        theirs.cwe = [564, 89]
        theirs.tags = ["sqli", "old", "pci"]
        theirs.links = ["github:acme/shop#123", "JIRA-45"]
        theirs.guidance = ["sql-injection"]
        theirs.commits.linked = ["bbbb", "aaaa"]
        let merged = try Self.merge(Self.base(), ours, theirs).finding
        #expect(merged.cwe == [89, 79, 564])
        #expect(merged.tags == ["sqli", "prod", "pci"])
        #expect(merged.links == ["JIRA-45", "github:acme/shop#123"])
        #expect(merged.guidance == ["sql-injection"])
        #expect(merged.commits.linked == ["aaaa", "bbbb"])
    }

    @Test("edits to different paragraphs of the description merge cleanly")
    func descriptionClean() throws {
        var ours = Self.base(), theirs = Self.base()
        ours.description = "First paragraph, with evidence.\n\nSecond paragraph.\n\nThird paragraph."
        theirs.description = "First paragraph.\n\nSecond paragraph.\n\nThird paragraph, with a fix.\n\n## Remediation\n\nUse bind parameters."
        theirs.activity.append("2026-11-27T08:00:00Z Carol <carol@example.com> commented: added a fix")
        let merged = try Self.merge(Self.base(), ours, theirs)
        #expect(!merged.conflicted)
        #expect(merged.finding.description
            == "First paragraph, with evidence.\n\nSecond paragraph.\n\nThird paragraph, with a fix.\n\n## Remediation\n\nUse bind parameters.")
        #expect(merged.text.hasSuffix("Use bind parameters.\n\n## Activity\n- \(Self.opened)\n- \(theirs.activity[1])\n"))
    }

    @Test("the same lines edited on both sides leave conflict markers in the description only")
    func descriptionConflict() throws {
        var ours = Self.base(), theirs = Self.base()
        ours.description = "First paragraph.\n\nSecond paragraph, ours.\n\nThird paragraph."
        theirs.description = "First paragraph.\n\nSecond paragraph, theirs.\n\nThird paragraph."
        theirs.severity = .critical
        let merged = try Self.merge(Self.base(), ours, theirs)
        #expect(merged.conflicted)
        #expect(merged.text.contains("<<<<<<< ours\nSecond paragraph, ours.\n=======\nSecond paragraph, theirs.\n>>>>>>> theirs\n"))
        #expect(merged.finding.severity == .critical)
        #expect(merged.finding.activity == [Self.opened])
    }

    @Test("our unknown fields, comments and layout survive; identical sides give our file back")
    func keepsOurLayout() throws {
        let ours = """
            ---
            id: SEC-3k9q7m2x1c
            title: SQL injection in user search
            status: open   # triage pending
            severity: high
            created: 2026-11-26T17:00:00Z
            reporter: Alice <alice@example.com>
            mystery:
              - kept
            ---
            Body.

            ## Activity
            - \(Self.opened)

            ## Notes after the log
            kept too
            """
        let theirs = ours.replacingOccurrences(of: "severity: high", with: "severity: low")
        let result = try FindingMerge.merge(base: ours, ours: ours, theirs: theirs, path: "f.md")
        #expect(!result.conflicted)
        #expect(result.text == ours.replacingOccurrences(of: "severity: high", with: "severity: low"))
        #expect(try FindingMerge.merge(base: ours, ours: ours, theirs: ours, path: "f.md").text == ours)
    }

    @Test("a CRLF file of ours stays CRLF on every line when the body is rebuilt")
    func keepsCRLF() throws {
        var theirs = Self.base()
        theirs.activity.append("2026-11-27T08:00:00Z Carol <carol@example.com> commented: two\nlines")
        let base = FindingCodec.encode(Self.base())
        let ours = base.replacingOccurrences(of: "\n", with: "\r\n")
        let result = try FindingMerge.merge(base: base, ours: ours, theirs: FindingCodec.encode(theirs), path: "f.md")
        #expect(result.text.hasSuffix("- \(Self.opened)\r\n- 2026-11-27T08:00:00Z Carol <carol@example.com> commented: two\r\n  lines\r\n"))
        #expect(!result.text.utf8.indices.contains { index in
            result.text.utf8[index] == UInt8(ascii: "\n")
                && (index == result.text.utf8.startIndex || result.text.utf8[result.text.utf8.index(before: index)] != UInt8(ascii: "\r"))
        })
    }

    @Test("an add/add merge unions the activity and lets the later side win disagreements")
    func addAdd() throws {
        var ours = Self.base(), theirs = Self.base()
        ours.activity.append("2026-11-27T09:00:00Z Bob <bob@example.com> commented: mine")
        theirs.activity.append("2026-11-27T10:00:00Z CI <ci@example.com> severity high -> medium")
        theirs.severity = .medium
        let merged = try Self.merge(nil, ours, theirs)
        #expect(!merged.conflicted)
        #expect(merged.finding.severity == .medium)
        #expect(merged.finding.activity == [Self.opened, ours.activity[1], theirs.activity[1]])
    }

    @Test("activity entries of equal time keep base, ours, theirs order; a repeated entry on one side stays repeated")
    func activityOrder() {
        let entries = FindingMerge.mergedActivity([
            ["2026-01-01T00:00:00Z a"],
            ["2026-01-01T00:00:00Z a", "2026-01-02T00:00:00Z b", "2026-01-02T00:00:00Z b", "untimed after b"],
            ["2026-01-02T00:00:00Z c", "2026-01-01T12:00:00Z d", "2026-01-02T00:00:00Z b"],
        ])
        #expect(entries == ["2026-01-01T00:00:00Z a", "2026-01-01T12:00:00Z d", "2026-01-02T00:00:00Z b",
                            "2026-01-02T00:00:00Z b", "untimed after b", "2026-01-02T00:00:00Z c"])
    }

    @Test("a version that does not parse throws a problem naming that version")
    func malformedSide() {
        let good = FindingCodec.encode(Self.base())
        #expect {
            try FindingMerge.merge(base: good, ours: good, theirs: "title: no front matter\n", path: "f.md")
        } throws: { error in
            (error as? FileProblem)?.description == "f.md:1: no front matter: the file must start with a '---' line, "
                + "the YAML fields, then a closing '---' line (in their version)"
        }
    }

    @Test("MergeFile merges plain texts: separate changes cleanly, the same line with markers")
    func plainTexts() throws {
        let clean = try MergeFile.merge(ancestor: "a\nb\nc\nd\n", ours: "A\nb\nc\nd\n", theirs: "a\nb\nc\nD\n", labels: (ours: "ours", theirs: "theirs"))
        #expect(clean.text == "A\nb\nc\nD\n")
        #expect(!clean.conflicted)
        let conflict = try MergeFile.merge(ancestor: "a\n", ours: "x\n", theirs: "y\n", labels: (ours: "HEAD", theirs: "topic"))
        #expect(conflict.text == "<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> topic\n")
        #expect(conflict.conflicted)
        let empty = try MergeFile.merge(ancestor: "", ours: "", theirs: "", labels: (ours: "ours", theirs: "theirs"))
        #expect(empty.text == "" && !empty.conflicted)
    }
}
