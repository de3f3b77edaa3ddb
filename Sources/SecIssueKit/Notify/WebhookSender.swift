import Foundation

/// Posts a JSON body to a webhook with the `curl` executable. curl rather than URLSession:
/// FoundationNetworking would make every copy of the binary need libcurl to start at all (the
/// release links the Swift runtime statically and ships with only git and libgit2), while a
/// missing curl only costs the notification, with a warning. The URL, a credential, goes to curl
/// on its standard input (`--config -`), never on its command line where `ps` shows it; the
/// body goes through a private temporary file. Bounded in time: 5 s to connect, 15 s in all.
public enum WebhookSender {
    public static let connectTimeout = 5
    public static let totalTimeout = 15

    /// Sends `body`; throws a sentence saying what went wrong (never the URL itself).
    public static func post(_ body: [UInt8], to url: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("secissue-notify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: directory) }
        let bodyFile = directory.appendingPathComponent("body.json")
        try Data(body).write(to: bodyFile)
        let config = [
            "url = \(quoted(url))",
            "data-binary = \(quoted("@" + bodyFile.path))",
            "header = \"Content-Type: application/json\"",
        ].joined(separator: "\n") + "\n"
        let arguments = ["curl", "--silent", "--show-error", "--fail", "--proto", "=http,https", "--max-redirs", "0",
                         "--connect-timeout", String(connectTimeout), "--max-time", String(totalTimeout),
                         "--output", "/dev/null", "--config", "-"]
        let output: PipedProcess.Output
        do {
            output = try PipedProcess.run(arguments, input: Data(config.utf8))
        } catch is PipedProcess.Missing {
            throw SecIssueError("curl is not installed: install it to send notifications")
        }
        guard output.status == 0 else {
            // curl names the URL in some errors: say only what failed.
            let reason = output.stderr.split(separator: "\n").first.map { String($0).replacingOccurrences(of: url, with: "<url>") } ?? ""
            throw SecIssueError("curl exited \(output.status)\(reason.isEmpty ? "" : ": \(reason)")")
        }
    }

    /// A double-quoted value of a curl config file, with its escapes.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.append(character)
            }
        }
        return out + "\""
    }
}
