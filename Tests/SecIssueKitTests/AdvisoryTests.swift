import Foundation
import Testing
@testable import SecIssueKit
@testable import SecIssueLibraries

@Suite("OSV advisories")
struct AdvisoryTests {
    @Test("CVSS base scores from vectors match FIRST's calculator")
    func cvss() {
        let cases: [(String, Double)] = [
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8), ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5),
            ("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1), ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1),
            ("CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8), ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9),
            ("CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 6.2), ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0),
            ("AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5), ("AV:N/AC:M/Au:N/C:N/I:P/A:N", 4.3),
        ]
        for (vector, score) in cases { #expect(CVSS.baseScore(vector) == score, "\(vector)") }
        #expect(CVSS.baseScore("CVSS:3.1/AV:X/AC:L") == nil && CVSS.baseScore("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N") == nil)
    }

    private func affected(_ events: [OSVRecord.Event], type: String = "ECOSYSTEM", versions: [String]? = nil) -> OSVRecord.Affected {
        OSVRecord.Affected(package: OSVRecord.Package(ecosystem: "PyPI", name: "x"), ranges: [OSVRecord.Range(type: type, events: events)], versions: versions)
    }

    private func hits(_ entry: OSVRecord.Affected, _ version: String, _ scheme: VersionScheme = .pep440) -> Bool {
        AdvisoryAudit.affects(entry, version: scheme.parse(version)!, text: version, scheme: scheme)
    }

    @Test("ranges: introduced and fixed, several intervals, last_affected, limit, explicit versions, GIT ignored")
    func ranges() {
        let two = affected([.init(introduced: "0"), .init(fixed: "1.24.2"), .init(introduced: "2.0.0"), .init(fixed: "2.0.6")])
        #expect(hits(two, "1.24.1") && !hits(two, "1.24.2") && !hits(two, "1.26.0") && hits(two, "2.0.5") && !hits(two, "2.0.6"))
        #expect(hits(two, "1.24.2rc1"), "a pre-release of the fix is below it")
        let last = affected([.init(introduced: "1.0"), .init(lastAffected: "1.4")])
        #expect(!hits(last, "0.9") && hits(last, "1.4") && hits(last, "1.4.0") && !hits(last, "1.4.post1"))
        let limited = affected([.init(introduced: "0"), .init(limit: "3.0")])
        #expect(hits(limited, "2.9") && !hits(limited, "3.0"))
        let listed = affected([], versions: ["1.0.1", "1.0.3"])
        #expect(hits(listed, "1.0.1") && !hits(listed, "1.0.2"))
        let git = affected([.init(introduced: "0"), .init(fixed: "aabbcc")], type: "GIT")
        #expect(!hits(git, "1.0"))
        let semver = affected([.init(introduced: "1.3.1-0.20190301021747-ccb9e902956d"), .init(fixed: "1.9.1")], type: "SEMVER")
        #expect(hits(semver, "v1.9.0", .go) && !hits(semver, "v1.9.1", .go) && !hits(semver, "v1.3.0", .go))
    }

    @Test("the upgrade that clears every advisory of a package skips fixes that land in another vulnerable range or an explicit list")
    func upgrade() {
        let record = { (id: String, entry: OSVRecord.Affected) -> (record: OSVRecord, affected: OSVRecord.Affected) in
            var record = OSVRecord(id: id)
            record.affected = [entry]
            return (record, entry)
        }
        let entries = [record("A", affected([.init(introduced: "0"), .init(fixed: "1.5")])),
                       record("B", affected([.init(introduced: "1.5"), .init(fixed: "1.7")]))]
        let prepared = entries.map { AffectedVersions($0.affected, scheme: .pep440, versions: AdvisoryAudit.Versions()) }
        #expect(AdvisoryAudit.upgrade(from: VersionScheme.pep440.parse("1.0")!, entries: prepared, scheme: .pep440) == "1.7")
        #expect(AdvisoryAudit.upgrade(from: VersionScheme.pep440.parse("1.8")!, entries: prepared, scheme: .pep440) == nil)
        // 2.5 lies inside B's range, which covers 1.5 (skipped); 3.0 only an explicit list names.
        let more = [affected([.init(introduced: "0"), .init(fixed: "1.5")]), affected([.init(introduced: "1.5"), .init(fixed: "3.0")]),
                    affected([.init(introduced: "2.0"), .init(fixed: "2.5")]), affected([.init(introduced: "9.0"), .init(fixed: "9.1")], versions: ["3.0"])]
            .map { AffectedVersions($0, scheme: .pep440, versions: AdvisoryAudit.Versions()) }
        #expect(AdvisoryAudit.upgrade(from: VersionScheme.pep440.parse("1.0")!, entries: more, scheme: .pep440) == "9.1")
        #expect(AdvisoryAudit.upgrade(from: VersionScheme.pep440.parse("2.6")!, entries: Array(more.prefix(3)), scheme: .pep440) == "3.0")
        let open = [affected([.init(introduced: "0"), .init(fixed: "1.5")]), affected([.init(introduced: "1.2")])]
            .map { AffectedVersions($0, scheme: .pep440, versions: AdvisoryAudit.Versions()) }
        #expect(AdvisoryAudit.upgrade(from: VersionScheme.pep440.parse("1.0")!, entries: open, scheme: .pep440) == nil, "no fix ends an open range")
    }

    @Test("RustSec front matter: multi-line arrays, comments, withdrawn, informational, CVSS")
    func rustsec() throws {
        let record = try #require(RustSecAdvisory.record("""
            ```toml
            [advisory]
            id = "RUSTSEC-2099-0001"
            package = "demo"
            date = "2099-01-01"
            withdrawn = "2099-02-01"
            aliases = ["CVE-2099-1", "GHSA-aaaa-bbbb-cccc"]
            cvss = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"

            [versions]
            patched = [
                # the 0.3 series
                "^0.3.8",
                ">= 0.4.5",
            ]
            unaffected = ["< 0.2"]
            ```

            # Demo is broken

            Details here.
            """))
        #expect(record.summary == "Demo is broken" && record.details == "Details here." && record.withdrawn == "2099-02-01")
        #expect(record.sortedAliases == ["CVE-2099-1", "GHSA-aaaa-bbbb-cccc"] && record.rating?.severity == .high)
        let entry = try #require(record.affected?.first)
        #expect(hits(entry, "0.3.7", .semver) && !hits(entry, "0.3.9", .semver) && hits(entry, "0.4.4", .semver))
        #expect(!hits(entry, "0.4.5", .semver) && !hits(entry, "0.1.0", .semver))
        #expect(AdvisoryAudit.fixedVersions([entry], scheme: .semver) == ["0.3.8", "0.4.5"])
    }

    @Test("zip entries: deflate and stored read; a damaged checksum is refused")
    func zip() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/advisories/go-all.zip").path
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let archive = try ZipArchive(path: path, bytes: bytes)
        #expect(archive.entries.map(\.name) == ["GO-2020-0001.json", "GO-2021-0052.json", "GO-2023-1737.json", "GO-2022-0617.json"])
        #expect(archive.entries.map(\.method) == [8, 8, 8, 0])
        for entry in archive.entries {
            let record = try #require(AdvisoryDatabase.decode(try archive.contents(entry), name: entry.name))
            #expect(entry.name == record.id + ".json")
        }
        // Flip a byte of the stored entry's data: its CRC no longer matches.
        let stored = archive.entries[3]
        bytes[stored.localHeader + 30 + stored.name.utf8.count + 10] ^= 0x20
        let damaged = try ZipArchive(path: path, bytes: bytes)
        #expect(throws: SecIssueError.self) { try damaged.contents(damaged.entries[3]) }
    }
}
