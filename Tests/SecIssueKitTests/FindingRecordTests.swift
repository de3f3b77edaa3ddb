import Foundation
import Testing
@testable import SecIssueKit

@Suite("finding cache records")
struct FindingRecordTests {
    static func everyField() -> Finding {
        var finding = Finding(id: "SEC-abcdefghjk", title: "Title with ünïcode and \"quotes\"", status: .riskAccepted, severity: .high,
                              created: "2026-01-02T03:04:05Z", reporter: "Alice <alice@example.com>")
        finding.updated = "2026-02-03T04:05:06Z"
        finding.cwe = [89, 564]
        finding.assignee = "bob"
        finding.due = "2026-03-01"
        finding.lastSeen = "2026-02-28"
        finding.tags = ["sqli", ""]
        finding.source = Finding.Source(tool: "semgrep", version: "1.0", rule: "r", category: nil, fingerprint: "f")
        finding.location = Finding.Location(path: "app/db.py", line: 4, column: -1, endLine: Int.max)
        finding.evidence = Finding.Evidence(count: Int.min, firstSeen: "a", lastSeen: "b", sources: [Finding.Evidence.Source(name: "1.2.3.4", count: 5)])
        finding.commits = Finding.Commits(introduced: "abc", detected: nil, fixed: "def", linked: ["123"])
        finding.links = ["JIRA-1"]
        finding.guidance = ["sql-injection"]
        finding.triage = Finding.Triage(reason: "why", by: nil, expires: "2027-01-01", duplicateOf: "SEC-0000000000")
        finding.description = "Line one\n\nLine\u{0} two"
        finding.activity = ["2026-01-02T03:04:05Z Alice opened", ""]
        finding.confidential = Confidentiality(sealed: true, readers: ["alice", ""])
        return finding
    }

    @Test("a record reads back as exactly the finding written, for every field")
    func roundTrip() throws {
        for finding in [Self.everyField(), Finding(id: "SEC-0000000000", title: "", severity: .info, created: "", reporter: "")] {
            var writer = ByteWriter()
            FindingRecord.write(finding, to: &writer)
            let read = try writer.bytes.withUnsafeBytes { buffer in
                var reader = ByteReader(buffer)
                let finding = try FindingRecord.read(from: &reader)
                #expect(reader.isAtEnd)
                return finding
            }
            #expect(read == finding)
        }
    }

    @Test("the record format writes every stored property of a finding (a new field needs a new format)")
    func everyPropertyIsWritten() throws {
        let finding = Self.everyField()
        let counts = [
            "Finding": Mirror(reflecting: finding).children.count,
            "Source": Mirror(reflecting: finding.source!).children.count,
            "Location": Mirror(reflecting: finding.location!).children.count,
            "Evidence": Mirror(reflecting: finding.evidence!).children.count,
            "Commits": Mirror(reflecting: finding.commits).children.count,
            "Triage": Mirror(reflecting: finding.triage!).children.count,
            "Confidentiality": Mirror(reflecting: finding.confidential!).children.count,
        ]
        #expect(counts == FindingRecord.fieldCounts)
    }

    @Test("a truncated record throws rather than reading past its end")
    func truncated() {
        var writer = ByteWriter()
        FindingRecord.write(Self.everyField(), to: &writer)
        for length in stride(from: 0, to: writer.bytes.count, by: 7) {
            let prefix = Array(writer.bytes.prefix(length))
            #expect(throws: ByteReader.Malformed.self) {
                try prefix.withUnsafeBytes { buffer in
                    var reader = ByteReader(buffer)
                    _ = try FindingRecord.read(from: &reader)
                }
            }
        }
    }
}
