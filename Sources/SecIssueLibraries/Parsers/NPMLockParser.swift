import Foundation
import SecIssueKit

/// Reads npm's `package-lock.json` and `npm-shrinkwrap.json`: the `packages` map of lockfile versions 2 and 3,
/// or the nested `dependencies` tree of version 1.
enum NPMLockParser {
    static func parse(_ text: String, path: String) throws -> [Dependency] {
        let json = try JSONLines(text, path: path, regenerate: "npm install")
        // Version 2 carries both; its `packages` map is the complete one.
        if let packages = json.root["packages"] as? [String: Any] {
            return packages.compactMap { key, value in
                entry(key: key, value as? [String: Any] ?? [:], in: packages, json: json, path: path)
            }
        }
        guard let tree = json.root["dependencies"] as? [String: Any] else {
            if json.root["lockfileVersion"] == nil {
                throw FileProblem(path: path, line: 1, message: "no \"lockfileVersion\", \"packages\" or \"dependencies\": not an npm lock file")
            }
            return []
        }
        var found: [Dependency] = []
        walk(tree, json: json, path: path, into: &found)
        return found
    }

    /// A v2/v3 entry: `node_modules/@scope/a/node_modules/b` is `b`, installed under `@scope/a`.
    private static func entry(key: String, _ entry: [String: Any], in packages: [String: Any], json: JSONLines, path: String) -> Dependency? {
        // "" is the project itself, and keys outside node_modules are workspace folders: both are this repository's code.
        guard let range = key.range(of: "node_modules/", options: .backwards) else { return nil }
        let installedAs = String(key[range.upperBound...])
        // An alias ("x": "npm:real@1") installs under its alias but records the real package as `name`.
        let name = entry["name"] as? String ?? installedAs
        let line = json.line(ofKey: key, object: true)
        if entry["link"] as? Bool == true {
            // A link's version lives on the entry of the folder it points at.
            let target = (entry["resolved"] as? String).flatMap { packages[$0] as? [String: Any] }
            return Dependency(ecosystem: .npm, name: name, version: target?["version"] as? String,
                              manifest: path, line: line, source: "path")
        }
        return Dependency(ecosystem: .npm, name: name, version: entry["version"] as? String, manifest: path,
                          line: line, source: source(resolved: entry["resolved"] as? String))
    }

    /// A v1 tree, depth first: each entry may nest its own `dependencies` that did not fit at the top.
    private static func walk(_ tree: [String: Any], json: JSONLines, path: String, into found: inout [Dependency]) {
        for (name, value) in tree {
            guard let entry = value as? [String: Any] else { continue }
            let version = entry["version"] as? String
            // v1 writes a git or file dependency's spec where the version goes.
            let source = source(resolved: version) ?? source(resolved: entry["resolved"] as? String)
            let line = json.line(ofObject: name, firstMember: "version", value: version)
            found.append(Dependency(ecosystem: .npm, name: name, version: version, manifest: path, line: line, source: source))
            if let nested = entry["dependencies"] as? [String: Any] {
                walk(nested, json: json, path: path, into: &found)
            }
        }
    }

    /// Where a `resolved` URL or spec says a package came from: nil for a registry tarball, public or private.
    static func source(resolved: String?) -> String? {
        guard let resolved else { return nil }
        let gitPrefixes = ["git+", "git:", "git@", "github:", "gitlab:", "bitbucket:", "https://codeload.github.com/"]
        if gitPrefixes.contains(where: resolved.hasPrefix) { return "git" }
        if resolved.hasPrefix("file:") || resolved.hasPrefix("link:") { return "path" }
        return nil
    }
}
