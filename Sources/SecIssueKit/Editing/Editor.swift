import Foundation

/// Runs the user's editor on a text, as git does: `GIT_EDITOR`, `core.editor`, `VISUAL`,
/// `EDITOR`, then `vi`. The editor command is the user's own setting and runs through
/// `/bin/sh` like git's; the file name is passed as an argument, never spliced into it.
public struct Editor {
    public let command: String
    /// False when nothing names an editor and `vi` is only the fallback: with no terminal to run
    /// it in, a command must refuse rather than start it.
    public let isConfigured: Bool

    public init(environment: [String: String], coreEditor: String?) {
        let candidates = [environment["GIT_EDITOR"], coreEditor, environment["VISUAL"], environment["EDITOR"]]
        let configured = candidates.compactMap { $0 }.first { !$0.isEmpty }
        command = configured ?? "vi"
        isConfigured = configured != nil
    }

    /// The text after the user edited it; throws when the editor fails.
    public func edit(_ text: String, fileName: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("secissue-\(UUID().uuidString)")
        // Only the user may read it: a confidential finding is in plaintext here while it is edited.
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent(fileName)
        try Data(text.utf8).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(command) \"$@\"", command, file.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SecIssueError("the editor '\(command)' exited with status \(process.terminationStatus): nothing was written")
        }
        return String(decoding: try Data(contentsOf: file), as: UTF8.self)
    }
}
