import Foundation
import Testing
import TestSupport

@Suite("stats: numbers from the history of .security/", .scratchDirectory)
struct StatsTests {
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts")

    /// A replayed history of `days` days through the real commands (scripts/replay-history).
    static func replay(_ sandbox: Sandbox, _ name: String, days: Int, seed: Int) throws -> String {
        let directory = sandbox.path(name)
        let result = try sandbox.run("/usr/bin/python3", [scripts.appendingPathComponent("replay-history").path, directory,
                                                          "--tool", Sandbox.binary, "--days", String(days), "--seed", String(seed)],
                                     in: sandbox.root.path)
        guard result.status == 0 else { throw SandboxError("replay-history failed: \(result.stderr)") }
        return directory
    }

    static func json(_ result: RunResult) throws -> [String: Any] {
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    /// 2026-01-05 (the replay's first day, a Monday) and the last second of the sixth Sunday after.
    static let start: Int64 = 1_767_571_200
    static let until: Int64 = start + 42 * 86_400 - 1

    @Test("on a replayed history, every number matches what git log and the finding files say")
    func matchesGitLog() throws {
        let sandbox = try Sandbox()
        let repo = try Self.replay(sandbox, "replayed", days: 42, seed: 7)
        let stats = try Self.json(try sandbox.secissue("stats", "--since", "2026-01-05", "--until", "2026-02-15", "--by", "week",
                                                       "--format", "json", in: repo))
        let truth = try GitHistoryTruth(sandbox: sandbox, repo: repo).expected(start: Self.start, until: Self.until)
        #expect(truth.fixes.count > 3 && truth.open.values.reduce(0, +) > 5, "the replay should fix and leave open findings")

        let periods = try #require(stats["periods"] as? [[String: Any]])
        #expect(periods.map { $0["period"] as? String } == ["2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02", "2026-02-09"])
        #expect(periods.count == truth.periods.count)
        for (period, expected) in zip(periods, truth.periods) {
            let open = try #require(period["open"] as? [String: Int])
            for severity in GitHistoryTruth.severities {
                #expect(open[severity] == expected.open[severity, default: 0], "\(period["period"]!) \(severity)")
            }
            #expect(period["new"] as? Int == expected.new, "\(period["period"]!) new")
            #expect(period["fixed"] as? Int == expected.fixed, "\(period["period"]!) fixed")
        }
        let open = try #require(stats["open"] as? [String: Int])
        let overdue = try #require(stats["overdue"] as? [String: Int])
        for severity in GitHistoryTruth.severities {
            #expect(open[severity] == truth.open[severity, default: 0], "open \(severity)")
            #expect(overdue[severity] == truth.overdue[severity, default: 0], "overdue \(severity)")
        }

        let remediation = try #require(stats["remediation"] as? [[String: Any]])
        let sla = try #require(stats["sla"] as? [[String: Any]])
        for severity in GitHistoryTruth.severities {
            let seconds = truth.fixes.filter { $0.severity == severity }.map(\.seconds).sorted()
            let row = remediation.first { $0["severity"] as? String == severity }
            if seconds.isEmpty {
                #expect(row == nil)
            } else {
                #expect(row?["fixed"] as? Int == seconds.count)
                #expect(row?["mean_seconds"] as? Int == Int(seconds.reduce(0, +) / Int64(seconds.count)), "mean \(severity)")
                let median = seconds.count % 2 == 1 ? seconds[seconds.count / 2] : (seconds[seconds.count / 2 - 1] + seconds[seconds.count / 2]) / 2
                #expect(row?["median_seconds"] as? Int == Int(median), "median \(severity)")
            }
            let slaRow = try #require(sla.first { $0["severity"] as? String == severity })
            #expect(slaRow["fixed"] as? Int == seconds.count)
            let within = GitHistoryTruth.slaDays[severity].map { days in seconds.filter { $0 <= days * 86_400 }.count } ?? 0
            #expect(slaRow["fixed_within_sla"] as? Int == within, "within SLA \(severity)")
        }
        let ages = try #require(stats["age"] as? [[String: Any]])
        #expect(ages.map { $0["open"] as? Int } == truth.ages)

        // The breakdowns add up to the open findings, and name the replay's scanner.
        let tools = try #require(stats["by_tool"] as? [[String: Any]])
        #expect(tools.reduce(0) { $0 + ($1["open"] as? Int ?? 0) } == truth.open.values.reduce(0, +))
        #expect(tools.contains { $0["key"] as? String == "replayscan" })
        for key in ["by_rule", "by_path", "by_owner"] {
            let rows = try #require(stats[key] as? [[String: Any]])
            #expect(rows.reduce(0) { $0 + ($1["open"] as? Int ?? 0) } == truth.open.values.reduce(0, +), "\(key)")
        }

        // The table says the same, with headings; CSV is the table of periods.
        let table = try sandbox.secissue("stats", "--since", "2026-01-05", "--until", "2026-02-15", in: repo)
        #expect(table.status == 0)
        #expect(table.stdout.contains("Open findings by severity at the end of each week"))
        #expect(table.stdout.contains("Time to remediate"))
        let csv = try sandbox.secissue("stats", "--since", "2026-01-05", "--until", "2026-02-15", "--format", "csv", in: repo)
        #expect(csv.lines.first == "period,critical,high,medium,low,info,open,new,fixed")
        #expect(csv.lines.count == 7)
    }

    @Test("the cache: a second run reads it; a damaged or foreign cache is rebuilt, never trusted")
    func cache() throws {
        let sandbox = try Sandbox()
        let repo = try Self.replay(sandbox, "cached", days: 14, seed: 3)
        let arguments = ["stats", "--until", "2026-01-18", "--format", "json"]
        let cold = try sandbox.run(Sandbox.binary, arguments, in: repo)
        #expect(cold.status == 0, "\(cold.stderr)")
        let cachePath = repo + "/.git/secissue/stats-cache"
        let cached = try #require(FileManager.default.contents(atPath: cachePath))
        #expect(String(decoding: cached, as: UTF8.self).hasPrefix("secissue-stats-cache 2\n"))
        let warm = try sandbox.run(Sandbox.binary, arguments, in: repo)
        #expect(warm.stdout == cold.stdout)
        #expect(warm.stderr.isEmpty)
        #expect(FileManager.default.contents(atPath: cachePath) == cached, "a warm run has nothing to add")

        // A changed count in a record: the digest no longer matches.
        var damaged = String(decoding: cached, as: UTF8.self)
        damaged = damaged.replacingOccurrences(of: "\topen\t", with: "\tfixed\t")
        try damaged.write(toFile: cachePath, atomically: true, encoding: .utf8)
        let afterDamage = try sandbox.run(Sandbox.binary, arguments, in: repo)
        #expect(afterDamage.stdout == cold.stdout)
        #expect(afterDamage.stderr.contains("stats cache") && afterDamage.stderr.contains("rebuilt"))
        #expect(FileManager.default.contents(atPath: cachePath) == cached)

        // Another repository's cache, and plain garbage, are no better.
        let other = try Self.replay(sandbox, "other", days: 7, seed: 5)
        _ = try sandbox.secissue("stats", in: other)
        try FileManager.default.removeItem(atPath: cachePath)
        try FileManager.default.copyItem(atPath: other + "/.git/secissue/stats-cache", toPath: cachePath)
        #expect(try sandbox.run(Sandbox.binary, arguments, in: repo).stdout == cold.stdout)
        try Data([0, 1, 2, 255]).write(to: URL(fileURLWithPath: cachePath))
        #expect(try sandbox.run(Sandbox.binary, arguments, in: repo).stdout == cold.stdout)
    }

    @Test("a cache written by a build before format 2 (its deltas skipped findings/XY/ID.md) is rebuilt, not trusted")
    func cacheOfAnOlderBuild() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        _ = try sandbox.newFinding("--title", "SQL injection in search", "--severity", "high", "--path", "app/db.py:4", in: repo)
        let arguments = ["stats", "--format", "json", "--until", "2030-01-01"]
        let truth = try Self.json(try sandbox.run(Sandbox.binary, arguments, in: repo))
        #expect((truth["open"] as? [String: Int])?["high"] == 1)
        // What a build before format 2 wrote for this history under the same key: a delta per
        // findings tree that keeps only files directly in findings/, so none here.
        var trees: [String] = []
        for commit in try sandbox.git("rev-list", "--reverse", "HEAD", in: repo).split(separator: "\n") {
            let tree = (try? sandbox.git("rev-parse", "\(commit):.security/findings", in: repo))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "-"
            if trees.last != tree { trees.append(tree) }
        }
        var body = "secissue-stats-cache 1\n"
        for (old, new) in zip(["-"] + trees, trees) { body += "D \(old) \(new) 0\n" }
        let digest = try sandbox.run("/usr/bin/sha256sum", [], in: repo, stdin: body).stdout.prefix(64)
        try (body + "end \(digest)\n").write(toFile: repo + "/.git/secissue/stats-cache", atomically: true, encoding: .utf8)
        let after = try sandbox.run(Sandbox.binary, arguments, in: repo)
        #expect(try Self.json(after)["open"] as? [String: Int] == truth["open"] as? [String: Int], "\(after.stdout)")
        #expect(after.stderr.contains("stats cache") && after.stderr.contains("rebuilt"), "\(after.stderr)")
    }

