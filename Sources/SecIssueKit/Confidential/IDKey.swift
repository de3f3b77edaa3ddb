import Crypto
import Foundation

/// The secret that the IDs of imported confidential findings are keyed with (HMAC-SHA256), so that
/// someone with the code cannot recompute a finding's ID from the scanner's fingerprint and so
/// learn which line a rule flagged. It is 32 random bytes, kept in `.security/id-key` sealed to
/// the recipients (re-sealed by `recipients add/remove`), or given as `SECISSUE_ID_KEY` (64 hex
/// digits) to CI that encrypts but cannot decrypt. It also keys the digest of a sealed scan result
/// (`ScanView`).
public struct IDKey: Sendable {
    public static let path = ".security/id-key"
    /// 16 hex digits keyed with the key (`check`), in clear: CI, which cannot open `path`, can
    /// still tell that the key it was given is this repository's one.
    public static let checkPath = ".security/id-key.check"
    public static let variable = "SECISSUE_ID_KEY"
    private let bytes: [UInt8]

    private init(bytes: [UInt8]) { self.bytes = bytes }

    /// A new random key.
    static func generate() -> IDKey { IDKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }) }

    /// The key as 64 lowercase hex digits: what `recipients id-key` prints for a CI secret.
    public var hex: String { Hex.string(bytes) }

    /// Parses 64 hex digits (surrounding whitespace ignored), else nil.
    init?(hex text: String) {
        let digits = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard digits.count == 64, let bytes = Hex.bytes(digits) else { return nil }
        self.bytes = bytes
    }

    /// The ID of the result with `identityKey`: as `FindingID.derived`, from its HMAC instead of its hash.
    func findingID(prefix: String, identityKey: String) -> String {
        FindingID.fromDigest(prefix: prefix, digest: mac("finding-id\u{0}" + identityKey))
    }

    /// What `checkPath` holds for this key: says nothing of the key, and no other key gives it.
    var check: String { Hex.string(Array(mac("id-key-check").prefix(8))) }

    /// The check file's bytes for this key.
    var checkFile: [UInt8] { Array((check + "\n").utf8) }

    /// 16 hex digits keyed on `text`: equal for equal texts, unguessable without the key.
    func digest(_ text: String) -> String { Hex.string(Array(mac("scan\u{0}" + text).prefix(8))) }

    private func mac(_ text: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: bytes)))
    }

    /// The file's text: the key in hex, encrypted to `recipients`.
    func sealed(to recipients: Recipients) throws -> String {
        try AgeTool.encrypt(Data((hex + "\n").utf8), to: recipients.entries)
    }

    /// The key from `SECISSUE_ID_KEY` (kept in the keyring), else from `.security/id-key` opened
    /// with the keyring; nil when there is no file or none of the identities opens it. A given key
    /// that is not the one `.security/id-key.check` names is an error: its IDs would match none of
    /// the findings filed, and a re-import would file them again and fix the ones filed.
    static func load(files: SecurityFiles, keyring: Keyring?) throws -> IDKey? {
        if let given = keyring?.idKey {
            if let stored = try files.read(checkPath),
               String(decoding: stored, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) != given.check {
                throw SecIssueError("\(variable) is not this repository's ID key (\(checkPath) names another): give the key "
                                    + "git secissue recipients id-key prints here, with a reader's identity; nothing was changed",
                                    code: SecIssueError.Code.noIdentity)
            }
            return given
        }
        guard let keyring, !keyring.isEmpty, let bytes = try files.read(path) else { return nil }
        guard let text = try keyring.open(String(decoding: bytes, as: UTF8.self)) else { return nil }
        guard let key = IDKey(hex: text) else {
            throw SecIssueError("\(path) does not hold an ID key (64 hex digits once decrypted): restore it from git history")
        }
        return key
    }

    /// The key of `store` (from the environment or the file), a new one when there is no file;
    /// throws when the file exists but cannot be opened here.
    static func existingOrNew(in store: SecurityStore) throws -> IDKey {
        if let key = try load(files: store.files, keyring: store.keyring) { return key }
        guard try store.files.read(path) == nil else {
            throw SecIssueError("cannot open \(path), the ID key of confidential findings: none of your identities is a recipient; "
                                + "nothing was changed (set SECISSUE_IDENTITY to a reader's key, or SECISSUE_ID_KEY to the key)", code: SecIssueError.Code.noIdentity)
        }
        return generate()
    }

    /// `recipients id-key`: the key to give CI as a secret. A repository whose recipients were
    /// listed before keyed IDs existed gets one, sealed to them, in `create`'s write.
    public static func current(in store: SecurityStore) throws -> (key: IDKey, create: PlannedWrite?) {
        let recipients = try Recipients.read(from: store.files)
        guard !recipients.entries.isEmpty else { throw Recipients.noneError }
        let key = try existingOrNew(in: store)
        var changes: [String: [UInt8]?] = [:]
        if try store.files.read(path) == nil { changes[path] = Array(try key.sealed(to: recipients).utf8) }
        // A key given in the environment is checked against the file, never the source of its check.
        if store.keyring?.idKey == nil, try store.files.read(checkPath) == nil { changes[checkPath] = key.checkFile }
        guard !changes.isEmpty else { return (key, nil) }
        return (key, PlannedWrite(changes: changes, message: changes[path] != nil
            ? "secissue: add the ID key of confidential findings, sealed to the recipients"
            : "secissue: add the check of the ID key, so that CI can tell a wrong SECISSUE_ID_KEY"))
    }

    static let missing = SecIssueError(
        "these results are confidential by policy, and their IDs are keyed with the ID key of \(path), which cannot be read here: "
        + "set \(variable) to the key (git secissue recipients id-key prints it, with a reader's identity) or set SECISSUE_IDENTITY "
        + "to a reader's key; nothing was imported", code: SecIssueError.Code.noIdentity)
}
