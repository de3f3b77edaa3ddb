import Foundation

/// The private keys this user can read confidential findings with: `--identity` or
/// `SECISSUE_IDENTITY` (an age identity file or an SSH private key; several separated by `:`),
/// else `~/.ssh/id_ed25519`, `~/.ssh/id_rsa` and `~/.config/git-secissue/identity.txt` where present;
/// and the ID key given as `SECISSUE_ID_KEY` (`IDKey`).
/// Without any identity, confidential findings show only their clear fields.
public struct Keyring: Sendable {
    public static let variable = "SECISSUE_IDENTITY"
    public let identities: [String]
    /// The ID key given in the environment (encrypt-only CI), which wins over `.security/id-key`.
    let idKey: IDKey?
    /// Passphrase-protected SSH keys, unlocked once per command (`UnlockedKeys`).
    private let unlocked: UnlockedKeys

    public init(identities: [String]) {
        self.identities = identities
        idKey = nil
        unlocked = UnlockedKeys(identities)
    }

    /// The identities named by the environment; a named file that is missing or unreadable is an
    /// error (a typo must not look like "not a reader"), as is an ID key that is not 64 hex digits.
    public init(environment: [String: String]) throws {
        if let given = environment[IDKey.variable], !given.isEmpty {
            guard let key = IDKey(hex: given) else {
                throw SecIssueError("\(IDKey.variable) is not an ID key: give the 64 hex digits git secissue recipients id-key prints")
            }
            idKey = key
        } else {
            idKey = nil
        }
        if let named = environment[Self.variable], !named.isEmpty {
            let paths = named.split(separator: ":").map(String.init)
            for path in paths where !FileManager.default.isReadableFile(atPath: path) {
                throw SecIssueError("cannot read the identity \(path) (\(Self.variable) or --identity): name an age identity file or an SSH private key")
            }
            identities = paths
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            let defaults = ["/.ssh/id_ed25519", "/.ssh/id_rsa", "/.config/git-secissue/identity.txt"].map { home + $0 }
            identities = defaults.filter { FileManager.default.isReadableFile(atPath: $0) }
        }
        unlocked = UnlockedKeys(identities, runtimeDirectory: environment["XDG_RUNTIME_DIR"])
    }

    public var isEmpty: Bool { identities.isEmpty }

    /// The plaintext of an armored block, or nil when no identity here is one of its recipients.
    func open(_ armored: String) throws -> String? {
        try AgeTool.decrypt(armored, identities: try unlocked.paths()).map { String(decoding: $0, as: UTF8.self) }
    }
}
