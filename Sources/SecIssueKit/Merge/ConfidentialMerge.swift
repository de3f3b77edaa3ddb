/// The merge driver's step around `FindingMerge` for confidential findings. With an identity
/// that opens every version, the whole findings merge as plain ones do and the result is sealed
/// again; without one, the sealed files merge as they are (clear fields field by field, the age
/// blocks as text: a side that only changed clear fields or only added sealed activity merges cleanly).
public enum ConfidentialMerge {
    public static func merge(base: String, ours: String, theirs: String, path: String,
                             keyring: Keyring, recipients: () throws -> Recipients) throws -> (text: String, conflicted: Bool) {
        let versions = [base, ours, theirs]
        let sealed = versions.filter { $0.contains("confidential:") }.compactMap { try? FindingCodec.decode($0, path: path) }.filter(\.isSealed)
        guard !sealed.isEmpty else { return try FindingMerge.merge(base: base, ours: ours, theirs: theirs, path: path) }
        guard !keyring.isEmpty else { return try mergeSealed(base: base, ours: ours, theirs: theirs, path: path) }
        var opened: [String] = []
        for text in versions {
            guard !text.allSatisfy(\.isWhitespace), let finding = try? FindingCodec.decode(text, path: path), finding.isSealed else {
                opened.append(text)
                continue
            }
            guard let open = try Sealing.open(StoredFinding(path: path, text: text, finding: finding), keyring: keyring) else {
                // One version is sealed to keys not held here: merge what is stored.
                return try mergeSealed(base: base, ours: ours, theirs: theirs, path: path)
            }
            opened.append(open.text)
        }
        let merged = try FindingMerge.merge(base: opened[0], ours: opened[1], theirs: opened[2], path: path)
        let result = try Sealing.seal(merged.text, path: path, recipients: try recipients(), policy: ConfidentialPolicy(), isNew: false)
        return (result.text, merged.conflicted)
    }

    /// Merges sealed versions without opening them: the clear fields field by field, and the age
    /// blocks as a union when at most one side re-sealed the whole finding (the other only added
    /// activity blocks, as a status change or a comment without a key does). Both sides re-sealed
    /// it: a text merge, whose conflict git reports.
    static func mergeSealed(base: String, ours: String, theirs: String, path: String) throws -> (text: String, conflicted: Bool) {
        let textMerge = { try FindingMerge.merge(base: base, ours: ours, theirs: theirs, path: path) }
        guard let oursFinding = try? FindingCodec.decode(ours, path: path), let theirsFinding = try? FindingCodec.decode(theirs, path: path),
              oursFinding.isSealed, theirsFinding.isSealed else { return try textMerge() }
        let baseFinding = base.allSatisfy(\.isWhitespace) ? nil : try? FindingCodec.decode(base, path: path)
        let (baseBody, oursBody, theirsBody) = (SealedBody(parsing: baseFinding?.description ?? ""),
                                                SealedBody(parsing: oursFinding.description), SealedBody(parsing: theirsFinding.description))
        let (first, second): (SealedBody, SealedBody)
        if theirsBody.record == baseBody.record {
            (first, second) = (oursBody, theirsBody)
        } else if oursBody.record == baseBody.record {
            (first, second) = (theirsBody, oursBody)
        } else {
            return try textMerge()
        }
        var body = first
        for block in second.activity where !baseBody.activity.contains(block) && !body.activity.contains(block) { body.activity.append(block) }
        // A newer scan result from the other side replaces one this side did not change.
        if second.scan != baseBody.scan, body.scan == baseBody.scan || body.scan == nil {
            (body.scan, body.scanRefreshes) = (second.scan, second.scanRefreshes)
        }
        // The clear fields merge as any finding's; the bodies are set aside and put back as the union.
        let clear = { (finding: Finding?) -> String in
            guard var finding else { return "" }
            finding.description = ""
            return FindingCodec.encode(finding)
        }
        let merged = try FindingMerge.merge(base: clear(baseFinding), ours: clear(oursFinding), theirs: clear(theirsFinding), path: path)
        var finding = try FindingCodec.decode(merged.text, path: path)
        finding.description = body.text
        return (FindingCodec.encode(finding), merged.conflicted)
    }
}
