import Foundation
import Testing
import TestSupport
@testable import SecIssueKit

/// A listing through the findings cache reads the working tree with `WorkingTreeScan`: the same
/// listing as `WorkingTreeFiles` gives (files, problems, refused links), and the same stat data
/// as an `lstat` of each file, however many threads read the directories.
@Suite("working tree scan", .scratchDirectory)
struct WorkingTreeScanTests {
    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")

    /// A working tree with `buckets` fanned-out directories of one or two findings each, and the
    /// odd entries a store can hold: a flat file, hidden files, a text file, a directory inside a
    /// bucket, a file in the wrong bucket, a `.md` directory.
    func tree(buckets: Int) throws -> WorkingTreeFiles {
        let root = try ScratchDirectory.make("tree").path
        let findings = root + "/" + FindingLayout.directory
        let manager = FileManager.default
        for index in 0..<buckets {
            let bucket = String([Self.alphabet[index / 32], Self.alphabet[index % 32]])
            try manager.createDirectory(atPath: findings + "/" + bucket, withIntermediateDirectories: true)
            for file in 0..<(1 + index % 2) {
                try Data("finding \(index) \(file)\n".utf8).write(to: URL(fileURLWithPath: "\(findings)/\(bucket)/SEC-\(bucket)\(file)x.md"))
            }
        }
        try Data("flat\n".utf8).write(to: URL(fileURLWithPath: findings + "/SEC-flat.md"))
        try Data("hidden\n".utf8).write(to: URL(fileURLWithPath: findings + "/.hidden.md"))
        try Data("readme\n".utf8).write(to: URL(fileURLWithPath: findings + "/README"))
        try Data("hidden\n".utf8).write(to: URL(fileURLWithPath: findings + "/01/.keep"))
        try Data("notes\n".utf8).write(to: URL(fileURLWithPath: findings + "/01/notes.txt"))
        try manager.createDirectory(atPath: findings + "/02/deeper", withIntermediateDirectories: true)
        try Data("misplaced\n".utf8).write(to: URL(fileURLWithPath: findings + "/03/SEC-zz9.md"))
        try manager.createDirectory(atPath: findings + "/04/SEC-04dir.md", withIntermediateDirectories: true)
        return WorkingTreeFiles(root: root)
    }

    /// Lists `tree` both ways and expects the same, and the scan's stat data to be `lstat`'s.
    func expectSameListing(_ tree: WorkingTreeFiles, threads: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let plain = try FindingLayout.list(tree)
        let scan = WorkingTreeScan(tree, threads: threads)
        let scanned = try FindingLayout.list(scan)
        #expect(scanned.paths == plain.paths, sourceLocation: sourceLocation)
        #expect(scanned.problems == plain.problems, sourceLocation: sourceLocation)
        for path in plain.paths.values {
            #expect(scan.fileStat(path) == FindingCache.FileStat(path: tree.root + "/" + path), "\(path)", sourceLocation: sourceLocation)
        }
    }

    /// The error each way of listing gives (nil when it lists).
    func errors(_ tree: WorkingTreeFiles, threads: Int) -> (plain: String?, scanned: String?) {
        func message(_ list: () throws -> FindingLayout.Listing) -> String? {
            do { _ = try list(); return nil } catch { return "\(error)" }
        }
        return (message { try FindingLayout.list(tree) }, message { try FindingLayout.list(WorkingTreeScan(tree, threads: threads)) })
    }

    @Test("the same files, problems and stat data as WorkingTreeFiles and lstat, on one thread and on several",
          arguments: [1, 2, 4])
    func sameAsPlainListing(threads: Int) throws {
        let tree = try tree(buckets: 300)
        try expectSameListing(tree, threads: threads)
        #expect(try FindingLayout.list(tree).paths.count == 300 * 3 / 2 + 2)
    }

    @Test("a symbolic link for a directory, or inside one, is refused with WorkingTreeFiles' message",
          arguments: ["bucket", "inside", "findings"])
    func linksRefused(place: String) throws {
        let tree = try tree(buckets: 200)
        let findings = tree.root + "/" + FindingLayout.directory
        let elsewhere = try ScratchDirectory.make("elsewhere").path
        switch place {
        case "bucket":
            try FileManager.default.moveItem(atPath: findings + "/05", toPath: elsewhere + "/05")
            try FileManager.default.createSymbolicLink(atPath: findings + "/05", withDestinationPath: elsewhere + "/05")
        case "inside":
            try FileManager.default.createSymbolicLink(atPath: findings + "/06/other", withDestinationPath: elsewhere)
        default:
            try FileManager.default.moveItem(atPath: findings, toPath: elsewhere + "/findings")
            try FileManager.default.createSymbolicLink(atPath: findings, withDestinationPath: elsewhere + "/findings")
        }
        let (plain, scanned) = errors(tree, threads: 2)
        #expect(plain?.contains("symbolic link") == true)
        #expect(scanned == plain)
    }

    @Test("a finding file that is a symbolic link is listed, and has no stat data, as lstat gives none")
    func fileLink() throws {
        let tree = try tree(buckets: 200)
        let path = tree.root + "/" + FindingLayout.directory + "/07/SEC-070x.md"
        let elsewhere = try ScratchDirectory.make("elsewhere").path + "/finding.md"
        try FileManager.default.moveItem(atPath: path, toPath: elsewhere)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: elsewhere)
        try expectSameListing(tree, threads: 2)
        #expect(WorkingTreeScan(tree).fileStat(FindingLayout.directory + "/07/SEC-070x.md") == nil)
    }

    @Test("no findings directory lists as nothing, as WorkingTreeFiles says")
    func noDirectory() throws {
        let tree = WorkingTreeFiles(root: try ScratchDirectory.make("empty").path)
        #expect(try WorkingTreeScan(tree).list(FindingLayout.directory) == nil)
        #expect(try FindingLayout.list(WorkingTreeScan(tree)).paths.isEmpty)
    }
}
