import Foundation
import Testing
import TestSupport

/// Counters and `last_seen` live in refs/secissue/state: runs that only move them add no commit
/// to the branch, reads merge them in, clones fetch them with the documented refspec.
@Suite("live state", .scratchDirectory)
struct LiveStateTests {
    /// A SQL injection attempt on /search from `client` at `hour`:`minute` on 27 Nov 2026.
    static func attack(_ client: String = "203.0.113.5", hour: Int, minute: Int = 1) -> String {
        let time = String(format: "27/Nov/2026:%02d:%02d:00 +0000", hour, minute)
        return "\(client) - - [\(time)] \"GET /search?q=1%27%20UNION%20SELECT%20username,password%20FROM%20users-- HTTP/1.1\" 200 512 \"-\" \"sqlmap\"\n"
    }

    static func sqli(_ findings: [[String: Any]]) throws -> [String: Any] {
        try #require(findings.first { ($0["source"] as? [String: Any])?["rule"] as? String == "sqli" })
    }

    @Test("steady attacks move the counts in refs/secissue/state, not the branch; list, show and a new source commit")
    func steadyAttacksAddNoCommit() throws {
        let sandbox = try Sandbox()
        let repo = try TelemetryTests.appRepository(sandbox)
        try sandbox.write("logs/8.log", Self.attack(hour: 8), in: repo)
        try sandbox.secissue("telemetry", "ingest", "logs/8.log", in: repo)
        let filed = try sandbox.head(repo)
        #expect(try sandbox.git("show", "--stat", "--format=", "HEAD", in: repo).contains(".security/live-state.md"))
        for hour in 9...11 {
            try sandbox.write("logs/\(hour).log", Self.attack(hour: hour), in: repo)
            let run = try sandbox.secissue("telemetry", "ingest", "logs/\(hour).log", in: repo)
            #expect(run.stderr.contains("live values of 1 finding(s) updated in refs/secissue/state (no commit)"), "\(run.stderr)")
        }
        #expect(try sandbox.head(repo) == filed, "counts alone add no commit")
        #expect(try sandbox.git("status", "--porcelain", in: repo).split(separator: "\n").allSatisfy { $0.hasPrefix("?? logs") })

        let sqli = try Self.sqli(try sandbox.findings(in: repo))
        let evidence = try #require(sqli["evidence"] as? [String: Any])
        #expect(evidence["count"] as? Int == 4)
        #expect(evidence["last_seen"] as? String == "2026-11-27T11:01:00Z")
        let id = try #require(sqli["id"] as? String)
        let shown = try sandbox.secissue("show", id, in: repo)
        #expect(shown.stdout.contains("4 requests seen in telemetry between 2026-11-27T08:01:00Z and 2026-11-27T11:01:00Z"))
        let file = try sandbox.read(findingFile(id), in: repo)
        #expect(file.contains("count: 1"), "the file keeps what was committed")
        let state = try sandbox.git("show", "refs/secissue/state:\(id).json", in: repo)
        #expect(state.contains("\"count\": 4") || state.contains("\"count\":4"))
        #expect(try sandbox.git("log", "--format=%s", "refs/secissue/state", in: repo).split(separator: "\n").count == 4)

        // A new attacker is news: the file is committed with the counts, and the live entry goes.
        try sandbox.write("logs/12.log", Self.attack("198.51.100.77", hour: 12), in: repo)
        let news = try sandbox.secissue("telemetry", "ingest", "logs/12.log", in: repo)
        #expect(try sandbox.head(repo) != filed, "\(news.stderr)")
        let committed = try sandbox.git("show", "HEAD:\(findingFile(id))", in: repo)
        #expect(committed.contains("count: 5") && committed.contains("198.51.100.0/24 (1)"), "client addresses are truncated to /24 by default")
        #expect(committed.contains("updated by telemetry: count 4 -> 5"))
        #expect(try sandbox.run("/usr/bin/git", ["cat-file", "-e", "refs/secissue/state:\(id).json"], in: repo).status != 0)
        #expect(try (Self.sqli(try sandbox.findings(in: repo))["evidence"] as? [String: Any])?["count"] as? Int == 5)
    }

