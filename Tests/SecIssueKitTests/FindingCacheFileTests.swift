import Foundation
import Testing
import TestSupport
@testable import SecIssueKit

/// The cache file is searched in place, by binary search over names and keys the writer sorted:
/// a file whose order is not the writer's is not trusted, however sound its checksum.
@Suite("finding cache file", .scratchDirectory)
struct FindingCacheFileTests {
    static let keys = [String(repeating: "1", count: 40), String(repeating: "2", count: 40)]

    /// A cache file with entries for `names` (each with the stat data `FileStat()`, all zero) naming
    /// `keys`, no records, and a right checksum.
    func file(names: [String]) throws -> String {
        var writer = ByteWriter()
        writer.raw(FindingCache.magic)
        writer.string("")
        writer.varint(UInt64(names.count))
        for (name, key) in zip(names, Self.keys) {
            writer.string(name)
            writer.raw(Array(key.utf8))
            for field in FindingCache.FileStat().fields { writer.int(field) }
        }
        writer.varint(0)
        let sum = writer.bytes.withUnsafeBytes(FindingCache.checksum)
        withUnsafeBytes(of: sum.littleEndian) { writer.bytes.append(contentsOf: $0) }
        let path = try ScratchDirectory.make("cache").appendingPathComponent(FindingCache.fileName).path
        try Data(writer.bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("entries in the writer's order are found by name")
    func inOrder() throws {
        let cache = FindingCache(path: try file(names: ["aa/SEC-aa1.md", "ab/SEC-ab1.md"]), stamp: nil)
        #expect(cache.trustedKey(name: "aa/SEC-aa1.md", stat: FindingCache.FileStat()) == Self.keys[0])
        #expect(cache.trustedKey(name: "ab/SEC-ab1.md", stat: FindingCache.FileStat()) == Self.keys[1])
        #expect(cache.trustedKey(name: "ac/SEC-ac1.md", stat: FindingCache.FileStat()) == nil)
    }

    @Test("entries out of order, or a name twice, make the whole file untrusted")
    func outOfOrder() throws {
        for names in [["ab/SEC-ab1.md", "aa/SEC-aa1.md"], ["aa/SEC-aa1.md", "aa/SEC-aa1.md"]] {
            let cache = FindingCache(path: try file(names: names), stamp: nil)
            #expect(cache.trustedKey(name: "aa/SEC-aa1.md", stat: FindingCache.FileStat()) == nil)
            #expect(cache.trustedKey(name: "ab/SEC-ab1.md", stat: FindingCache.FileStat()) == nil)
        }
    }

    @Test("records are found by their whole key, also among keys that share their first bytes")
    func keysSharingAPrefix() throws {
        let path = try ScratchDirectory.make("cache").appendingPathComponent(FindingCache.fileName).path
        let tails = ["0", "1", "10", "2", "f"].map { $0 + String(repeating: "a", count: 32 - $0.count) }
        let keys = ["00000000", "11111111", "11111112"].flatMap { prefix in tails.map { prefix + $0 } }
        var finding = FindingRecordTests.everyField()
        let writer = FindingCache(path: path, stamp: nil)
        for (index, key) in keys.enumerated() {
            finding.title = "Finding \(index)"
            writer.store(finding, json: [], key: key)
        }
        writer.save()
        let cache = FindingCache(path: path, stamp: nil)
        for (index, key) in keys.enumerated().reversed() {
            #expect(cache.finding(key: key)?.title == "Finding \(index)")
        }
        for missing in ["11111111" + String(repeating: "b", count: 32), "1111111", "11111111", String(repeating: "f", count: 40)] {
            #expect(cache.finding(key: missing) == nil)
        }
    }
}
