import SecIssueKit
/// Reads Composer's `composer.lock`: the `packages` and `packages-dev` arrays of `{name, version, source, dist}`.
enum ComposerLockParser {
    static func parse(_ text: String, path: String) throws -> [Dependency] {
        let json = try JSONLines(text, path: path, regenerate: "composer update --lock")
        guard json.root["packages"] != nil else {
            throw FileProblem(path: path, line: 1, message: "no \"packages\" array: not a composer.lock")
        }
        var found: [Dependency] = []
        for section in ["packages", "packages-dev"] {
            let start = json.line(ofKey: section) ?? 0
            for package in json.root[section] as? [[String: Any]] ?? [] {
                guard let name = package["name"] as? String else {
                    throw FileProblem(path: path, line: start, message: "a package in \"\(section)\" has no name")
                }
                let dist = (package["dist"] as? [String: Any])?["type"] as? String
                let vcs = (package["source"] as? [String: Any])?["type"] as? String
                // Packagist packages have a git source and a zip dist; only a path dist, or a VCS source with
                // no dist at all, means the code does not come from the registry.
                let source: String? = dist == "path" ? "path" : (dist == nil ? vcs : nil)
                found.append(Dependency(ecosystem: .composer, name: name, version: package["version"] as? String,
                                        manifest: path, line: json.line(ofKey: "name", value: name, after: start), source: source))
            }
        }
        return found
    }
}
