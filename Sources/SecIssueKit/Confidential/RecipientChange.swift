import Foundation

/// `recipients add` and `recipients remove`: the new `.security/recipients` and every active
/// confidential finding re-encrypted to it, in one commit. Re-encryption needs to read each of
/// them, so it stops, writing nothing, when one is sealed to keys this user does not hold.
/// Removing a key stops new ciphertext from being readable by it; what it already read or pulled stays readable.
public enum RecipientChange {
    case add(Recipient)
    /// A key (as listed) or a holder's name.
    case remove(String)

    /// Parses `add`'s arguments: the key (one word, or `ssh-TYPE BASE64`) and who holds it.
    public static func recipient(key: String, name: String) throws -> Recipient {
        try InputCheck.singleLine(name, what: "--name")
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SecIssueError.usage("say whose key it is with --name (a person's name and email, or the CI job)")
        }
        guard let parsed = Recipients.parse(key.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw SecIssueError.usage("not a public key: give age1… (age-keygen -y FILE), or an ssh-ed25519 / ssh-rsa public key line")
        }
        return Recipient(key: parsed.key, name: name.trimmingCharacters(in: .whitespaces))
    }

    public func plan(in store: SecurityStore) throws -> PlannedWrite {
        try store.requireInitialised()
        var recipients = try Recipients.read(from: store.files)
        let subject: String
        switch self {
        case .add(let recipient):
            guard !recipients.entries.contains(where: { $0.key == recipient.key }) else {
                throw SecIssueError("that key is already a recipient (\(recipients.entries.first { $0.key == recipient.key }?.name ?? ""))")
            }
            recipients.entries.append(recipient)
            subject = "add recipient \(recipient.name)"
        case .remove(let which):
            let matching = recipients.entries.filter { $0.key == which || $0.name == which || $0.key.hasSuffix(" " + which) }
            guard matching.count == 1, let gone = matching.first else {
                throw SecIssueError(matching.isEmpty ? "no recipient '\(which)' in \(Recipients.path): git secissue recipients list shows them"
                                                     : "'\(which)' names \(matching.count) recipients: give the key itself")
            }
            recipients.entries.removeAll { $0 == gone }
            subject = "remove recipient \(gone.name.isEmpty ? String(gone.key.prefix(24)) : gone.name)"
        }
        var changes: [String: [UInt8]?] = [Recipients.path: Array(recipients.text.utf8)]
        let (stored, problems) = try store.loadAll()
        if let problem = problems.first { throw SecIssueError("\(problem): fix it first (git secissue validate); nothing was changed") }
        let active = stored.filter { $0.finding.isConfidential && $0.finding.status.isActive }
        for finding in active {
            guard !finding.finding.isSealed else {
                throw SecIssueError("cannot re-encrypt \(finding.finding.id): none of your identities can read it; nothing was changed "
                                    + "(run this where SECISSUE_IDENTITY or --identity names a key of its readers)",
                                    code: SecIssueError.Code.noIdentity)
            }
            // The opened text: sealing it again on the way to git encrypts it to the new list.
            changes[finding.path] = Array(finding.text.utf8)
        }
        // The ID key goes with the list: sealed again to it (made with the first recipient).
        if !recipients.entries.isEmpty {
            let key = try IDKey.existingOrNew(in: store)
            changes[IDKey.path] = Array(try key.sealed(to: recipients).utf8)
            if store.keyring?.idKey == nil { changes[IDKey.checkPath] = key.checkFile }
        }
        let ids = active.map(\.finding.id).sorted()
        let message = "secissue: \(subject)" + (ids.isEmpty ? "" : " and re-encrypt \(ids.count) confidential finding\(ids.count == 1 ? "" : "s")")
            + "\n\n" + ids.map { "Security-Finding: \($0)\n" }.joined()
        return PlannedWrite(changes: changes, message: message)
    }
}
