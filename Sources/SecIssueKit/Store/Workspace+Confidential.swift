import Foundation

extension Workspace {
    /// The user's identities for confidential findings (`SECISSUE_IDENTITY`, `--identity`, default keys).
    public func keyring() throws -> Keyring {
        try Keyring(environment: environment)
    }

    /// `planned` with every finding file it writes sealed when confidential (`Sealing.seal`),
    /// against the recipients and policy as the write leaves them. A commit message that names a
    /// confidential finding's title is replaced by one that names only its ID.
    func sealing(_ planned: PlannedWrite, in store: SecurityStore) throws -> PlannedWrite {
        let findings = planned.changes.filter { $0.key.hasPrefix(SecurityStore.findingsDirectory + "/") && $0.key.hasSuffix(".md") }
        guard !findings.isEmpty else { return planned }
        let recipients = try planned.changes[Recipients.path].map { bytes in
            try Recipients(text: String(decoding: bytes ?? [], as: UTF8.self))
        } ?? Recipients.read(from: store.files)
        let config = try planned.changes[Config.path].map { bytes in try Config(yaml: String(decoding: bytes ?? [], as: UTF8.self)) }
            ?? store.config()
        var result = planned
        var hidden: [String] = []
        for (path, content) in findings {
            guard let content else { continue }
            let isNew = try store.files.read(path) == nil
            let sealed = try Sealing.seal(String(decoding: content, as: UTF8.self), path: path, recipients: recipients,
                                          policy: config.confidential, isNew: isNew)
            result.changes[path] = Array(sealed.text.utf8)
            if let title = sealed.title, !title.isEmpty, result.message.contains(title) {
                hidden.append(String(path.dropFirst(SecurityStore.findingsDirectory.count + 1).dropLast(3)))
            }
        }
        if !hidden.isEmpty {
            let ids = hidden.sorted()
            result.message = "secissue: update \(ids.joined(separator: ", ")) (confidential)\n\n"
                + ids.map { "Security-Finding: \($0)\n" }.joined()
        }
        return result
    }
}
