import Foundation
import Testing
import TestSupport

@Suite("libs audit", .scratchDirectory)
struct AuditTests {
    static var advisories: String { Fixtures.directory.appendingPathComponent("advisories").path }

    static let pinned = "flask==2.3.2\nrequests==2.19.1\npyyaml==5.3\njinja2==3.1.2\nurllib3==1.24.1\n"
    static let current = "flask==3.0.3\nrequests==2.32.3\npyyaml==6.0.2\njinja2==3.1.6\nurllib3==2.2.3\n"

    /// The advisories of PyPA's database that affect the Flask example's pins (checked against
    /// Python's packaging by hand when the fixtures were copied).
    static let expected: Set<String> = [
        "requests PYSEC-2018-28", "requests PYSEC-2023-74", "pyyaml PYSEC-2020-96", "pyyaml PYSEC-2021-142",
        "urllib3 PYSEC-2019-132", "urllib3 PYSEC-2019-133", "urllib3 PYSEC-2020-148", "urllib3 PYSEC-2021-108",
        "urllib3 PYSEC-2023-192", "urllib3 PYSEC-2023-207", "urllib3 PYSEC-2023-212",
    ]

    @Test("the Flask example: every PyPA advisory of its pins, with CVE aliases and fixes; re-runs write nothing; upgrading fixes them")
    func flaskExample() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try sandbox.write("requirements.txt", Self.pinned, in: repo)
        try sandbox.write(".security/config.yml", try sandbox.read(".security/config.yml", in: repo)
                          + "advisories:\n  - \(Self.advisories)/pypa\n", in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "Pin the Flask example", in: repo)
        let base = try sandbox.head(repo)

        let json = try sandbox.secissue("libs", "audit", "--no-file", "--format", "json", in: repo)
        #expect(json.status == 2, "\(json.stderr)")
        let rows = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(Set(rows.map { "\($0["name"] as? String ?? "") \($0["advisory"] as? String ?? "")" }) == Self.expected)
        let old = try #require(rows.first { $0["advisory"] as? String == "PYSEC-2018-28" })
        #expect((old["aliases"] as? [String])?.first == "CVE-2018-18074")
        #expect(old["fixed"] as? [String] == ["2.20.0"])
        #expect(old["upgrade"] as? String == "2.31.0")
        #expect(old["line"] as? Int == 2)
        #expect(rows.first { $0["advisory"] as? String == "PYSEC-2023-192" }?["fixed"] as? [String] == ["1.26.17", "2.0.6"])
        #expect(try sandbox.head(repo) == base)

        let filed = try sandbox.secissue("libs", "audit", in: repo)
        #expect(filed.status == 2)
        #expect(filed.stderr.contains("findings: new 11,"), "\(filed.stderr)")
        #expect(filed.stderr.contains("gate: PYSEC-2023-192 (high) affects urllib3 1.24.1 in requirements.txt"))
        let findings = try sandbox.findings(in: repo)
        #expect(findings.count == 11)
        let requests = try #require(findings.first { ($0["source"] as? [String: Any])?["rule"] as? String == "PYSEC-2018-28" })
        #expect((requests["source"] as? [String: Any])?["tool"] as? String == "osv")
        #expect((requests["location"] as? [String: Any])?["path"] as? String == "requirements.txt")
        let description = requests["description"] as? String ?? ""
        #expect(description.contains("`CVE-2018-18074`") && description.contains("**Fixed in:** `2.20.0`"))
        #expect(description.contains("`2.31.0` is the smallest version that no known advisory of `requests` affects"))

        let head = try sandbox.head(repo)
        let again = try sandbox.secissue("libs", "audit", in: repo)
        #expect(again.stderr.contains("findings: new 0, updated 0, reopened 0, fixed 0, unchanged 11"), "\(again.stderr)")
        #expect(try sandbox.head(repo) == head)
        #expect(try FileManager.default.contentsOfDirectory(atPath: repo + "/.git/secissue").contains { $0.hasPrefix("advisories-") })

