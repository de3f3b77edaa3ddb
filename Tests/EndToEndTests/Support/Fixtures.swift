import Foundation
import Testing

/// The real scanner output and the sample project it was made from (Tests/Fixtures).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func sarif(_ name: String) -> String { directory.appendingPathComponent("sarif/\(name)").path }

    static var sampleApp: URL { directory.appendingPathComponent("sample-app") }

    /// The OASIS SARIF 2.1.0 schema (Tests/Fixtures/schemas/README.md says where it is from).
    static var sarifSchema: String { directory.appendingPathComponent("schemas/sarif-schema-2.1.0.json").path }

    /// A SARIF fixture as JSON objects, to change for a test and write back with `write(_:to:)`.
    static func load(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: sarif(name)))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw SandboxError("\(name) is not a JSON object")
        }
        return object
    }

    static func write(_ object: [String: Any], to path: String) throws {
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted]).write(to: URL(fileURLWithPath: path))
    }

    /// The results of the first run, changed by `change`; a log without them fails the test.
    static func editingResults(_ object: [String: Any], _ change: (inout [[String: Any]]) -> Void) throws -> [String: Any] {
        var object = object
        var runs = try #require(object["runs"] as? [[String: Any]], "the SARIF log has no runs")
        try #require(!runs.isEmpty, "the SARIF log has no runs")
        var results = try #require(runs[0]["results"] as? [[String: Any]], "the first run has no results")
        change(&results)
        runs[0]["results"] = results
        object["runs"] = runs
        return object
    }
}

extension Sandbox {
    /// A repository holding the sample app at its root, committed, with `.security/` initialised.
    /// Files named in `leaveOut` stay in the working tree, untracked.
    func sampleRepository(_ name: String = "app", leaveOut: [String] = []) throws -> String {
        let directory = path(name)
        try FileManager.default.copyItem(at: Fixtures.sampleApp, to: URL(fileURLWithPath: directory))
        try git("init", "-q", directory, in: root.path)
        if !leaveOut.isEmpty {
            try (leaveOut.joined(separator: "\n") + "\n").write(toFile: directory + "/.git/info/exclude", atomically: true, encoding: .utf8)
        }
        try git("add", "-A", in: directory)
        try git("commit", "-q", "-m", "Sample app", in: directory)
        let result = try secissue("init", in: directory)
        guard result.status == 0 else { throw SandboxError("init failed: \(result.stderr)") }
        return directory
    }

    /// `list --all --format json` as objects.
    func findings(in directory: String, at revision: String? = nil, env: [String: String] = [:]) throws -> [[String: Any]] {
        let result = try run(Sandbox.binary, ["list", "--all", "--format", "json"] + (revision.map { ["--at", $0] } ?? []), in: directory, env: env)
        guard result.status == 0, let array = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] else {
            throw SandboxError("list failed: \(result.stderr)")
        }
        return array
    }

    func head(_ directory: String) throws -> String {
        try git("rev-parse", "HEAD", in: directory).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
