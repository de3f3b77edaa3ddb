import Foundation
import Testing
import TestSupport
@testable import SecIssueKit
@testable import SecIssueBaseline

/// Tests/Fixtures/rpmdb (see its README): rpm databases written by rpm 4.18 itself.
private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/rpmdb").path

private func fixture(_ path: String) throws -> [UInt8] {
    try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(fixtures)/\(path)")))
}

private let v1 = "v1/var/lib/rpm/rpmdb.sqlite"
private let v1Packages = ["alpha:noarch 1.0-1", "bravo:noarch 2:3.1-4", "charlie:x86_64 0.9-1.el9"]
private let v2Packages = ["alpha:noarch 1.0-1", "bravo:noarch 3:1.0-1", "delta:noarch 5.0-1"]

private func labels(_ packages: [Baseline.Package]) -> [String] {
    packages.map { "\($0.label) \($0.version)" }.sorted()
}

/// Bytes in memory that note where they were read.
private final class Recording: SQLiteSource {
    let bytes: [UInt8]
    var offsets: Set<Int> = []
    var size: Int { bytes.count }

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(_ offset: Int, _ count: Int) -> [UInt8]? {
        offsets.insert(offset)
        return bytes.read(offset, count)
    }
}

/// A system root in the test's scratch directory.
private struct Root {
    let path: String

    init() throws { path = try ScratchDirectory.make("rpm").path }

    func write(_ relative: String, _ bytes: [UInt8]) throws {
        let url = URL(fileURLWithPath: "\(path)/\(relative)")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }
}

@Suite("rpm databases", .scratchDirectory)
struct RPMDatabaseTests {
    @Test("the fixtures list exactly the packages rpm installed, with epochs and arches")
    func listing() throws {
        let first = try PackageDatabase.installed(root: "\(fixtures)/v1")
        #expect(first.managers == [.rpm])
        #expect(first.notes == [])
        #expect(first.packages.allSatisfy { $0.manager == .rpm })
        #expect(labels(first.packages) == v1Packages)
        #expect(labels(try PackageDatabase.installed(root: "\(fixtures)/v2").packages) == v2Packages)
        #expect(try PackageDatabase.installed(root: "\(fixtures)/v1", managers: [.dpkg]).managers == [])
    }

