import Foundation
import SecIssueKit

/// Installs git-secissue's hooks (from hooks/, compiled in) into a repository's hooks directory,
/// keeping the hooks that were there: each is renamed `NAME.secissue-user` and still runs first.
public enum HookInstaller {
    public static let names = ["pre-commit", "commit-msg", "pre-push"]
    static let marker = "# git-secissue hook"
    static let userSuffix = ".secissue-user"

    /// The hooks directory git uses: `core.hooksPath` (relative to the top of the working tree),
    /// else `hooks/` in the common git directory.
    public static func directory(_ workspace: Workspace) throws -> String {
        if let configured = try workspace.configString("core.hooksPath"), !configured.isEmpty {
            let expanded = configured.hasPrefix("~/") ? NSHomeDirectory() + configured.dropFirst(1) : configured
            return expanded.hasPrefix("/") ? expanded : (workspace.workingDirectory ?? workspace.gitDirectory) + "/" + expanded
        }
        return workspace.commonDirectory + "/hooks"
    }

    /// Installs every hook; returns one line per hook saying what was done.
    public static func install(_ workspace: Workspace) throws -> [String] {
        let directory = try directory(workspace)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var report: [String] = []
        for name in names {
            guard let script = Templates.file("hooks/\(name)") else { continue }
            let path = directory + "/" + name
            if let existing = FileManager.default.contents(atPath: path) {
                if String(decoding: existing, as: UTF8.self).contains(marker) {
                    try Data(script).write(to: URL(fileURLWithPath: path))
                    report.append("\(name): already installed (refreshed)")
                    continue
                }
                guard !FileManager.default.fileExists(atPath: path + userSuffix) else {
                    throw SecIssueError("\(path + userSuffix) already exists: move it away, then run git secissue hooks install again")
                }
                try FileManager.default.moveItem(atPath: path, toPath: path + userSuffix)
                report.append("\(name): installed; your hook is kept as \(name)\(userSuffix) and still runs first")
            } else {
                report.append("\(name): installed")
            }
            try Data(script).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
        try MergeDriver.register(workspace)
        return report
    }

    /// Removes git-secissue's hooks and puts back the ones that were there before.
    public static func uninstall(_ workspace: Workspace) throws -> [String] {
        let directory = try directory(workspace)
        var report: [String] = []
        for name in names {
            let path = directory + "/" + name
            guard let existing = FileManager.default.contents(atPath: path), String(decoding: existing, as: UTF8.self).contains(marker) else {
                report.append("\(name): not installed by git secissue, left alone")
                continue
            }
            try FileManager.default.removeItem(atPath: path)
            if FileManager.default.fileExists(atPath: path + userSuffix) {
                try FileManager.default.moveItem(atPath: path + userSuffix, toPath: path)
                report.append("\(name): removed; your hook is back")
            } else {
                report.append("\(name): removed")
            }
        }
        return report
    }
}
