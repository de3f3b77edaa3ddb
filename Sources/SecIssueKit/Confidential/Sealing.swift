import Foundation

/// Turns a confidential finding into what is stored (sealed: clear fields and age blocks) and
/// back (opened: the whole finding, in memory). Decryption is a step after decoding the file, so
/// whatever reads and caches files only ever holds what the blob holds.
public enum Sealing {
    static let armorBegin = "-----BEGIN AGE ENCRYPTED FILE-----"
    static let armorEnd = "-----END AGE ENCRYPTED FILE-----"

    /// The armored age blocks in a sealed finding's body, in order.
    static func blocks(_ body: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            if trimmed == armorBegin { current = [] }
            guard current != nil else { continue }
            current?.append(trimmed)
            if trimmed == armorEnd, let lines = current {
                blocks.append(lines.joined(separator: "\n") + "\n")
                current = nil
            }
        }
        return blocks
    }

    /// The fields a sealed file keeps in clear: what triage, due dates, the gate and re-imports
    /// need without the key. Everything else (title, description, location, evidence, CWE, tags,
    /// links, commits, people, the triage reason, activity) is only inside the age blocks.
    static func clearFields(of finding: Finding, readers: [String]) -> Finding {
        var clear = Finding(id: finding.id, title: Confidentiality.sealedTitle, status: finding.status,
                            severity: finding.severity, created: finding.created, reporter: "")
        clear.updated = finding.updated
        clear.due = finding.due
        clear.lastSeen = finding.lastSeen
        clear.source = finding.source.map { Finding.Source(tool: $0.tool, rule: $0.rule, category: $0.category) }
        if let triage = finding.triage, triage.expires != nil || triage.duplicateOf != nil {
            clear.triage = Finding.Triage(expires: triage.expires, duplicateOf: triage.duplicateOf)
        }
        clear.confidential = Confidentiality(sealed: true, readers: readers)
        return clear
    }

    /// The finding file to store for `text`: a confidential finding sealed to `recipients`, any
    /// other as it is. `isNew` findings that `policy` covers become confidential here, so every
    /// way of filing (new, import, ci, telemetry, libs) follows the policy.
    /// The title is the confidential finding's own (nil for others), which must not reach the commit message.
    public static func seal(_ text: String, path: String, recipients: Recipients, policy: ConfidentialPolicy,
                            isNew: Bool) throws -> (text: String, title: String?) {
        guard policy.isActive || text.contains("confidential:") else { return (text, nil) }
        var finding = try FindingCodec.decode(text, path: path)
        if finding.confidential == nil {
            guard isNew, policy.covers(finding) else { return (text, nil) }
            finding.confidential = Confidentiality()
        }
        guard !recipients.entries.isEmpty else { throw Recipients.noneError }
        if finding.isSealed {
            // Written by someone who could not open it: only the clear fields change, and new
            // activity is sealed in a block of its own after the others.
            var clear = clearFields(of: finding, readers: finding.confidential?.readers ?? [])
            var body = blocks(finding.description)
            if !finding.activity.isEmpty {
                let added = finding.activity.map(FindingCodec.activityLine).joined()
                body.append(try AgeTool.encrypt(Data(added.utf8), to: recipients.entries))
            }
            clear.description = body.joined(separator: "\n")
            return (FindingCodec.encode(clear), nil)
        }
        var whole = finding
        whole.confidential = Confidentiality(sealed: false)
        var clear = clearFields(of: finding, readers: recipients.names)
        clear.description = try AgeTool.encrypt(Data(FindingCodec.encode(whole).utf8), to: recipients.entries)
        return (FindingCodec.encode(clear), finding.title)
    }

    /// The whole finding of a sealed file, or nil when no identity in `keyring` can read it. The
    /// clear fields of the file win over those inside (they may have changed without the key),
    /// and activity sealed later is added after the activity inside.
    public static func open(_ stored: StoredFinding, keyring: Keyring) throws -> StoredFinding? {
        let outer = stored.finding
        let sealed = blocks(outer.description)
        guard outer.isSealed, let first = sealed.first, let text = try keyring.open(first) else { return nil }
        let inner: Finding
        do {
            inner = try FindingCodec.decode(text, path: stored.path)
        } catch let problem as FileProblem {
            throw FileProblem(path: stored.path, line: nil, message: "the encrypted finding does not parse (\(problem.message))")
        }
        var whole = inner
        whole.status = outer.status
        whole.severity = outer.severity
        whole.created = outer.created
        whole.updated = outer.updated
        whole.due = outer.due
        whole.lastSeen = outer.lastSeen
        if let source = outer.source {
            whole.source = whole.source ?? Finding.Source(tool: source.tool)
            whole.source?.tool = source.tool
            whole.source?.rule = source.rule
            whole.source?.category = source.category
        }
        if let triage = outer.triage {
            whole.triage = whole.triage ?? Finding.Triage()
            whole.triage?.expires = triage.expires
            whole.triage?.duplicateOf = triage.duplicateOf
        } else {
            whole.triage = outer.status.isActive || outer.status == .fixed ? nil : whole.triage
        }
        for block in sealed.dropFirst() {
            guard let added = try keyring.open(block) else {
                whole.activity.append("(activity sealed to keys you do not hold)")
                continue
            }
            whole.activity += FindingCodec.splitBody(Substring(FindingCodec.activityHeading + "\n" + added)).1
        }
        whole.activity += outer.activity
        whole.confidential = Confidentiality(sealed: false, readers: outer.confidential?.readers ?? [])
        let rewritten = try FindingCodec.rewrite(text, from: inner, to: whole, path: stored.path)
        return StoredFinding(path: stored.path, text: rewritten, finding: whole, sealedText: stored.text)
    }
}
