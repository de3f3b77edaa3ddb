import Foundation
import SecIssueKit

/// Reads a Maven `pom.xml`: `<dependency>` elements of the project and its profiles, named `groupId:artifactId`.
///
/// `${property}` versions are resolved from `<properties>` and the project's own coordinates; a dependency
/// without a version takes the one `<dependencyManagement>` gives it in the same file. Managed entries are
/// not reported by themselves (they add nothing to the build), nor are a `<plugin>`'s own dependencies.
enum PomParser {
    private struct Declared {
        var fields: [String: String] = [:]
        let line: Int
        let depth: Int
        let managed: Bool
    }

    static func parse(_ text: String, path: String) throws -> [Dependency] {
        var stack: [String] = []
        var properties: [String: String] = [:]
        var declared: [Declared] = []
        var current: Declared?
        var content = ""
        for event in try XMLScanner.events(text, path: path) {
            switch event {
            case .start(let name, let line):
                stack.append(name)
                content = ""
                if name == "dependency", stack.dropLast().last == "dependencies", !stack.contains("plugin") {
                    current = Declared(line: line, depth: stack.count, managed: stack.contains("dependencyManagement"))
                }
            case .text(let chunk):
                content += chunk
            case .end(let name, _):
                let value = content.trimmingCharacters(in: .whitespacesAndNewlines)
                if current != nil, stack.count == (current?.depth ?? 0) + 1 { current?.fields[name] = value }
                if stack.count == 3, stack[0] == "project", stack[1] == "properties" { properties[name] = value }
                if stack.count == 2, stack[0] == "project" { properties["project.\(name)"] = value }
                if stack.count == 3, stack[0] == "project", stack[1] == "parent" { properties["project.parent.\(name)"] = value }
                if let done = current, stack.count == done.depth {
                    declared.append(done)
                    current = nil
                }
                stack.removeLast()
                content = ""
            }
        }
        // A project without its own groupId or version inherits the parent's.
        for key in ["groupId", "version"] where properties["project.\(key)"] == nil {
            properties["project.\(key)"] = properties["project.parent.\(key)"]
        }
        properties["pom.version"] = properties["project.version"]
        return try dependencies(declared, properties: properties, path: path)
    }

    private static func dependencies(_ declared: [Declared], properties: [String: String], path: String) throws -> [Dependency] {
        var managed: [String: String] = [:]
        var found: [Dependency] = []
        for entry in declared {
            let group = entry.fields["groupId"].map { resolve($0, properties) }
            guard let group, !group.isEmpty, let artifact = entry.fields["artifactId"], !artifact.isEmpty else {
                throw FileProblem(path: path, line: entry.line, message: "<dependency> without a <groupId> and an <artifactId>")
            }
            let name = "\(group):\(resolve(artifact, properties))"
            let version = entry.fields["version"].map { resolve($0, properties) }
            if entry.managed {
                managed[name] = version
                continue
            }
            let source = entry.fields["scope"] == "system" ? "path" : nil   // a jar from <systemPath>
            found.append(Dependency(ecosystem: .maven, name: name, version: version, manifest: path, line: entry.line, source: source))
        }
        // Management may come after the dependencies it manages.
        return found.map { dependency in
            var filled = dependency
            filled.version = dependency.version ?? managed[dependency.name]
            return filled
        }
    }

    /// Replaces each `${name}` that is defined, as often as properties refer to properties; unknown ones stay as written.
    private static func resolve(_ value: String, _ properties: [String: String]) -> String {
        var result = value
        for _ in 0..<10 {
            guard let open = result.range(of: "${"), let close = result[open.upperBound...].firstIndex(of: "}"),
                  let replacement = properties[String(result[open.upperBound..<close])] else { return result }
            result.replaceSubrange(open.lowerBound...close, with: replacement)
        }
        return result
    }
}
