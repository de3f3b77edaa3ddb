import Foundation

extension Workspace {
    /// The user's identities for confidential findings (`SECISSUE_IDENTITY`, `--identity`, default keys).
    public func keyring() throws -> Keyring {
        try Keyring(environment: environment)
    }

    /// `planned` with every finding file it writes sealed when confidential (`Sealing.seal`),
    /// against the recipients and policy as the write leaves them. A commit message never names a
    /// confidential finding's title: a quoted title is dropped, else the message names only the IDs.
    func sealing(_ planned: PlannedWrite, in store: SecurityStore) throws -> PlannedWrite {
        let findings = planned.changes.filter { FindingLayout.isUnderFindings($0.key) }
        guard !findings.isEmpty else { return planned }
        let recipients = try planned.changes[Recipients.path].map { bytes in
            try Recipients(text: String(decoding: bytes ?? [], as: UTF8.self))
        } ?? Recipients.read(from: store.files)
        let config = try planned.changes[Config.path].map { bytes in try Config(yaml: String(decoding: bytes ?? [], as: UTF8.self)) }
            ?? store.config()
        var result = planned
        var hidden: [String] = []
        let written = findings.compactMap { path, content in content.map { (path: path, text: String(decoding: $0, as: UTF8.self)) } }
        // Whether a file is new matters only to the policy: without one, no file is read again.
        let isNew = try written.map { config.confidential.isActive ? try store.files.read($0.path) == nil : false }
        // Several at once: each confidential finding is one age process.
        let sealed = try AgeBatch.map(written.count) { index in
            try Sealing.seal(written[index].text, path: written[index].path, recipients: recipients,
                             policy: config.confidential, isNew: isNew[index])
        }
        for (file, sealed) in zip(written, sealed) {
            result.changes[file.path] = Array(sealed.text.utf8)
            if let title = sealed.title, !title.isEmpty, result.message.contains(title) {
                // `secissue: edit ID "Title"` loses its title; any other mention, the whole message.
                result.message = result.message.replacingOccurrences(of: " \"\(title)\"", with: "")
                if result.message.contains(title) {
                    hidden.append(PullRequestGate.findingID(path: file.path))
                }
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