        // Upgrading past every fix: nothing is reported, and the findings are fixed.
        try sandbox.write("requirements.txt", Self.current, in: repo)
        try sandbox.git("commit", "-qam", "Upgrade", in: repo)
        let upgraded = try sandbox.secissue("libs", "audit", in: repo)
        #expect(upgraded.status == 0, "\(upgraded.stderr)")
        #expect(upgraded.lines.count == 1, "only the header: \(upgraded.stdout)")
        #expect(upgraded.stderr.contains("fixed 11"))
        #expect(try sandbox.findings(in: repo).allSatisfy { $0["status"] as? String == "fixed" })

        // A pull request that bumps urllib3 back to a vulnerable version: only what it adds.
        try sandbox.write("requirements.txt", Self.current.replacingOccurrences(of: "urllib3==2.2.3", with: "urllib3==2.0.5"), in: repo)
        try sandbox.git("commit", "-qam", "Downgrade urllib3", in: repo)
        let diff = try sandbox.secissue("libs", "audit", "--diff", "HEAD~1", in: repo)
        #expect(diff.stderr.contains("this change adds 2 known vulnerabilities (since HEAD~1)"), "\(diff.stderr)")
        #expect(diff.lines.count == 3)
    }

    @Test("an osv.dev zip export (deflate and stored entries) and RustSec's own format; a withdrawn advisory fixes its finding")
    func zipRustSecAndWithdrawn() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try sandbox.write("go.mod", "module example.com/shop\n\ngo 1.21\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.9.0\n\tk8s.io/kubernetes v1.28.0\n)\n", in: repo)
        try sandbox.write("Cargo.lock", """
            version = 3

            [[package]]
            name = "smallvec"
            version = "0.6.9"

            [[package]]
            name = "time"
            version = "0.1.43"

            [[package]]
            name = "daemonize"
            version = "0.4.1"

            """, in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "Dependencies", in: repo)
        let result = try sandbox.secissue("libs", "audit", "--no-file", "--format", "json",
                                          "--advisories", Self.advisories + "/go-all.zip", "--advisories", Self.advisories + "/rustsec", in: repo)
        let rows = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result.stderr)")
        let found = Set(rows.map { "\($0["name"] as? String ?? "") \($0["advisory"] as? String ?? "")" })
        #expect(found == ["github.com/gin-gonic/gin GO-2023-1737", "smallvec RUSTSEC-2018-0018", "smallvec RUSTSEC-2019-0009",
                          "smallvec RUSTSEC-2019-0012", "smallvec RUSTSEC-2021-0003", "time RUSTSEC-2020-0071"], "\(found)")
        #expect(rows.first { $0["advisory"] as? String == "RUSTSEC-2020-0071" }?["severity"] as? String == "medium")
        #expect(rows.first { $0["advisory"] as? String == "RUSTSEC-2020-0071" }?["score"] as? String == "6.2")

        // The kubernetes advisory, before it was withdrawn, filed a finding; withdrawn, it is fixed with a note.
        let zip = Fixtures.directory.appendingPathComponent("advisories/go-all.zip")
        let unzipped = sandbox.path("go")
        try FileManager.default.createDirectory(atPath: unzipped, withIntermediateDirectories: true)
        _ = try sandbox.run("/usr/bin/unzip", ["-q", zip.path, "-d", unzipped], in: sandbox.root.path)
        let record = unzipped + "/GO-2022-0617.json"
        let original = try String(contentsOfFile: record, encoding: .utf8)
        try original.replacingOccurrences(of: "\"withdrawn\": \"2024-08-21T16:25:56Z\",\n", with: "").write(toFile: record, atomically: true, encoding: .utf8)
        let before = try sandbox.secissue("libs", "audit", "--advisories", unzipped, in: repo)
        #expect(before.stderr.contains("findings: new 2,"), "\(before.stderr)")
        try original.write(toFile: record, atomically: true, encoding: .utf8)
        let after = try sandbox.secissue("libs", "audit", "--advisories", unzipped, in: repo)
        #expect(after.stderr.contains("fixed 1,"), "\(after.stderr)")
        let kubernetes = try #require(try sandbox.findings(in: repo).first { ($0["source"] as? [String: Any])?["rule"] as? String == "GO-2022-0617" })
        #expect(kubernetes["status"] as? String == "fixed", "\(kubernetes["activity"] ?? "")")
        #expect((kubernetes["activity"] as? [String])?.last?.hasSuffix("the advisory GO-2022-0617 was withdrawn on 2024-08-21T16:25:56Z") == true)
    }

    @Test("the parsed-advisory cache: a second run reads it; a truncated, altered, foreign or older cache is parsed again, never trusted")
    func cache() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try sandbox.write("requirements.txt", Self.pinned, in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "Pin the Flask example", in: repo)
        let audit = ["libs", "audit", "--no-file", "--format", "json", "--advisories", Self.advisories + "/pypa"]
        let parsed = try sandbox.run(Sandbox.binary, audit + ["--no-cache"], in: repo)
        #expect(parsed.status == 2 && !parsed.stderr.contains("cache"), "\(parsed.stderr)")
        let first = try sandbox.run(Sandbox.binary, audit, in: repo)
        #expect(first.stdout == parsed.stdout && !first.stderr.contains("read from the cache"), "\(first.stderr)")
        let directory = repo + "/.git/secissue"
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasPrefix("advisories-") })
        let cached = try sandbox.run(Sandbox.binary, audit, in: repo)
        #expect(cached.stdout == parsed.stdout && cached.stderr.contains("advisories (read from the cache)"), "\(cached.stderr)")

        let original = try #require(FileManager.default.contents(atPath: directory + "/" + name))
        var altered = [UInt8](original)
        altered[altered.count / 2] ^= 0x20
        let damaged: [(String, Data)] = [
            ("truncated", original.prefix(original.count / 2)),
            ("a flipped bit", Data(altered)),
            ("foreign", Data("secissue-osv-cache 3 0000\n0\n0\n0\n".utf8)),
            ("empty", Data()),
            // A checksum that matches does not make a body this version can read.
            ("an older version's, checksum right", try Self.cache(version: 2, body: Data("0\n0\n0\n".utf8), sandbox)),
            ("a body not this version's layout, checksum right", try Self.cache(version: 3, body: Data([0x01, 0xff, 0xff, 0xff, 0x7f]), sandbox)),
            ("an index past the records, checksum right", try Self.cache(version: 3, body: Data([0x00, 0x01, 0x01, 0x61, 0x01, 0x05, 0x00, 0x00]), sandbox)),
        ]
        for (what, bytes) in damaged {
            try bytes.write(to: URL(fileURLWithPath: directory + "/" + name))
            let again = try sandbox.run(Sandbox.binary, audit, in: repo)
            #expect(again.stdout == parsed.stdout, "\(what): \(again.stderr)")
            #expect(!again.stderr.contains("read from the cache"), "\(what): \(again.stderr)")
            #expect(FileManager.default.contents(atPath: directory + "/" + name) == original, "\(what): the cache is written anew")
        }
    }

    /// A cache file of the given format version whose header carries the body's right SHA-256.
    static func cache(version: Int, body: Data, _ sandbox: Sandbox) throws -> Data {
        let file = sandbox.path("body")
        try body.write(to: URL(fileURLWithPath: file))
        let sum = try sandbox.run("/bin/sh", ["-c", "sha256sum < \"$0\"", file], in: sandbox.path("."))
        return Data("secissue-osv-cache \(version) \(sum.stdout.prefix(64))\n".utf8) + body
    }

    @Test("no advisory source, a missing one, a broken zip and a bad config entry are clear errors")
    func errors() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let none = try sandbox.secissue("libs", "audit", in: repo)
        #expect(none.status == 64 && none.stderr.contains("no advisory sources: list them under advisories:"), "\(none.stderr)")
        let missing = try sandbox.secissue("libs", "audit", "--advisories", "nowhere", in: repo)
        #expect(missing.status == 1 && missing.stderr.contains("nowhere: no such advisory source"))
        try sandbox.write("broken.zip", "PK\u{3}\u{4} not really a zip, and long enough to look for its directory", in: sandbox.root.path)
        let broken = try sandbox.secissue("libs", "audit", "--advisories", sandbox.path("broken.zip"), in: repo)
        #expect(broken.stderr.contains("broken.zip: not a zip archive this tool reads: no end of central directory"), "\(broken.stderr)")
        try sandbox.write(".security/config.yml", "advisories:\n  nested: true\n", in: repo)
        let config = try sandbox.secissue("libs", "audit", in: repo)
        #expect(config.stderr.contains(".security/config.yml:1: advisories: expected a list, found fields"), "\(config.stderr)")
    }
}
