import Foundation
import SecIssueKit
import Testing
import TestSupport

/// Where a new store files the finding `id` (`FindingLayout`, the one place that knows).
func findingFile(_ id: String) -> String { FindingLayout.newest.path(of: id) }

/// What a command printed and how it exited.
struct RunResult {
    let stdout: String
    let stderr: String
    let status: Int32

    var lines: [String] { stdout.split(separator: "\n").map(String.init) }
}

/// A directory with its own HOME and git identity, inside the test's scratch directory (the
/// suite must be marked `.scratchDirectory`, which removes it when the test ends).
/// Runs the built `git-secissue` binary and plain `git` in it, as a user would.
struct Sandbox: Sendable {
    let root: URL
    let home: URL
    let environment: [String: String]

    /// The binary under test: `SECISSUE_BIN`, else the debug build beside the package.
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["SECISSUE_BIN"] { return path }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return package.appendingPathComponent(".build/debug/git-secissue").path
    }()

    init(identity: Bool = true) throws {
        root = try ScratchDirectory.make("sandbox")
        home = root.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        var config = "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n"
        if identity { config += "[user]\n\tname = Alice Example\n\temail = alice@example.com\n" }
        try config.write(to: home.appendingPathComponent(".gitconfig"), atomically: true, encoding: .utf8)
        let binDirectory = URL(fileURLWithPath: Self.binary).deletingLastPathComponent().path
        environment = [
            "HOME": home.path,
            "PATH": "\(binDirectory):/usr/local/bin:/usr/bin:/bin",
            "GIT_CONFIG_NOSYSTEM": "1",
            "LANG": "C.UTF-8",
            "TZ": "UTC",
        ]
    }

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// Runs a program with the sandbox environment; stdout and stderr go through files so large
    /// outputs cannot fill a pipe and stall the child.
    @discardableResult
    func run(_ executable: String, _ arguments: [String], in directory: String, env: [String: String] = [:], stdin: String? = nil) throws -> RunResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment.merging(env) { $1 }
        let outURL = root.appendingPathComponent("out-\(UUID().uuidString)")
        let errURL = root.appendingPathComponent("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        try out.close()
        try err.close()
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        // Decoded leniently: git can print binary objects.
        return RunResult(stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                         stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
                         status: process.terminationStatus)
    }

    /// `git secissue ARGS` in `directory`.
    @discardableResult
    func secissue(_ arguments: String..., in directory: String, env: [String: String] = [:], stdin: String? = nil) throws -> RunResult {
        try run(Self.binary, arguments, in: directory, env: env, stdin: stdin)
    }

    /// Plain git, which must succeed (test set-up and inspection).
    @discardableResult
    func git(_ arguments: String..., in directory: String, env: [String: String] = [:]) throws -> String {
        let result = try run("/usr/bin/git", arguments, in: directory, env: env)
        guard result.status == 0 else {
            throw SandboxError("git \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)")
        }
        return result.stdout
    }

    /// A repository with one commit holding a little code, `.security/` not yet initialised.
    func repository(_ name: String = "repo", initialise: Bool = true) throws -> String {
        let directory = path(name)
        try FileManager.default.createDirectory(atPath: directory + "/app", withIntermediateDirectories: true)
        try git("init", "-q", directory, in: root.path)
        try write("app/db.py", "import sqlite3\n\ndef search(name):\n    return db.execute(\"SELECT * FROM users WHERE name = '\" + name + \"'\")\n", in: directory)
        try write("README.md", "# sample\n", in: directory)
        try git("add", "-A", in: directory)
        try git("commit", "-q", "-m", "Initial commit", in: directory)
        if initialise {
            let result = try secissue("init", in: directory)
            guard result.status == 0 else { throw SandboxError("init failed: \(result.stderr)") }
        }
        return directory
    }

    /// Files a finding and returns its ID.
    func newFinding(_ arguments: String..., in directory: String) throws -> String {
        let result = try run(Self.binary, ["new"] + arguments, in: directory)
        guard result.status == 0 else { throw SandboxError("new failed: \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func write(_ relative: String, _ text: String, in directory: String) throws {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func read(_ relative: String, in directory: String) throws -> String {
        try String(contentsOfFile: directory + "/" + relative, encoding: .utf8)
    }
}

struct SandboxError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `YYYY-MM-DD` (UTC) of `days` after an ISO 8601 timestamp (a JSON value), or after now when nil.
func daysAfter(_ timestamp: Any?, _ days: Int) -> String? {
    let start: Date
    if let text = timestamp as? String {
        guard let parsed = ISO8601DateFormatter().date(from: text) else { return nil }
        start = parsed
    } else {
        start = Date()
    }
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd"
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: start.addingTimeInterval(TimeInterval(days) * 86_400))
}