    @Test("a finding filed twice (flat and fanned out) stays open in stats when one copy is deleted, as validate tells")
    func duplicateCopyDeleted() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "SQL injection in search", "--severity", "high", "--path", "app/db.py:4", in: repo)
        try sandbox.write(".security/findings/\(id).md", try sandbox.read(findingFile(id), in: repo), in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "Merged from a clone of format 1", in: repo)
        try sandbox.git("rm", "-q", ".security/findings/\(id).md", in: repo)
        try sandbox.git("commit", "-qm", "Delete the copy validate names", in: repo)
        #expect(try sandbox.secissue("list", in: repo).stdout.contains("SQL injection in search"))
        for _ in ["cold", "through the stats cache"] {
            let stats = try Self.json(try sandbox.run(Sandbox.binary, ["stats", "--format", "json", "--until", "2030-01-01"], in: repo))
            #expect((stats["open"] as? [String: Int])?["high"] == 1, "\(stats["open"] ?? "-")")
        }
    }

    @Test("several repositories, by path or --repos FILE, add up with one row per repository")
    func rollUp() throws {
        let sandbox = try Sandbox()
        let first = try Self.replay(sandbox, "shop", days: 10, seed: 11)
        let second = try Self.replay(sandbox, "billing", days: 10, seed: 12)
        let arguments = ["--until", "2026-01-14", "--format", "json"]
        let one = try Self.json(try sandbox.run(Sandbox.binary, ["stats"] + arguments, in: first))
        let two = try Self.json(try sandbox.run(Sandbox.binary, ["stats"] + arguments, in: second))
        try "# the organisation\nshop\n\(second)\n".write(toFile: sandbox.path("repos.txt"), atomically: true, encoding: .utf8)
        let both = try Self.json(try sandbox.run(Sandbox.binary, ["stats", "--repos", sandbox.path("repos.txt")] + arguments, in: sandbox.root.path))
        for key in ["open", "overdue"] {
            let sum = try #require(one[key] as? [String: Int]).merging(try #require(two[key] as? [String: Int])) { $0 + $1 }
            #expect(both[key] as? [String: Int] == sum, "\(key)")
        }
        let rows = try #require(both["repositories"] as? [[String: Any]])
        #expect(rows.map { $0["repository"] as? String } == [sandbox.path("shop"), second])
        #expect(rows.first?["open"] as? [String: Int] == one["open"] as? [String: Int])
        let newTotal = { (stats: [String: Any]) in (stats["periods"] as? [[String: Any]] ?? []).reduce(0) { $0 + ($1["new"] as? Int ?? 0) } }
        #expect(newTotal(both) == newTotal(one) + newTotal(two))

        // The same by path, from anywhere; a table gets a Repositories section.
        let table = try sandbox.run(Sandbox.binary, ["stats", first, second, "--until", "2026-01-14"], in: sandbox.root.path)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("Repositories\n"))

        // A path that is no repository, or one without .security/, stops the roll-up.
        let missing = try sandbox.run(Sandbox.binary, ["stats", first, sandbox.path("nowhere")], in: sandbox.root.path)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("not a git repository: \(sandbox.path("nowhere"))"))
        let plain = try sandbox.repository("plain", initialise: false)
        let uninitialised = try sandbox.run(Sandbox.binary, ["stats", first, plain], in: sandbox.root.path)
        #expect(uninitialised.status == 1)
        #expect(uninitialised.stderr.contains("\(plain): no .security/ directory"))
    }

    @Test("the examples of docs/reports.md run as written", arguments: ["stats", "report"])
    func documentedExamples(heading: String) throws {
        let sandbox = try Sandbox()
        let shop = try Self.replay(sandbox, "shop", days: 10, seed: 21)
        _ = try Self.replay(sandbox, "billing", days: 10, seed: 22)
        try "../shop\n../billing\n".write(toFile: shop + "/repos.txt", atomically: true, encoding: .utf8)
        try sandbox.git("tag", "v1.4.2", "HEAD~3", in: shop)
        let text = try String(contentsOf: Self.scripts.deletingLastPathComponent().appendingPathComponent("docs/reports.md"), encoding: .utf8)
        let start = try #require(text.range(of: "\n## \(heading)\n"))
        let open = try #require(text.range(of: "```sh\n", range: start.upperBound..<text.endIndex))
        let close = try #require(text.range(of: "\n```", range: open.upperBound..<text.endIndex))
        let result = try sandbox.run("/bin/sh", ["-c", "set -e\n" + text[open.upperBound..<close.lowerBound]], in: shop)
        #expect(result.status == 0, "\(heading): \(result.stderr)")
    }

    @Test("bad dates are usage errors; a shallow clone is an error that names the fix")
    func badInput() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        #expect(try sandbox.secissue("stats", "--since", "2026-13-01", in: repo).status == 64)
        #expect(try sandbox.secissue("stats", "--since", "2026-03-01", "--until", "2026-02-01", in: repo).status == 64)
        #expect(try sandbox.secissue("stats", "--by", "year", in: repo).status == 64)
        let empty = try sandbox.secissue("stats", "--format", "json", in: repo)
        #expect(empty.status == 0, "\(empty.stderr)")

        // A shallow clone lacks the history the numbers come from: an error with the fix, never fewer numbers.
        _ = try sandbox.newFinding("--title", "One", in: repo)
        _ = try sandbox.newFinding("--title", "Two", in: repo)
        try sandbox.git("clone", "-q", "--depth", "1", "file://" + repo, sandbox.path("shallow"), in: sandbox.root.path)
        for command in [["stats"], ["report"]] {
            let shallow = try sandbox.run(Sandbox.binary, command, in: sandbox.path("shallow"))
            #expect(shallow.status == 1)
            #expect(shallow.stderr.contains("git fetch --unshallow"), "\(shallow.stderr)")
        }
    }
}
