import Foundation

/// Symbolic links in the working tree on the way to `.security/` files are refused.
///
/// A committed `.security` (or `.security/findings`, or a finding file) can be a symlink to
/// anywhere, say `/home/alice/.ssh`: following it, `init --force` and `new` would write outside
/// the repository, and reads would show another file's contents. git itself refuses to check out
/// or add a path beyond a symlink; so does this, for every read and write in the working tree.
extension WorkingTreeFiles {
    /// Throws when any component of `path` (relative to the repository root, the last one
    /// included) is a symbolic link. A component that does not exist ends the check: nothing
    /// beyond it exists either, and a write creates real directories.
    public func refuseSymlinks(_ path: String) throws {
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix += prefix.isEmpty ? String(component) : "/" + component
            var status = stat()
            guard lstat(root + "/" + prefix, &status) == 0 else { return }
            guard status.st_mode & S_IFMT == S_IFLNK else { continue }
            let full = root + "/" + prefix
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "?"
            var isDirectory: ObjCBool = false
            let fix = prefix == path && !(FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) && isDirectory.boolValue)
                ? "replace it with a regular file (git rm \(prefix), then write the file itself)"
                : "replace it with a real directory (git rm \(prefix), then git secissue init)"
            throw SecIssueError("\(prefix) is a symbolic link (to \(target)): git secissue does not read or write "
                                + "through links in .security/, which can lead outside the repository; \(fix)")
        }
    }

    /// `refuseSymlinks` for each path, before a write touches any of them.
    public func refuseSymlinks<Paths: Sequence>(in paths: Paths) throws where Paths.Element == String {
        for path in paths.sorted() { try refuseSymlinks(path) }
    }
}
