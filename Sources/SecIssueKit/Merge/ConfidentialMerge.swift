/// The merge driver's step around `FindingMerge` for confidential findings. With an identity
/// that opens every version, the whole findings merge as plain ones do and the result is sealed
/// again; without one, the sealed files merge as they are (clear fields field by field, the age
/// blocks as text: a side that only changed clear fields or only added sealed activity merges cleanly).
public enum ConfidentialMerge {
    public static func merge(base: String, ours: String, theirs: String, path: String,
                             keyring: Keyring, recipients: () throws -> Recipients) throws -> (text: String, conflicted: Bool) {
        let versions = [base, ours, theirs]
        let sealed = versions.filter { $0.contains("confidential:") }.compactMap { try? FindingCodec.decode($0, path: path) }.filter(\.isSealed)
        guard !sealed.isEmpty, !keyring.isEmpty else { return try FindingMerge.merge(base: base, ours: ours, theirs: theirs, path: path) }
        var opened: [String] = []
        for text in versions {
            guard !text.allSatisfy(\.isWhitespace), let finding = try? FindingCodec.decode(text, path: path), finding.isSealed else {
                opened.append(text)
                continue
            }
            guard let open = try Sealing.open(StoredFinding(path: path, text: text, finding: finding), keyring: keyring) else {
                // One version is sealed to keys not held here: merge what is stored.
                return try FindingMerge.merge(base: base, ours: ours, theirs: theirs, path: path)
            }
            opened.append(open.text)
        }
        let merged = try FindingMerge.merge(base: opened[0], ours: opened[1], theirs: opened[2], path: path)
        let result = try Sealing.seal(merged.text, path: path, recipients: try recipients(), policy: ConfidentialPolicy(), isNew: false)
        return (result.text, merged.conflicted)
    }
}
