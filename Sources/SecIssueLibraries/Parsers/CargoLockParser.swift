import SecIssueKit
/// Reads `Cargo.lock` (all lock versions): one `[[package]]` table per crate.
///
/// A crate without `source` is a workspace member or a path dependency: it is reported with source `path`.
enum CargoLockParser {
    private static let defaultRegistries = [
        "registry+https://github.com/rust-lang/crates.io-index",
        "sparse+https://index.crates.io/",
    ]

    static func parse(_ text: String, path: String) throws -> [Dependency] {
        try TOMLTable.packages(text, path: path, what: "Cargo.lock (cargo generate-lockfile)").map { package in
            let source: String? = switch package.values["source"]?.value {
            case nil: "path"
            case let value? where defaultRegistries.contains(value): nil
            case let value? where value.hasPrefix("git+"): "git"
            case let value? where value.hasPrefix("path+"): "path"
            default: "registry"   // another registry+ or sparse+ index
            }
            return Dependency(ecosystem: .cargo, name: package.name, version: package.version, manifest: path,
                              line: package.line, source: source)
        }
    }
}
