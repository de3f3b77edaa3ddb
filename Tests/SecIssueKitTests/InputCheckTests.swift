import Testing
@testable import SecIssueKit

@Suite("input checks")
struct InputCheckTests {
    @Test("paths are made relative to the repository root", arguments: [
        ("app/db.py", "/repo" as String?, "/repo", "app/db.py", nil as Int?),
        ("db.py:42", "/repo", "/repo/app", "app/db.py", 42),
        ("./x/../db.py", "/repo", "/repo/app", "app/db.py", nil),
        ("/repo/app/db.py:7", "/repo", "/elsewhere", "app/db.py", 7),
        ("app/db.py:3", nil, "/anywhere", "app/db.py", 3),
        ("C:\\odd:name", "/repo", "/repo", "C:\\odd:name", nil),
    ])
    func location(text: String, root: String?, directory: String, path: String, line: Int?) throws {
        let location = try InputCheck.location(text, root: root, directory: directory)
        #expect(location.path == path)
        #expect(location.line == line)
    }

    @Test("paths outside the repository are refused", arguments: [
        ("../x", "/repo" as String?, "/repo"), ("/etc/passwd", "/repo", "/repo"), ("app/../../x", "/repo", "/repo"),
        ("/repo", "/repo", "/repo"), ("/repository/x", "/repo", "/repo"), ("../x", nil, "/"), ("/x", nil, "/"), ("x:0", "/repo", "/repo"),
    ])
    func outside(text: String, root: String?, directory: String) {
        #expect(throws: SecIssueError.self) { try InputCheck.location(text, root: root, directory: directory) }
    }

    @Test("issue references", arguments: [
        ("github:acme/shop#123", true), ("gitlab:group/sub/project#4", true), ("jira:SEC-12", true), ("SEC-12", true),
        ("https://example.com/x", true), ("http://example.com/x", false), ("github:acme#1", false), ("sec-12", false),
        ("https://", false), ("javascript:alert(1)", false), ("github:acme/shop#0", false),
    ])
    func issueReference(text: String, valid: Bool) {
        #expect(((try? InputCheck.issueReference(text)) != nil) == valid)
    }

    @Test("titles")
    func titles() throws {
        #expect(try InputCheck.title("  Padded  ") == "Padded")
        for bad in ["", "  ", "a\nb", "a\rb", "a\u{1b}[31mred", "a\u{2028}b"] {
            #expect(throws: SecIssueError.self) { try InputCheck.title(bad) }
        }
    }
}
