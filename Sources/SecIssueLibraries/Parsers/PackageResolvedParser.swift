import SecIssueKit
/// Reads SwiftPM's `Package.resolved`: version 1 (`object.pins[].package/repositoryURL`) and versions 2 and 3
/// (`pins[].identity/location/kind`).
enum PackageResolvedParser {
    static func parse(_ text: String, path: String) throws -> [Dependency] {
        let json = try JSONLines(text, path: path, regenerate: "swift package resolve")
        let format = json.root["version"] as? Int
        switch format {
        case 1:
            guard let pins = (json.root["object"] as? [String: Any])?["pins"] as? [[String: Any]] else {
                throw FileProblem(path: path, line: json.line(ofKey: "object"), message: "version 1 file without an \"object.pins\" array")
            }
            return try pins.map { pin in
                guard let url = pin["repositoryURL"] as? String else {
                    throw FileProblem(path: path, line: nil, message: "a pin has no \"repositoryURL\"")
                }
                // v1 names pins by their manifest's display name; the identity SwiftPM uses is the URL's last part.
                let line = (pin["package"] as? String).flatMap { json.line(ofKey: "package", value: $0) }
                    ?? json.line(ofKey: "repositoryURL", value: url)
                return dependency(identity: identity(of: url), state: pin["state"], kind: nil, path: path, line: line)
            }
        case 2, 3:
            guard let pins = json.root["pins"] as? [[String: Any]] else {
                throw FileProblem(path: path, line: 1, message: "version \(format ?? 0) file without a \"pins\" array")
            }
            return try pins.map { pin in
                guard let identity = pin["identity"] as? String else {
                    throw FileProblem(path: path, line: nil, message: "a pin has no \"identity\"")
                }
                let line = json.line(ofKey: "identity", value: identity)
                return dependency(identity: identity, state: pin["state"], kind: pin["kind"] as? String, path: path, line: line)
            }
        default:
            throw FileProblem(path: path, line: json.line(ofKey: "version"),
                              message: "Package.resolved version \(format.map(String.init) ?? "(missing)") is not one of 1, 2, 3")
        }
    }

    /// A v2/v3 pin's `kind`: remote git is SwiftPM's default, so only the others name a source.
    private static func dependency(identity: String, state: Any?, kind: String?, path: String, line: Int?) -> Dependency {
        let state = state as? [String: Any] ?? [:]
        // A pin on a branch or a bare revision has no version: the revision is what identifies the code.
        let version = (state["version"] as? String) ?? (state["revision"] as? String)
        let source: String? = switch kind {
        case "localSourceControl", "fileSystem": "path"
        case "registry": "registry"
        default: nil
        }
        return Dependency(ecosystem: .swift, name: identity, version: version, manifest: path, line: line, source: source)
    }

    /// `https://github.com/apple/swift-nio.git` -> `swift-nio`, as SwiftPM derives an identity.
    static func identity(of url: String) -> String {
        var last = url.split { $0 == "/" || $0 == ":" }.last.map(String.init) ?? url
        if last.hasSuffix(".git") { last.removeLast(4) }
        return last.lowercased()
    }
}
