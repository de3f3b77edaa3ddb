import SecIssueKit
/// Reads pipenv's `Pipfile.lock`: the `default` and `develop` maps of name to `{version: "==1.2", ...}`.
enum PipfileLockParser {
    static func parse(_ text: String, path: String) throws -> [Dependency] {
        let json = try JSONLines(text, path: path, regenerate: "pipenv lock")
        guard json.root["default"] != nil || json.root["develop"] != nil else {
            throw FileProblem(path: path, line: 1, message: "no \"default\" or \"develop\" section: not a Pipfile.lock")
        }
        var found: [Dependency] = []
        for section in ["default", "develop"] {
            guard let packages = json.root[section] as? [String: Any] else { continue }
            // The same name can sit in both sections: look for each one's line inside its own section.
            let start = json.line(ofKey: section, object: true) ?? 0
            for (name, value) in packages {
                let entry = value as? [String: Any] ?? [:]
                var version = (entry["version"] as? String).map { $0.hasPrefix("==") ? String($0.dropFirst(2)) : $0 }
                var source: String?
                if entry["git"] != nil {
                    source = "git"
                    version = version ?? entry["ref"] as? String
                } else if entry["path"] != nil {
                    source = "path"
                } else if entry["file"] != nil {
                    source = "url"   // an archive downloaded from a URL
                } else if let index = entry["index"] as? String, index != "pypi" {
                    source = "registry"
                }
                found.append(Dependency(ecosystem: .pypi, name: name, version: version, manifest: path,
                                        line: json.line(ofKey: name, object: true, after: start), source: source))
            }
        }
        return found
    }
}
