import Foundation

/// Installs git-secissue's hooks (from hooks/, compiled in) into a repository's hooks directory,
/// keeping the hooks that were there: each is renamed `NAME.secissue-user` and still runs first.
public enum HookInstaller {
    public static let names = ["pre-commit", "commit-msg", "pre-push"]
    static let marker = "# git-secissue hook"
    static let userSuffix = ".secissue-user"

    /// The hooks directory git uses: `core.hooksPath` (relative to the top of the working tree),
    /// else `hooks/` in the common git directory.
    public static func directory(_ workspace: Workspace) -> String {
        let repository = workspace.repository
        if let configured = repository.configString("core.hooksPath"), !configured.isEmpty {
            let expanded = configured.hasPrefix("~/") ? NSHomeDirectory() + configured.dropFirst(1) : configured
            return expanded.hasPrefix("/") ? expanded : (repository.workingDirectory ?? repository.gitDirectory) + "/" + expanded
        }
        return repository.commonDirectory + "/hooks"
    }

    /// Installs every hook; returns one line per hook saying what was done.
    public static func install(_ workspace: Workspace) throws -> [String] {
        let directory = directory(workspace)
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
        let directory = directory(workspace)
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

/// The merge driver for finding files: registered in the repository's configuration, and
/// selected for `.security/findings/*.md` by `.gitattributes`.
public enum MergeDriver {
    public static let attributesPath = ".gitattributes"
    public static let attributesLine = ".security/findings/*.md merge=secissue"

    /// Sets `merge.secissue.driver` in the repository's own configuration.
    public static func register(_ workspace: Workspace) throws {
        try workspace.wrap {
            try workspace.repository.setConfig("merge.secissue.name", to: "git secissue: merge findings field by field")
            try workspace.repository.setConfig("merge.secissue.driver", to: "git secissue merge-driver %O %A %B %P")
        }
    }

    /// `.gitattributes` with the finding line added, or nil when it is there already.
    public static func attributes(adding text: String?) -> [UInt8]? {
        let current = text ?? ""
        if current.split(separator: "\n").contains(where: { $0.trimmingCharacters(in: .whitespaces) == attributesLine }) { return nil }
        let separator = current.isEmpty || current.hasSuffix("\n") ? "" : "\n"
        return Array((current + separator + attributesLine + "\n").utf8)
    }
}