    @Test("a re-import on a later day moves last_seen without a commit")
    func lastSeenIsLive() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        let day1 = ["GIT_AUTHOR_DATE": "2026-11-01T10:00:00Z", "GIT_COMMITTER_DATE": "2026-11-01T10:00:00Z"]
        let day2 = ["GIT_AUTHOR_DATE": "2026-11-02T10:00:00Z", "GIT_COMMITTER_DATE": "2026-11-02T10:00:00Z"]
        #expect(try sandbox.secissue("import", Fixtures.sarif("bandit.sarif"), in: repo, env: day1).status == 0)
        let head = try sandbox.head(repo)
        let again = try sandbox.secissue("import", Fixtures.sarif("bandit.sarif"), in: repo, env: day2)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try sandbox.head(repo) == head, "\(again.stderr)")
        let findings = try sandbox.findings(in: repo)
        #expect(!findings.isEmpty && findings.allSatisfy { $0["last_seen"] as? String == "2026-11-02" })
    }

    static let routes = ["/users", "/orders", "/items", "/cart", "/login", "/admin"]

    /// An attack on one of `routes` at `hour`:01.
    static func attack(route: Int, hour: Int) -> String {
        attack(hour: hour).replacingOccurrences(of: "GET /search?", with: "GET \(routes[route])?")
    }

    @Test("concurrent ingests lose no update of refs/secissue/state")
    func concurrentIngests() throws {
        // One route per writer: telemetry does not count again events at or before a route's last
        // counted one, so writers of one route racing with older logs would drop them by design.
        let sandbox = try Sandbox()
        let repo = try TelemetryTests.appRepository(sandbox)
        let writers = 6
        try sandbox.write("logs/8.log", (0..<writers).map { Self.attack(route: $0, hour: 8) }.joined(), in: repo)
        try sandbox.secissue("telemetry", "ingest", "logs/8.log", in: repo)
        let filed = try sandbox.head(repo)
        for number in 0..<writers {
            try sandbox.write("logs/c\(number).log", Self.attack(route: number, hour: 9 + number), in: repo)
        }
        let results = LockedResults()
        DispatchQueue.concurrentPerform(iterations: writers) { number in
            results.append(number, try? sandbox.secissue("telemetry", "ingest", "logs/c\(number).log", in: repo))
        }
        for (number, result) in results.all {
            #expect(result?.status == 2, "writer \(number) (exit 2 is the gate): \(result?.stderr ?? "did not run")")
        }
        #expect(try sandbox.head(repo) == filed)
        let findings = try sandbox.findings(in: repo)
        for number in 0..<writers {
            let finding = findings.first { ($0["title"] as? String)?.hasSuffix(" \(Self.routes[number])") == true }
            #expect((finding?["evidence"] as? [String: Any])?["count"] as? Int == 2, "route \(number) lost an update")
        }
        #expect(try sandbox.git("rev-list", "--count", "refs/secissue/state", in: repo) == "\(1 + writers)\n")
    }

    @Test("a clone without the reference fails closed; the documented example fetches, ingests and pushes the state")
    func cloneFetchesTheState() throws {
        let sandbox = try Sandbox()
        let repo = try TelemetryTests.appRepository(sandbox)
        try sandbox.write("logs/8.log", Self.attack(hour: 8), in: repo)
        try sandbox.secissue("telemetry", "ingest", "logs/8.log", in: repo)
        try sandbox.write("logs/9.log", Self.attack(hour: 9), in: repo)
        try sandbox.secissue("telemetry", "ingest", "logs/9.log", in: repo)
        try sandbox.git("clone", "-q", "--bare", repo, sandbox.path("origin.git"), in: sandbox.root.path)
        try sandbox.git("push", "-q", sandbox.path("origin.git"), "refs/secissue/*:refs/secissue/*", in: repo)
        try sandbox.git("clone", "-q", sandbox.path("origin.git"), sandbox.path("clone"), in: sandbox.root.path)
        let clone = sandbox.path("clone")

        let stale = try sandbox.secissue("list", "--format", "json", in: clone)
        #expect(stale.status == 1)
        #expect(stale.stderr.contains("git fetch origin '+refs/secissue/state:refs/secissue/state'"), "\(stale.stderr)")

        try sandbox.write("access.log", Self.attack(hour: 10), in: clone)
        let text = try String(contentsOf: DocExampleTests.package.appendingPathComponent("docs/live-state.md"), encoding: .utf8)
        let example = try #require(text.components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "\n```").first)
        let run = try sandbox.run("/bin/sh", ["-c", "set -e\n" + example], in: clone)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"count\" : 3") || run.stdout.contains("\"count\": 3"), "\(run.stdout)")
        let pushed = try sandbox.git("show", "refs/secissue/state:" + (try Self.sqli(try sandbox.findings(in: clone))["id"] as! String) + ".json",
                                     in: sandbox.path("origin.git"))
        #expect(pushed.contains("\"count\": 3") || pushed.contains("\"count\":3"))
    }
}
