import Testing
@testable import SecIssueKit
@testable import SecIssueReports

@Suite("reports: host links, periods, cache escaping")
struct ReportLinkAndCacheTests {
    @Test("the origin remote gives a web address on GitHub and GitLab style hosts, without credentials", arguments: [
        ("https://github.com/acme/shop.git", "https://github.com/acme/shop"),
        ("https://deploy:s3cr3t@github.com/acme/shop", "https://github.com/acme/shop"),
        ("git@github.com:acme/shop.git", "https://github.com/acme/shop"),
        ("ssh://git@github.example.com:2222/acme/shop.git", "https://github.example.com/acme/shop"),
        ("git@gitlab.com:group/sub/shop.git", "https://gitlab.com/group/sub/shop"),
    ])
    func webURL(remote: String, expected: String) {
        #expect(HostLinks.webURL(remote: remote) == expected)
    }

    @Test("unknown hosts, local paths and odd characters give no link", arguments: [
        "https://example.com/acme/shop.git", "/srv/git/shop.git", "file:///srv/git/shop", "javascript:alert(1)",
        "https://github.com/acme/\"onmouseover=x", "https://github.com/../etc", "https://github.com/acme",
    ])
    func noLink(remote: String) {
        #expect(HostLinks.webURL(remote: remote) == nil)
    }

    @Test("file links: GitLab's /-/blob/, the line as an anchor, the path percent-encoded")
    func fileURL() {
        #expect(HostLinks.fileURL(webURL: "https://gitlab.com/g/shop", commit: "abc", path: "app/db.py", line: 4)
                == "https://gitlab.com/g/shop/-/blob/abc/app/db.py#L4")
        #expect(HostLinks.fileURL(webURL: "https://github.com/a/b", commit: "abc", path: "dir with space/a#b?.py", line: nil)
                == "https://github.com/a/b/blob/abc/dir%20with%20space/a%23b%3F.py")
    }

    @Test("weeks start on Monday, months on the first, in UTC")
    func periods() throws {
        let wednesday: Int64 = 1_767_830_400  // 2026-01-08T00:00:00Z, a Thursday
        #expect(Granularity.week.label(Granularity.week.start(of: wednesday)) == "2026-01-05")
        #expect(Granularity.month.label(Granularity.month.start(of: wednesday)) == "2026-01")
        #expect(try Granularity.month.periods(from: wednesday, to: wednesday + 60 * 86_400).map { Granularity.month.label($0.start) }
                == ["2026-01", "2026-02", "2026-03"])
        #expect(throws: SecIssueError.self) { try Granularity.day.periods(from: 0, to: 20_000 * 86_400) }
    }

    @Test("cache fields round-trip through escaping, including CRLF and backslashes")
    func escaping() {
        for text in ["plain", "tab\there", "line\nbreak", "crlf\r\nend", "back\\slash\\0", "é ✓"] {
            #expect(StatsCache.unescape(ArraySlice(StatsCache.escape(text).utf8)) == text)
            #expect(!StatsCache.escape(text).contains("\t") && !StatsCache.escape(text).contains("\n"))
        }
    }
}
