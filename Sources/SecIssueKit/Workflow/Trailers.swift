import Foundation

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
        var found: [(key: String, id: String)] = []
        for line in paragraph {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard let known = [fixes, refs].first(where: { $0.caseInsensitiveCompare(key) == .orderedSame }) else { continue }
            for id in line[line.index(after: colon)...].split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }) {
                found.append((known, String(id)))
            }
        }
        return found
    }

    /// The message with each trailer ID replaced by the full ID `resolve` gives; an ID it cannot
    /// resolve throws its error (an unknown or ambiguous finding).
    public static func expanding(_ message: String, resolve: (String) throws -> String) throws -> String {
        var lines = message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for index in lines.indices {
            let line = lines[index]
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard let known = [fixes, refs].first(where: { $0.caseInsensitiveCompare(key) == .orderedSame }) else { continue }
            let ids = try line[line.index(after: colon)...].split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
                .map { try resolve(String($0)) }
            lines[index] = "\(known): " + ids.joined(separator: ", ")
        }
        return lines.joined(separator: "\n")
    }
}
