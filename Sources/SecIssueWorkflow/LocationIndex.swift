import Foundation
import SecIssueKit

/// Which findings sit in which code file, cached per version of HEAD's findings tree in the git
/// directory (`secissue/locations-<tree id>`), so the pre-commit hook reads one small file
/// instead of every finding. The cache is rebuilt whenever the findings at HEAD change.
enum LocationIndex {
    /// The IDs of HEAD's findings located in one of `paths`; nil when HEAD has no findings tree.
    static func ids(locatedIn paths: Set<String>, workspace: Workspace) throws -> [String]? {
        guard let head = try workspace.headCommit() else { return nil }
        let files = try workspace.files(at: head)
        guard let tree = try files.directoryID(SecurityStore.findingsDirectory) else { return nil }
        let directory = workspace.commonDirectory + "/secissue"
        let cache = "\(directory)/locations-\(tree.hex)"
        if let data = FileManager.default.contents(atPath: cache) {
            return ids(in: [UInt8](data), locatedIn: paths)
        }
        let store = SecurityStore(files: files)
        let entries = try store.loadAll().findings.compactMap { stored in
            stored.finding.location.map { "\($0.path)\t\(stored.finding.id)" }
        }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Older caches describe trees HEAD has moved past.
        for old in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where old.hasPrefix("locations-") {
            try? FileManager.default.removeItem(atPath: "\(directory)/\(old)")
        }
        let index = Array(entries.joined(separator: "\n").utf8)
        try? Data(index).write(to: URL(fileURLWithPath: cache))
        return ids(in: index, locatedIn: paths)
    }

    /// The IDs of the `path<TAB>ID` lines of `index` whose path is one of `paths`. A commit
    /// touches a few files among thousands of lines: each line's path is compared as bytes with
    /// the paths of its length only, and nothing is made of the lines that do not match.
    static func ids(in index: [UInt8], locatedIn paths: Set<String>) -> [String] {
        let wanted = Dictionary(grouping: paths.map { Array($0.utf8) }, by: \.count)
        var found: [String] = []
        index.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            var start = 0
            while start < bytes.count {
                let end = offset(of: UInt8(ascii: "\n"), in: base, from: start, to: bytes.count) ?? bytes.count
                if let tab = offset(of: UInt8(ascii: "\t"), in: base, from: start, to: end),
                   let candidates = wanted[tab - start],
                   candidates.contains(where: { $0.elementsEqual(bytes[start..<tab]) }) {
                    found.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(tab + 1)..<end]), as: UTF8.self))
                }
                start = end + 1
            }
        }
        return found
    }

    /// Where `byte` first occurs in `base[start..<end]` (`memchr`, as git scans its buffers).
    private static func offset(of byte: UInt8, in base: UnsafeRawPointer, from start: Int, to end: Int) -> Int? {
        guard start < end, let found = memchr(base + start, Int32(byte), end - start) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }
}
