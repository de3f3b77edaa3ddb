import Foundation
import Testing
import TestSupport

@Suite("report: a self-contained page, checked in headless Chromium", .scratchDirectory)
struct ReportTests {
    /// Where the screenshots go: SECISSUE_ARTEFACTS, else .build/test-artefacts in the package.
    static let artefacts: URL = {
        if let path = ProcessInfo.processInfo.environment["SECISSUE_ARTEFACTS"] { return URL(fileURLWithPath: path) }
        return StatsTests.scripts.deletingLastPathComponent().appendingPathComponent(".build/test-artefacts")
    }()

    /// What headless Chromium saw (scripts/render-report).
    static func render(_ sandbox: Sandbox, _ page: String, screenshot: String? = nil) throws -> [String: Any] {
        let result = try sandbox.run("/usr/bin/python3", [StatsTests.scripts.appendingPathComponent("render-report").path, page] + (screenshot.map { [$0] } ?? []),
                                     in: sandbox.root.path)
        guard result.status == 0 else { throw SandboxError("render-report failed (make deps installs chromium): \(result.stderr)") }
        return try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test("the HTML report renders without console errors, its charts carry the stats numbers, and untrusted text stays text")
    func htmlInChromium() throws {
        let sandbox = try Sandbox()
        let repo = try StatsTests.replay(sandbox, "shop", days: 21, seed: 9)
        try sandbox.git("remote", "add", "origin", "https://deploy:s3cr3t-token@github.com/acme/shop.git", in: repo)
        let hostile = try sandbox.newFinding("--title", "<script>alert(1)</script> & \"quotes\"", "--severity", "critical",
                                             "--path", "app/main.py:3", in: repo)
        let head = try sandbox.head(repo)
        let page = sandbox.path("report.html")
        let written = try sandbox.secissue("report", "--at", "HEAD", "-o", page, in: repo)
        #expect(written.status == 0, "\(written.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(!html.contains("s3cr3t"))

        try FileManager.default.createDirectory(at: Self.artefacts, withIntermediateDirectories: true)
        let screenshot = Self.artefacts.appendingPathComponent("report.png").path
        let seen = try Self.render(sandbox, page, screenshot: screenshot)
        #expect(seen["console"] as? [String] == [], "console messages: \(seen["console"] ?? "")")
        #expect(seen["scripts"] as? Int == 0)
        #expect(seen["external"] as? [String] == [])
        #expect(seen["title"] as? String == "Security report: shop")
        let size = (try FileManager.default.attributesOfItem(atPath: screenshot)[.size] as? Int) ?? 0
        #expect(size > 10_000, "the screenshot should show a page")

        // The numbers read back from the rendered charts are those of stats up to the same commit.
        let day = String(try sandbox.git("log", "-1", "--format=%cs", in: repo).prefix(10))
        let stats = try StatsTests.json(try sandbox.secissue("stats", "--until", day, "--format", "json", in: repo))
        let periods = try #require(stats["periods"] as? [[String: Any]])
        let charts = try #require(seen["charts"] as? [String: [[String: Any]]])
        let bars = try #require(charts["chart-open"])
        #expect(bars.map { $0["label"] as? String } == periods.map { $0["period"] as? String })
        for (bar, period) in zip(bars, periods) {
            let open = try #require(period["open"] as? [String: Int])
            #expect(bar["values"] as? [String: Int] == open.filter { $0.key != "total" }, "\(period["period"]!)")
            #expect(bar["total"] as? Int == open["total"])
        }
        let flow = try #require(charts["chart-flow"])
        #expect(flow.map { ($0["values"] as? [String: Int])?["new"] } == periods.map { $0["new"] as? Int })
        #expect(flow.map { ($0["values"] as? [String: Int])?["fixed"] } == periods.map { $0["fixed"] as? Int })
        #expect(try #require(charts["chart-age"]).count == 6)
        let cards = try #require(seen["cards"] as? [String: [String: Int]])
        let open = try #require(stats["open"] as? [String: Int])
        for (severity, count) in open { #expect(cards[severity]?["open"] == count, "\(severity)") }

        // Each finding links to its file and its place on the host, at the commit read.
        let findings = try #require(seen["findings"] as? [[String: Any]])
        #expect(findings.count == open["total"])
        let row = try #require(findings.first { $0["id"] as? String == hostile })
        #expect(row["severity"] as? String == "critical")
        #expect(row["links"] as? [String] == ["https://github.com/acme/shop/blob/\(head)/\(findingFile(hostile))",
                                              "https://github.com/acme/shop/blob/\(head)/app/main.py#L3"])
    }

