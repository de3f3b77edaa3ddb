import Foundation
import Testing
import TestSupport

/// The parsed-findings cache (`.git/secissue-findings.cache`) never changes what a listing says:
/// every case compares the listings with the cache against `SECISSUE_NO_CACHE=1`, which reads
/// and parses every file.
@Suite("the parsed-findings cache", .scratchDirectory)
struct FindingCacheTests {
    static let listings: [[String]] = [
        ["list", "--all", "--format", "json"], ["list", "--all"], ["list", "--format", "csv"], ["list", "--all", "--format", "json", "--at", "HEAD"],
        ["export", "--format", "json"],
    ]

    /// Runs every listing with the cache and without, and expects the same output and status.
    func expectSameAsUncached(_ sandbox: Sandbox, _ repo: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for arguments in Self.listings {
            let cached = try sandbox.run(Sandbox.binary, arguments, in: repo)
            let uncached = try sandbox.run(Sandbox.binary, arguments, in: repo, env: ["SECISSUE_NO_CACHE": "1"])
            #expect(cached.stdout == uncached.stdout, "\(arguments.joined(separator: " "))", sourceLocation: sourceLocation)
            #expect(cached.stderr == uncached.stderr, "\(arguments.joined(separator: " "))", sourceLocation: sourceLocation)
            #expect(cached.status == uncached.status, "\(arguments.joined(separator: " "))", sourceLocation: sourceLocation)
        }
    }

    func repositoryWithFindings(_ sandbox: Sandbox) throws -> (repo: String, ids: [String]) {
        let repo = try sandbox.repository()
        let ids = try [("SQL injection in search", "high"), ("Verbose errors", "low"), ("Hard-coded key", "critical")].map { title, severity in
            try sandbox.newFinding("--title", title, "--severity", severity, "--path", "app/db.py:4", in: repo)
        }
        return (repo, ids)
    }

    func cachePath(_ repo: String) -> String { repo + "/.git/secissue-findings.cache" }

    @Test("a listing writes the cache, and a second one reads it with the same result")
    func builtAndReused() throws {
        let sandbox = try Sandbox()
        let (repo, ids) = try repositoryWithFindings(sandbox)
        let first = try sandbox.secissue("list", "--all", "--format", "json", in: repo)
        #expect(FileManager.default.fileExists(atPath: cachePath(repo)))
        let second = try sandbox.secissue("list", "--all", "--format", "json", in: repo)
        #expect(first.stdout == second.stdout)
        #expect(ids.allSatisfy { second.stdout.contains($0) })
        try expectSameAsUncached(sandbox, repo)
    }

    @Test("a file changed behind its back, keeping its size and its mtime second, is read again")
    func changedBehindItsBack() throws {
        let sandbox = try Sandbox()
        let (repo, ids) = try repositoryWithFindings(sandbox)
        let path = repo + "/\(findingFile(ids[0]))"
        _ = try sandbox.secissue("list", "--all", in: repo)
        let before = try FileManager.default.attributesOfItem(atPath: path)
        var info = stat()
        #expect(lstat(path, &info) == 0)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "SQL injection in search", with: "SQL injection in SEARCH")
        #expect(edited.utf8.count == text.utf8.count && edited != text)
        try Data(edited.utf8).write(to: URL(fileURLWithPath: path))
        // The same mtime to the nanosecond: only the content (and ctime, which git and we check) moved.
        try sandbox.run("/usr/bin/touch", ["-m", "-d", "@\(info.st_mtim.tv_sec).\(String(format: "%09d", info.st_mtim.tv_nsec))", path], in: repo)
        let after = try FileManager.default.attributesOfItem(atPath: path)
        #expect(after[.size] as? Int == before[.size] as? Int)
        #expect(after[.modificationDate] as? Date == before[.modificationDate] as? Date)
        let listed = try sandbox.secissue("list", "--all", in: repo)
        #expect(listed.stdout.contains("SQL injection in SEARCH"))
        try expectSameAsUncached(sandbox, repo)
    }

