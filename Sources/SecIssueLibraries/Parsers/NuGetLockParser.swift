import SecIssueKit
/// Reads NuGet's `packages.lock.json`: `dependencies` -> target framework -> package -> `{type, resolved}`.
///
/// A package locked for several frameworks is reported once per version; `Project` entries (other
/// projects of the solution) get source `path` and no version.
enum NuGetLockParser {
    static func parse(_ text: String, path: String) throws -> [Dependency] {
        let json = try JSONLines(text, path: path, regenerate: "dotnet restore --use-lock-file")
        guard let frameworks = json.root["dependencies"] as? [String: Any] else {
            throw FileProblem(path: path, line: 1, message: "no \"dependencies\" object: not a NuGet packages.lock.json")
        }
        var found: [Dependency] = []
        for (framework, packages) in frameworks {
            let start = json.line(ofKey: framework, object: true) ?? 0
            for (name, value) in packages as? [String: Any] ?? [:] {
                let entry = value as? [String: Any] ?? [:]
                let isProject = (entry["type"] as? String) == "Project"
                // Inside a package, its dependencies are "name": "range" strings, so an object key is the entry itself.
                found.append(Dependency(ecosystem: .nuget, name: name, version: entry["resolved"] as? String, manifest: path,
                                        line: json.line(ofKey: name, object: true, after: start), source: isProject ? "path" : nil))
            }
        }
        return found
    }
}
