import SecIssueKit
/// Reads `poetry.lock`: one `[[package]]` table per package, with an optional `[package.source]`.
enum PoetryLockParser {
    static func parse(_ text: String, path: String) throws -> [Dependency] {
        try TOMLTable.packages(text, path: path, what: "poetry.lock (poetry lock)").map { package in
            // `[package.source]` is written only for packages not from PyPI.
            let source: String? = switch package.source?.values["type"]?.value {
            case nil: nil
            case "directory", "file": "path"
            case "legacy": "registry"   // a private index declared in pyproject.toml
            case let other?: other      // git, url
            }
            return Dependency(ecosystem: .pypi, name: package.name, version: package.version, manifest: path,
                              line: package.line, source: source)
        }
    }
}

extension TOMLTable {
    /// A `[[package]]` of a lock file, with the `[package.<name>]` table that followed it, if any.
    struct Package {
        let name: String
        let version: String
        let line: Int
        /// Every value of the `[[package]]` table (Cargo keeps `source` here).
        let values: [String: (value: String, line: Int)]
        /// Poetry's `[package.source]` table.
        var source: TOMLTable?
    }

    /// The `[[package]]` tables of a Cargo or Poetry lock file, each required to have a name and a version.
    static func packages(_ text: String, path: String, what: String) throws -> [Package] {
        var packages: [Package] = []
        for table in try read(text, path: path) {
            if table.name == "package.source", !packages.isEmpty {
                packages[packages.count - 1].source = table
            }
            guard table.name == "package", table.isArrayElement else { continue }
            guard let name = table.values["name"] else {
                throw FileProblem(path: path, line: table.line, message: "[[package]] without a name in \(what)")
            }
            guard let version = table.values["version"] else {
                throw FileProblem(path: path, line: table.line, message: "[[package]] \(name.value) has no version: is the file cut short?")
            }
            packages.append(Package(name: name.value, version: version.value, line: name.line, values: table.values))
        }
        return packages
    }
}