    @Test("a finding file replaced by a symlink is refused as without the cache")
    func replacedBySymlink() throws {
        let sandbox = try Sandbox()
        let (repo, ids) = try repositoryWithFindings(sandbox)
        _ = try sandbox.secissue("list", "--all", in: repo)
        let path = repo + "/\(findingFile(ids[1]))"
        let elsewhere = sandbox.path("elsewhere.md")
        try FileManager.default.copyItem(atPath: path, toPath: elsewhere)
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: elsewhere)
        let listed = try sandbox.secissue("list", "--all", in: repo)
        #expect(listed.status != 0)
        #expect(listed.stderr.contains("symbolic link"))
        try expectSameAsUncached(sandbox, repo)
    }

    @Test("a store of hundreds of directories (read on several threads) lists as without the cache as files are added, removed, renamed and changed by hand")
    func manyDirectories() throws {
        let sandbox = try Sandbox()
        let (repo, ids) = try repositoryWithFindings(sandbox)
        let template = try sandbox.read(findingFile(ids[0]), in: repo)
        let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")
        var made: [String] = []
        for index in 0..<300 {
            let id = "SEC-" + String([alphabet[index / 32], alphabet[index % 32]]) + "q7m2x1c3"
            let path = findingFile(id)
            try sandbox.write(path, template.replacingOccurrences(of: ids[0], with: id).replacingOccurrences(of: "SQL injection in search", with: "Copy \(index)"), in: repo)
            made.append(id)
        }
        try expectSameAsUncached(sandbox, repo)
        // Each by hand, at once after a listing wrote the cache (the same second).
        try sandbox.write(findingFile("SEC-zzq7m2x1c3"), template.replacingOccurrences(of: ids[0], with: "SEC-zzq7m2x1c3"), in: repo)
        try expectSameAsUncached(sandbox, repo)
        try FileManager.default.removeItem(atPath: repo + "/" + findingFile(made[7]))
        try expectSameAsUncached(sandbox, repo)
        try FileManager.default.moveItem(atPath: repo + "/" + findingFile(made[8]), toPath: repo + "/" + findingFile(made[8]) + ".bak")
        try expectSameAsUncached(sandbox, repo)
        try sandbox.write(findingFile(made[9]), template.replacingOccurrences(of: ids[0], with: made[9]).replacingOccurrences(of: "high", with: "low"), in: repo)
        try expectSameAsUncached(sandbox, repo)
        let listed = try sandbox.secissue("list", "--all", "--format", "csv", in: repo)
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("SEC-zzq7m2x1c3") && !listed.stdout.contains(made[7]) && !listed.stdout.contains(made[8]))
    }

    @Test("a truncated, damaged or foreign cache file is rebuilt, never trusted",
          arguments: ["truncated", "damaged", "foreign", "empty", "directory"])
    func badCacheFile(kind: String) throws {
        let sandbox = try Sandbox()
        let (repo, _) = try repositoryWithFindings(sandbox)
        let good = try sandbox.secissue("list", "--all", "--format", "json", in: repo)
        let path = cachePath(repo)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        switch kind {
        case "truncated": bytes = Array(bytes.prefix(bytes.count / 2))
        case "damaged": bytes[bytes.count / 2] ^= 0x20
        case "foreign": bytes = Array("git-secissue findings cache 9\n".utf8) + bytes.dropFirst(30)
        default: bytes = []
        }
        if kind == "directory" {
            try FileManager.default.removeItem(atPath: path)
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        } else {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        let listed = try sandbox.secissue("list", "--all", "--format", "json", in: repo)
        #expect(listed.status == 0)
        #expect(listed.stdout == good.stdout)
        try expectSameAsUncached(sandbox, repo)
    }

    @Test("two processes building the cache at once both list correctly and leave a whole cache")
    func concurrentBuilders() async throws {
        let sandbox = try Sandbox()
        let (repo, _) = try repositoryWithFindings(sandbox)
        for index in 0..<20 {
            _ = try sandbox.newFinding("--title", "Finding \(index)", "--severity", "medium", "--no-commit", in: repo)
        }
        let expected = try sandbox.run(Sandbox.binary, ["list", "--all", "--format", "json"], in: repo, env: ["SECISSUE_NO_CACHE": "1"])
        for _ in 0..<3 {
            try? FileManager.default.removeItem(atPath: cachePath(repo))
            async let first = sandbox.secissue("list", "--all", "--format", "json", in: repo)
            async let second = sandbox.secissue("list", "--all", "--format", "json", in: repo)
            let results = try await [first, second]
            for result in results {
                #expect(result.status == 0)
                #expect(result.stdout == expected.stdout)
            }
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: repo + "/.git").filter { $0.hasPrefix("secissue-findings.cache.") }
        #expect(leftovers.isEmpty)
        #expect(FileManager.default.fileExists(atPath: cachePath(repo)))
        try expectSameAsUncached(sandbox, repo)
    }

    @Test("checking out another branch changes, adds and removes findings; every listing follows")
    func checkoutOfAnotherBranch() throws {
        let sandbox = try Sandbox()
        let (repo, ids) = try repositoryWithFindings(sandbox)
        try sandbox.git("checkout", "-q", "-b", "other", in: repo)
        #expect(try sandbox.secissue("close", ids[0], in: repo).status == 0)
        _ = try sandbox.newFinding("--title", "Only on the other branch", "--severity", "high", in: repo)
        try sandbox.git("rm", "-q", findingFile(ids[2]), in: repo)
        try sandbox.git("commit", "-q", "-m", "Remove one", in: repo)
        try expectSameAsUncached(sandbox, repo)
        try sandbox.git("checkout", "-q", "main", in: repo)
        let onMain = try sandbox.secissue("list", "--all", in: repo)
        #expect(!onMain.stdout.contains("Only on the other branch") && onMain.stdout.contains("Hard-coded key"))
        try expectSameAsUncached(sandbox, repo)
        let atOther = try sandbox.secissue("list", "--all", "--at", "other", in: repo)
        #expect(atOther.stdout.contains("Only on the other branch") && !atOther.stdout.contains("Hard-coded key"))
        #expect(atOther.stdout == (try sandbox.run(Sandbox.binary, ["list", "--all", "--at", "other"], in: repo, env: ["SECISSUE_NO_CACHE": "1"])).stdout)
        try sandbox.git("checkout", "-q", "other", in: repo)
        try expectSameAsUncached(sandbox, repo)
    }

    @Test("a cached rendering is used only for a finding shown as its file says: live values and fixes seen from a past revision are rendered anew")
    func renderingsFollowWhatIsShown() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        let day1 = ["GIT_AUTHOR_DATE": "2026-11-01T10:00:00Z", "GIT_COMMITTER_DATE": "2026-11-01T10:00:00Z"]
        let day2 = ["GIT_AUTHOR_DATE": "2026-11-02T10:00:00Z", "GIT_COMMITTER_DATE": "2026-11-02T10:00:00Z"]
        #expect(try sandbox.secissue("import", Fixtures.sarif("bandit.sarif"), in: repo, env: day1).status == 0)
        let before = try sandbox.findings(in: repo)
        #expect(!before.isEmpty && before.allSatisfy { $0["last_seen"] as? String == "2026-11-01" })
        // The files (and so their cached renderings) stay as they were; last_seen moves in the live state.
        #expect(try sandbox.secissue("import", Fixtures.sarif("bandit.sarif"), in: repo, env: day2).status == 0)
        for _ in 0..<2 {
            #expect(try sandbox.findings(in: repo).allSatisfy { $0["last_seen"] as? String == "2026-11-02" })
        }
        try expectSameAsUncached(sandbox, repo)

        // A release that contains a fix recorded later shows the finding fixed, not as its file at the release says.
        let id = try #require(before.first?["id"] as? String)
        try sandbox.write("fix.txt", "the fix\n", in: repo)
        try sandbox.git("add", "fix.txt", in: repo)
        try sandbox.git("commit", "-q", "-m", "Fix", in: repo)
        let fix = try sandbox.head(repo)
        try sandbox.git("tag", "v1.0", in: repo)
        #expect(try sandbox.secissue("close", id, "--commit", fix, in: repo).status == 0)
        let arguments = ["list", "--all", "--format", "json", "--at", "v1.0"]
        let uncached = try sandbox.run(Sandbox.binary, arguments, in: repo, env: ["SECISSUE_NO_CACHE": "1"])
        for _ in 0..<2 {
            let cached = try sandbox.run(Sandbox.binary, arguments, in: repo)
            #expect(cached.stdout == uncached.stdout)
        }
        let atRelease = try sandbox.findings(in: repo, at: "v1.0")
        #expect(atRelease.first { $0["id"] as? String == id }?["status"] as? String == "fixed")
    }

    @Test("a file that does not parse is reported every time, cached or not")
    func problemsAreNotCached() throws {
        let sandbox = try Sandbox()
        let (repo, ids) = try repositoryWithFindings(sandbox)
        try sandbox.write(findingFile(ids[1]), "---\nid: \(ids[1])\ntitle: [unclosed\n---\n", in: repo)
        for _ in 0..<2 {
            let listed = try sandbox.secissue("list", "--all", in: repo)
            #expect(listed.status == 1)
            #expect(listed.stderr.contains(ids[1]))
        }
        try expectSameAsUncached(sandbox, repo)
    }

    @Test("the example of docs/performance.md runs: cached and uncached listings are the same bytes")
    func documentedExample() throws {
        let text = try String(contentsOf: DocExampleTests.package.appendingPathComponent("docs/performance.md"), encoding: .utf8)
        let start = try #require(text.range(of: "\n## The findings cache\n"))
        let open = try #require(text.range(of: "```sh\n", range: start.upperBound..<text.endIndex))
        let close = try #require(text.range(of: "\n```", range: open.upperBound..<text.endIndex))
        let sandbox = try Sandbox()
        let (repo, _) = try repositoryWithFindings(sandbox)
        let result = try sandbox.run("/bin/sh", ["-c", "set -e\n" + text[open.upperBound..<close.lowerBound]], in: repo)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cachePath(repo)))
        #expect(try sandbox.read("cached.json", in: repo).contains("Hard-coded key"))
    }

    @Test("a lock a killed listing left is replaced after a minute, and a fresh one is left alone")
    func staleLock() throws {
        let sandbox = try Sandbox()
        let (repo, _) = try repositoryWithFindings(sandbox)
        let lock = cachePath(repo) + ".lock"
        try Data("half a cache".utf8).write(to: URL(fileURLWithPath: lock))
        #expect(try sandbox.secissue("list", "--all", in: repo).status == 0)
        #expect(!FileManager.default.fileExists(atPath: cachePath(repo)))
        #expect(FileManager.default.fileExists(atPath: lock))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -120)], ofItemAtPath: lock)
        #expect(try sandbox.secissue("list", "--all", in: repo).status == 0)
        #expect(FileManager.default.fileExists(atPath: cachePath(repo)))
        #expect(!FileManager.default.fileExists(atPath: lock))
        try expectSameAsUncached(sandbox, repo)
    }
}