    @Test("the check itself catches a page that loads or runs something")
    func checkerCatchesProblems() throws {
        let sandbox = try Sandbox()
        let page = sandbox.path("bad.html")
        try """
            <!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head>
            <body><script>document.title = 'ran'</script><img src="http://127.0.0.1:9/x.png"></body></html>
            """.write(toFile: page, atomically: true, encoding: .utf8)
        let seen = try Self.render(sandbox, page)
        #expect((seen["console"] as? [String] ?? []).count >= 2)
        #expect(seen["scripts"] as? Int == 1)
        #expect(seen["external"] as? [String] == ["http://127.0.0.1:9/x.png"])
    }

    @Test("--at a release, Markdown for a wiki, and several repositories in one page")
    func atMarkdownAndRollUp() throws {
        let sandbox = try Sandbox()
        let repo = try StatsTests.replay(sandbox, "shop", days: 14, seed: 4)
        let other = try StatsTests.replay(sandbox, "billing", days: 14, seed: 6)
        try sandbox.git("tag", "v1.0", "HEAD~6", in: repo)
        _ = try sandbox.newFinding("--title", "[link](javascript:alert(1)) *bold*", "--severity", "high", in: repo)

        // At the tag: the posture git says the tag had.
        let tagTime = Int64(try sandbox.git("log", "-1", "--format=%at", "v1.0", in: repo).trimmingCharacters(in: .whitespacesAndNewlines))!
        let truth = try GitHistoryTruth(sandbox: sandbox, repo: repo).expected(start: StatsTests.start, until: tagTime)
        let page = sandbox.path("release.html")
        #expect(try sandbox.secissue("report", "--at", "v1.0", "-o", page, in: repo).status == 0)
        let seen = try Self.render(sandbox, page)
        let cards = try #require(seen["cards"] as? [String: [String: Int]])
        for severity in GitHistoryTruth.severities { #expect(cards[severity]?["open"] == truth.open[severity, default: 0], "\(severity)") }
        #expect(try String(contentsOfFile: page, encoding: .utf8).contains("(v1.0)"))

        let markdown = try sandbox.secissue("report", "--format", "markdown", in: repo)
        #expect(markdown.status == 0, "\(markdown.stderr)")
        #expect(markdown.stdout.hasPrefix("# Security report: shop\n"))
        #expect(markdown.stdout.contains("\\[link\\]\\(javascript:alert\\(1\\)\\) \\*bold\\*"))
        #expect(!markdown.stdout.contains("[link](javascript"))
        #expect(markdown.stdout.contains("## Time to remediate (days)"))

        let rollUp = sandbox.path("org.html")
        let written = try sandbox.run(Sandbox.binary, ["report", repo, other, "-o", rollUp], in: sandbox.root.path)
        #expect(written.status == 0, "\(written.stderr)")
        let both = try Self.render(sandbox, rollUp)
        #expect(both["console"] as? [String] == [])
        let one = try StatsTests.json(try sandbox.secissue("stats", "--format", "json", in: repo))
        let two = try StatsTests.json(try sandbox.secissue("stats", "--format", "json", in: other))
        let total = ((one["open"] as? [String: Int])?["total"] ?? 0) + ((two["open"] as? [String: Int])?["total"] ?? 0)
        #expect((both["cards"] as? [String: [String: Int]])?["total"]?["open"] == total)
        #expect(try String(contentsOfFile: rollUp, encoding: .utf8).contains("<section id=\"repositories\">"))
    }
}
