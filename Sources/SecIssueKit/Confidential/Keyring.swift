import Foundation

/// The private keys this user can read confidential findings with: `--identity` or
/// `SECISSUE_IDENTITY` (an age identity file or an SSH private key; several separated by `:`),
/// else `~/.ssh/id_ed25519`, `~/.ssh/id_rsa` and `~/.config/git-secissue/identity.txt` where present.
/// Without any, confidential findings show only their clear fields.
public struct Keyring: Sendable {
    public static let variable = "SECISSUE_IDENTITY"
    public let identities: [String]

    public init(identities: [String]) { self.identities = identities }

    /// The identities named by the environment; a named file that is missing or unreadable is an
    /// error (a typo must not look like "not a reader").
    public init(environment: [String: String]) throws {
        if let named = environment[Self.variable], !named.isEmpty {
            let paths = named.split(separator: ":").map(String.init)
            for path in paths where !FileManager.default.isReadableFile(atPath: path) {
                throw SecIssueError("cannot read the identity \(path) (\(Self.variable) or --identity): name an age identity file or an SSH private key")
            }
            identities = paths
            return
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let defaults = ["/.ssh/id_ed25519", "/.ssh/id_rsa", "/.config/git-secissue/identity.txt"].map { home + $0 }
        identities = defaults.filter { FileManager.default.isReadableFile(atPath: $0) }
    }

    public var isEmpty: Bool { identities.isEmpty }

    /// The plaintext of an armored block, or nil when no identity here is one of its recipients.
    func open(_ armored: String) throws -> String? {
        try AgeTool.decrypt(armored, identities: identities).map { String(decoding: $0, as: UTF8.self) }
    }
}
