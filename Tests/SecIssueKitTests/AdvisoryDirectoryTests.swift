import Foundation
import Testing
import TestSupport
@testable import SecIssueKit
@testable import SecIssueLibraries

@Suite("advisory directories", .scratchDirectory)
struct AdvisoryDirectoryTests {
    static func record(_ id: String, _ package: String) -> String {
        #"{"id": "\#(id)", "affected": [{"package": {"ecosystem": "PyPI", "name": "\#(package)"}, "versions": ["1.0"]}]}"#
    }

    @Test("a tree is walked in any layout: hidden directories and links to directories are not entered, a link to a file counts")
    func walk() throws {
        let root = try ScratchDirectory.make("advisories").path
        let outside = try ScratchDirectory.make("outside").path
        let manager = FileManager.default
        for directory in ["vulns/a", ".git/objects", "vulns/b/deep"] {
            try manager.createDirectory(atPath: root + "/" + directory, withIntermediateDirectories: true)
        }
        try Self.record("PYSEC-1", "alpha").write(toFile: root + "/vulns/a/PYSEC-1.json", atomically: true, encoding: .utf8)
        try Self.record("PYSEC-2", "beta").write(toFile: root + "/vulns/b/deep/PYSEC-2.json", atomically: true, encoding: .utf8)
        try Self.record("PYSEC-3", "gamma").write(toFile: root + "/.git/objects/PYSEC-3.json", atomically: true, encoding: .utf8)
        try Self.record("PYSEC-4", "delta").write(toFile: outside + "/PYSEC-4.json", atomically: true, encoding: .utf8)
        try Self.record("PYSEC-5", "epsilon").write(toFile: outside + "/PYSEC-5.json", atomically: true, encoding: .utf8)
        try manager.createSymbolicLink(atPath: root + "/vulns/PYSEC-4.json", withDestinationPath: outside + "/PYSEC-4.json")
        try manager.createSymbolicLink(atPath: root + "/vulns/elsewhere", withDestinationPath: outside)
        try "not an advisory".write(toFile: root + "/README.md", atomically: true, encoding: .utf8)

        let database = try AdvisoryDatabase(sources: [root], cacheDirectory: nil)
        let found = try ["alpha", "beta", "gamma", "delta", "epsilon"].filter { !(try database.advisories(for: .pypi, name: $0)).isEmpty }
        #expect(found == ["alpha", "beta", "delta"])
        #expect(database.count == 3)
        #expect(database.notes.contains { $0.contains("1 file is not OSV advisories") && $0.contains("README.md") }, "\(database.notes)")
    }
}
