import Foundation

/// The merge driver for finding files: registered in the repository's configuration, and
/// selected for the finding files of both layouts (`FindingLayout`) by `.gitattributes`:
/// `**/` matches no directory or any, so `findings/ID.md` and `findings/XY/ID.md`.
public enum MergeDriver {
    public static let attributesPath = ".gitattributes"
    public static let attributesLine = "\(FindingLayout.directory)/**/*.md merge=secissue"
    /// The line of format 1 stores, which matches only `findings/ID.md`: replaced when found.
    static let flatAttributesLine = "\(FindingLayout.directory)/*.md merge=secissue"

    /// Sets `merge.secissue.driver` in the repository's own configuration.
    public static func register(_ workspace: Workspace) throws {
        try workspace.setConfig("merge.secissue.name", to: "git secissue: merge findings field by field")
        try workspace.setConfig("merge.secissue.driver", to: "git secissue merge-driver %O %A %B %P")
    }

    /// `.gitattributes` with the finding line added (in place of the format 1 line, when there
    /// is one), or nil when it is there already.
    public static func attributes(adding text: String?) -> [UInt8]? {
        let current = text ?? ""
        var lines = current.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.contains(where: { $0.trimmingCharacters(in: .whitespaces) == attributesLine }) { return nil }
        if let old = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == flatAttributesLine }) {
            lines[old] = attributesLine
            return Array(lines.joined(separator: "\n").utf8)
        }
        let separator = current.isEmpty || current.hasSuffix("\n") ? "" : "\n"
        return Array((current + separator + attributesLine + "\n").utf8)
    }
}
