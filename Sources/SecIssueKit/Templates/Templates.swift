import Foundation

/// The files `init` writes and the editor template of `new`, compiled into the binary from
/// templates/ (scripts/embed-templates) so the installed tool needs nothing beside it.
public enum Templates {
    /// The file at `path` under templates/, or nil.
    public static func file(_ path: String) -> [UInt8]? {
        embedded[path].flatMap { Data(base64Encoded: $0) }.map(Array.init)
    }

    /// Every embedded path, sorted.
    public static var paths: [String] { embedded.keys.sorted() }

    /// The files of `.security/` that `init` installs, by their path in the repository.
    public static var securityFiles: [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for path in paths where path.hasPrefix("security/") {
            files["." + path] = file(path)
        }
        return files
    }
}
