import Foundation
import SecIssueKit

/// The `Security-Fixes:` and `Security-Refs:` trailers of commit messages.
public enum Trailers {
    public static let fixes = "Security-Fixes"
    public static let refs = "Security-Refs"

    /// The finding references of a message: (trailer key, each ID as written), from trailer lines
    /// (`Key: value`) of the message's last paragraph; `#` comment lines are ignored, as git does.
    public static func references(in message: String) -> [(key: String, id: String)] {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.hasPrefix("#") }
        var paragraph: [String] = []
        for line in lines.reversed() {
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                if paragraph.isEmpty { continue }
                break
            }
            paragraph.insert(line, at: 0)
        }
        return paragraph.compactMap(trailer).flatMap { trailer in trailer.ids.map { (trailer.key, $0) } }
    }

    /// A `Security-Fixes:` or `Security-Refs:` line: its key as spelled here, and its IDs.
    private static func trailer(_ line: String) -> (key: String, ids: [String])? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let key = line[..<colon].trimmingCharacters(in: .whitespaces)
        guard let known = [fixes, refs].first(where: { $0.caseInsensitiveCompare(key) == .orderedSame }) else { return nil }
        let ids = line[line.index(after: colon)...].split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init)
        return (known, ids)
    }

    /// The message with each trailer ID replaced by the full ID `resolve` gives; an ID it cannot
    /// resolve throws its error (an unknown or ambiguous finding).
    public static func expanding(_ message: String, resolve: (String) throws -> String) throws -> String {
        var lines = message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for index in lines.indices {
            guard let trailer = trailer(lines[index]) else { continue }
            lines[index] = "\(trailer.key): " + (try trailer.ids.map(resolve)).joined(separator: ", ")
        }
        return lines.joined(separator: "\n")
    }
}
