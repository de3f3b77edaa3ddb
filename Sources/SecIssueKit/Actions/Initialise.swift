/// `init`: installs `.security/` from the embedded templates.
public enum Initialise {
    /// The files to write: all of them on a first run; with `force`, the ones missing here;
    /// otherwise none (nil means already initialised).
    public static func plan(_ store: SecurityStore, force: Bool) throws -> PlannedWrite? {
        let present = try store.files.list(SecurityStore.directory) != nil
        if present && !force { return nil }
        var changes: [String: [UInt8]?] = [:]
        for (path, content) in Templates.securityFiles where try store.files.read(path) == nil {
            // A .gitkeep only makes git keep an empty directory; one with findings needs none.
            let directory = String(path.prefix(upTo: path.lastIndex(of: "/") ?? path.startIndex))
            if path.hasSuffix("/.gitkeep"), try store.files.list(directory)?.isEmpty == false { continue }
            changes[path] = content
        }
        let verb = present ? "restore missing files of" : "initialise"
        return PlannedWrite(changes: changes, message: "secissue: \(verb) .security/\n")
    }
}
