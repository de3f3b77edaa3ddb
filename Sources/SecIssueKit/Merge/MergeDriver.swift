import Foundation

/// The merge driver for finding files: registered in the repository's configuration, and
/// selected for `.security/findings/*.md` by `.gitattributes`.
public enum MergeDriver {
    public static let attributesPath = ".gitattributes"
    public static let attributesLine = ".security/findings/*.md merge=secissue"

    /// Sets `merge.secissue.driver` in the repository's own configuration.
    public static func register(_ workspace: Workspace) throws {
        try workspace.setConfig("merge.secissue.name", to: "git secissue: merge findings field by field")
        try workspace.setConfig("merge.secissue.driver", to: "git secissue merge-driver %O %A %B %P")
    }

    /// `.gitattributes` with the finding line added, or nil when it is there already.
    public static func attributes(adding text: String?) -> [UInt8]? {
        let current = text ?? ""
        if current.split(separator: "\n").contains(where: { $0.trimmingCharacters(in: .whitespaces) == attributesLine }) { return nil }
        let separator = current.isEmpty || current.hasSuffix("\n") ? "" : "\n"
        return Array((current + separator + attributesLine + "\n").utf8)
    }
}