    @Test("the newer layout: /var/lib/rpm a link to /usr/lib/sysimage/rpm, which is read; a second real database is named in a note")
    func sysimage() throws {
        let root = try Root()
        try root.write("usr/lib/sysimage/rpm/rpmdb.sqlite", try fixture(v1))
        try FileManager.default.createDirectory(atPath: "\(root.path)/var/lib", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(root.path)/var/lib/rpm", withDestinationPath: "../../usr/lib/sysimage/rpm")
        let linked = try PackageDatabase.installed(root: root.path)
        #expect(labels(linked.packages) == v1Packages && linked.notes == [])

        try FileManager.default.removeItem(atPath: "\(root.path)/var/lib/rpm")
        try root.write("var/lib/rpm/rpmdb.sqlite", try fixture("v2/var/lib/rpm/rpmdb.sqlite"))
        let both = try PackageDatabase.installed(root: root.path)
        #expect(labels(both.packages) == v2Packages)
        #expect(both.notes == ["usr/lib/sysimage/rpm/rpmdb.sqlite is not read: var/lib/rpm/rpmdb.sqlite was found first and is the one recorded and checked"])
    }

    @Test("a header larger than a page is gathered from its overflow pages")
    func overflow() throws {
        let reader = try SQLiteReader(file: try fixture(v1))
        #expect(reader.pageSize == 4096 && reader.usable == 4096)
        var sizes: [Int64: Int] = [:]
        var names: [String] = []
        try reader.forEachRow(inTable: "packages") { row in
            guard case .blob(let blob) = row.values[1] else { Issue.record("row \(row.rowid) has no blob"); return }
            sizes[row.rowid] = blob.count
            names.append(try RPMHeader(blob).package()?.name ?? "")
        }
        #expect(sizes == [1: 1392, 2: 1372, 3: 10600])
        #expect(names == ["charlie", "bravo", "alpha"])
        #expect(reader.localPayload(10600 + 8) < reader.usable)
    }

    @Test("512-byte pages with reserved bytes, UTF-16 text, an interior page: the same blobs as rpm's own file")
    func paged() throws {
        let reference = try SQLiteReader(file: try fixture(v1))
        var blobs: [[UInt8]] = []
        try reference.forEachRow(inTable: "Packages") { row in if case .blob(let blob) = row.values[1] { blobs.append(blob) } }
        let bytes = try fixture("paged.sqlite")
        let reader = try SQLiteReader(file: bytes)
        #expect(reader.pageSize == 512 && reader.usable == 504)
        #expect(bytes[512] == 5, "the table's root (page 2) is an interior page")
        var rowids: [Int64] = []
        try reader.forEachRow(inTable: "Packages") { row in
            rowids.append(row.rowid)
            #expect(row.values.first == .null, "hnum stands for the rowid")
            #expect(row.values.last == .blob(blobs[Int(row.rowid - 1) % blobs.count]), "row \(row.rowid)")
        }
        #expect(rowids == Array(1...12))
        // Four copies of each package: one entry per name and arch.
        #expect(labels(try PackageDatabase.parseRPM(bytes)) == v1Packages)
    }

    @Test("record on v1 and check on v2: an upgrade (by epoch), a removal and an install")
    func drift() throws {
        let (recorded, warnings) = try Baseline.record(name: "rpm", root: "\(fixtures)/v1", patterns: [], packages: true)
        #expect(warnings == [])
        let baseline = try BaselineFile.decode(BaselineFile.encode(recorded), name: "rpm")
        #expect(baseline.managers == [.rpm])
        #expect(BaselineFile.encode(baseline).contains("  - {name: bravo, version: \"2:3.1-4\", arch: noarch, manager: rpm}"))
        #expect(try BaselineCheck.run(baseline, root: "\(fixtures)/v1").drift.isEmpty)
        let drift = try BaselineCheck.run(baseline, root: "\(fixtures)/v2").drift
        #expect(drift.map { "\($0.severity.rawValue) \($0.summary)" } == [
            "low package bravo:noarch upgraded (2:3.1-4 -> 3:1.0-1)",
            "low package charlie:x86_64 removed (was 0.9-1.el9)",
            "medium package delta:noarch installed (5.0-1)",
        ])
        #expect(drift.allSatisfy { $0.manager == "rpm" })
    }

    @Test("the committed frames of a write-ahead log beside the file are read; a damaged log is ignored as SQLite ignores it")
    func writeAheadLog() throws {
        let database = try fixture(v1), log = try fixture("wal/rpmdb.sqlite-wal")
        #expect(labels(try PackageDatabase.parseRPM(database)) == v1Packages)
        #expect(labels(try PackageDatabase.parseRPM(database, wal: log)) == v2Packages)

        let root = try Root()
        try root.write("var/lib/rpm/rpmdb.sqlite", database)
        try root.write("var/lib/rpm/rpmdb.sqlite-wal", log)
        #expect(labels(try PackageDatabase.installed(root: root.path).packages) == v2Packages)

        // The log holds one transaction: a bad checksum anywhere, a short last frame, or other salts drop all of it.
        let frame = 24 + 4096
        var flipped = log
        flipped[32 + frame + 24 + 100] ^= 1
        var otherSalt = log
        otherSalt[32 + 3 * frame + 8] ^= 1
        for (index, damaged) in [flipped, Array(log.dropLast(10)), otherSalt, Array(log.prefix(32)), Array(log.prefix(20)),
                                 [UInt8](repeating: 0, count: 64)].enumerated() {
            #expect(labels(try PackageDatabase.parseRPM(database, wal: damaged)) == v1Packages, "damage \(index)")
        }
    }

    @Test("a truncated file is an error that says so, at every length, never a crash")
    func truncated() throws {
        let database = try fixture(v1)
        var lengths = [0, 1, 15, 16, 99, 100, 101, 4095, 4096, 4097, 8192, 12_000, database.count - 4096, database.count - 1]
        lengths += stride(from: 0, to: database.count, by: 1531)
        for length in lengths {
            let problem = try #require(throws: SQLiteReader.Malformed.self, "\(length) bytes") {
                try PackageDatabase.parseRPM(Array(database.prefix(length)))
            }
            #expect(problem.description.contains("truncated") || problem.description.contains("too short"), "\(length): \(problem)")
        }

        let root = try Root()
        try root.write("var/lib/rpm/rpmdb.sqlite", Array(database.prefix(50_000)))
        let error = try #require(throws: SecIssueError.self) { try Baseline.record(name: "web", root: root.path, patterns: [], packages: true) }
        #expect(error.message.hasPrefix("cannot read the rpm database var/lib/rpm/rpmdb.sqlite under \(root.path): it is truncated"), "\(error)")
    }

    @Test("flipped bytes give a clear error or a listing, never a crash")
    func corrupted() throws {
        for name in [v1, "paged.sqlite"] {
            let database = try fixture(name)
            // Every fifth byte of each page a clean read reads, then a spread over the whole file.
            let recording = Recording(database)
            _ = try PackageDatabase.parseRPM(recording)
            let pageSize = try SQLiteReader(file: database).pageSize
            let pages = Set(recording.offsets.map { $0 / pageSize * pageSize }).sorted()
            let positions = pages.flatMap { stride(from: $0, to: $0 + pageSize, by: 5) } + Array(stride(from: 0, to: database.count, by: 211))
            var errors = 0, listings = 0
            var damaged = database
            for (index, position) in positions.enumerated() {
                // All bits, or the lowest, by turns.
                let mask: UInt8 = index % 2 == 0 ? 0xff : 0x01
                damaged[position] ^= mask
                defer { damaged[position] ^= mask }
                do {
                    _ = try PackageDatabase.parseRPM(damaged)
                    listings += 1
                } catch is SQLiteReader.Malformed {
                    errors += 1
                } catch is RPMHeader.Malformed {
                    errors += 1
                } catch {
                    Issue.record("\(name) byte \(position): unexpected \(error)")
                }
            }
            #expect(errors > 100 && listings > 100, "\(name): \(errors) errors, \(listings) listings")
        }
    }

    @Test("loops in page pointers and a missing table are named")
    func structure() throws {
        var paged = try fixture("paged.sqlite")
        // Page 2, the table's interior root: its right-most child becomes page 2 itself.
        paged[512 + 8...512 + 11] = [0, 0, 0, 2]
        let loop = try #require(throws: SQLiteReader.Malformed.self) { try PackageDatabase.parseRPM(paged) }
        #expect(loop.description == "page 2 of table Packages is reached twice (a loop in the b-tree)")

        // alpha's overflow chain, in v1, pointed back at its own leaf page, then past the end.
        var database = try fixture(v1)
        let reader = try SQLiteReader(file: database)
        let root = try reader.page(2)
        #expect(root[0] == 5, "the table's root (page 2) is an interior page")
        let count = Int(SQLiteReader.u16(root, 3))
        let leaves = (0..<count).map { Int(SQLiteReader.u32(root, Int(SQLiteReader.u16(root, 12 + 2 * $0)))) } + [Int(SQLiteReader.u32(root, 8))]
        var pointer: (leaf: Int, offset: Int)?
        for number in leaves {
            let leaf = try reader.page(number)
            for index in 0..<Int(SQLiteReader.u16(leaf, 3)) {
                var position = Int(SQLiteReader.u16(leaf, 8 + 2 * index))
                let size = Int(try #require(SQLiteReader.varint(leaf, &position, limit: 4096)))
                _ = SQLiteReader.varint(leaf, &position, limit: 4096)
                if size > reader.usable - 35 { pointer = (number, (number - 1) * 4096 + position + reader.localPayload(size)) }
            }
        }
        let (leaf, chain) = try #require(pointer)
        database[chain..<(chain + 4)] = [0, 0, 0, 2]
        let cycle = try #require(throws: SQLiteReader.Malformed.self) { try PackageDatabase.parseRPM(database) }
        #expect(cycle.description == "overflow page 2 is reached twice (a loop in the chain)")
        database[chain..<(chain + 4)] = [0, 0, 1, 0]
        let outside = try #require(throws: SQLiteReader.Malformed.self) { try PackageDatabase.parseRPM(database) }
        #expect(outside.description == "an overflow chain from page \(leaf) points to page 256, out of range")

        // The schema names the table Pockages instead.
        var renamed = try fixture(v1)
        let name = Array("Packages".utf8)
        for start in 0..<(renamed.count - name.count) where renamed[start..<(start + name.count)].elementsEqual(name) {
            renamed[start + 1] = UInt8(ascii: "o")
        }
        let missing = try #require(throws: SQLiteReader.Malformed.self) { try PackageDatabase.parseRPM(renamed) }
        #expect(missing.description == "it has no table named Packages")
        #expect(throws: SQLiteReader.Malformed.self) { try PackageDatabase.parseRPM(Array("not a database at all, just text".utf8) + [UInt8](repeating: 0, count: 200)) }
    }

    /// A header blob of string tags (and an epoch), laid out as rpm stores it.
    private func header(_ strings: [(UInt32, String)], epoch: UInt32? = nil) -> [UInt8] {
        func be(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }
        var index: [UInt8] = [], store: [UInt8] = []
        if let epoch {
            index += be(1003) + be(4) + be(0) + be(1)
            store += be(epoch)
        }
        for (tag, text) in strings {
            index += be(tag) + be(6) + be(UInt32(store.count)) + be(1)
            store += Array(text.utf8) + [0]
        }
        return be(UInt32(index.count / 16)) + be(UInt32(store.count)) + index + store
    }

    @Test("headers: epochs of 0 are left out, gpg-pubkey entries skipped, offsets checked")
    func headers() throws {
        let base: [(UInt32, String)] = [(1000, "openssl"), (1001, "3.0.7"), (1002, "27.el9"), (1022, "x86_64")]
        #expect(try RPMHeader(header(base, epoch: 1)).package()?.version == "1:3.0.7-27.el9")
        #expect(try RPMHeader(header(base, epoch: 0)).package()?.version == "3.0.7-27.el9")
        #expect(try RPMHeader(header(base)).package()?.label == "openssl:x86_64")
        #expect(try RPMHeader(header([(1000, "gpg-pubkey"), (1001, "fd431d51"), (1002, "4ae0493b")])).package() == nil)
        #expect(throws: RPMHeader.Malformed.self) { try RPMHeader(header([(1000, "x"), (1001, "1")])).package() }

        var unterminated = header(base)
        unterminated.removeLast()
        unterminated[7] -= 1
        #expect(throws: RPMHeader.Malformed.self) { try RPMHeader(unterminated).package() }
        var farOffset = header(base)
        farOffset[8 + 8...8 + 11] = [0, 0, 0x10, 0]
        #expect(throws: RPMHeader.Malformed.self) { try RPMHeader(farOffset).package() }
        var badEpoch = header(base, epoch: 1)
        badEpoch[8 + 8...8 + 11] = [0xff, 0xff, 0xff, 0xff]
        #expect(throws: RPMHeader.Malformed.self) { try RPMHeader(badEpoch).package() }
        for blob in [[], [0, 0, 0, 1], Array(header(base).dropLast(1)), [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]] as [[UInt8]] {
            #expect(throws: RPMHeader.Malformed.self) { try RPMHeader(blob) }
        }
    }

    @Test("a Berkeley DB or ndb database is still only reported as not supported")
    func legacy() throws {
        for path in ["var/lib/rpm/Packages", "usr/lib/sysimage/rpm/Packages.db"] {
            let root = try Root()
            try root.write(path, Array("old".utf8))
            let error = try #require(throws: SecIssueError.self) { try Baseline.record(name: "web", root: root.path, patterns: [], packages: true) }
            #expect(error.message.hasPrefix("rpm database found but not supported: \(path)"))
            try root.write("var/lib/dpkg/status", Array("Package: a\nStatus: install ok installed\nVersion: 1\n".utf8))
            let (_, warnings) = try Baseline.record(name: "web", root: root.path, patterns: [], packages: true)
            #expect(warnings == ["rpm database found but not supported: \(path) (rpm packages are not recorded or checked; files are)"])
        }
    }

    /// Each expected value is what rpm 4.18's own comparison (`rpm.vercmp` in its Lua) says.
    @Test("rpm version order", arguments: [
        ("1.0-1", "1.0-1", 0), ("1.0-1", "1.1-1", -1), ("1.10-1", "1.9-1", 1), ("1.0~rc1-1", "1.0-1", -1),
        ("1.0~rc1-1", "1.0~rc2-1", -1), ("1.0^git1-1", "1.0-1", 1), ("1.0^git1-1", "1.0.1-1", -1), ("1.a-1", "1.1-1", -1),
        ("1.0_1-1", "1.0.1-1", 0), ("1.0..1-1", "1.0.1-1", 0), ("3:1.0-1", "2:3.1-4", 1), ("0:1.0-1", "1.0-1", 0),
        ("1:0.1-1", "2.0-1", 1), ("1.0-1.el9", "1.0-1.el9_2", -1), ("1.0-2", "1.0-10", -1), ("1.0-1", "1.0-1.fc39", -1),
        ("007-1", "7-1", 0), ("1.0a-1", "1.0-1", 1), ("1.0-1", "1.0.0-1", -1), ("abc-1", "abd-1", -1), ("1.0~~-1", "1.0~-1", -1),
        ("2.0.1-1", "2.0+1-1", 0), ("1.0rc1-1", "1.0.1-1", -1), ("6.5.6-300.fc39", "6.6.2-201.fc39", -1), ("1.0", "1.0-1", -1),
    ])
    func versions(a: String, b: String, expected: Int) {
        #expect(PackageVersion.compare(a, b, manager: .rpm) == expected)
        #expect(PackageVersion.compare(b, a, manager: .rpm) == -expected)
    }

    @Test("where Debian's order gets rpm versions wrong")
    func debianDiffers() {
        #expect(PackageVersion.compare("1.0^git1-1", "1.0.1-1") > 0)
        #expect(PackageVersion.compare("1.0^git1-1", "1.0.1-1", manager: .rpm) < 0)
        #expect(PackageVersion.compare("1.a-1", "1.1-1") > 0)
        #expect(PackageVersion.compare("1.a-1", "1.1-1", manager: .rpm) < 0)
        #expect(PackageVersion.compare("1.0.1-1", "1.0-1", manager: .dpkg) == PackageVersion.compare("1.0.1-1", "1.0-1"))
    }
}
