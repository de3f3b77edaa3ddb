import SecIssueKit
/// User and group names as the checked root knows them, from its own `etc/passwd` and
/// `etc/group` (not the machine running the tool: a container's `www-data` may be another id).
struct OwnerNames: Sendable {
    var users: [UInt32: String] = [:]
    var groups: [UInt32: String] = [:]

    /// Reads `name:…:id:…` lines of passwd or group text; the first name for an id wins, as in libc.
    static func parse(_ text: String) -> [UInt32: String] {
        var names: [UInt32: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count >= 3, !fields[0].isEmpty, let id = UInt32(fields[2]), names[id] == nil else { continue }
            names[id] = String(fields[0])
        }
        return names
    }

    /// `user:group`, each part a name when known and the number otherwise.
    func owner(uid: UInt32, gid: UInt32) -> String {
        "\(users[uid] ?? String(uid)):\(groups[gid] ?? String(gid))"
    }
}
