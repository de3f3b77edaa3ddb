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
        let lines: [Substring]
        if let data = FileManager.default.contents(atPath: cache) {
            lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        } else {
            let store = SecurityStore(files: files)
            let entries = try store.loadAll().findings.compactMap { stored in
                stored.finding.location.map { "\($0.path)\t\(stored.finding.id)" }
            }
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            // Older caches describe trees HEAD has moved past.
            for old in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where old.hasPrefix("locations-") {
                try? FileManager.default.removeItem(atPath: "\(directory)/\(old)")
            }
            try? Data(entries.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: cache))
            lines = entries.map { Substring($0) }
        }
        return lines.compactMap { line in
            guard let tab = line.firstIndex(of: "\t"), paths.contains(String(line[..<tab])) else { return nil }
            return String(line[line.index(after: tab)...])
        }
    }
}
