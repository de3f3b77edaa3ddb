import Foundation

/// Turns a confidential finding into what is stored (sealed: clear fields and age blocks,
/// `SealedBody`) and back (opened: the whole finding, in memory). Decryption is a step after
/// decoding the file, so whatever reads and caches files only ever holds what the blob holds.
public enum Sealing {
    /// The armored age blocks in a sealed finding's body, in order.
    static func blocks(_ body: String) -> [String] { SealedBody(parsing: body).blocks }

    /// The fields a sealed file keeps in clear: what triage, due dates, the gate, ownership and
    /// re-imports need without the key. Everything else (title, description, location, evidence,
    /// CWE, tags, commits, the reporter, the triage reason, activity) is only inside the age blocks;
    /// `hidingSeverity` seals the severity and the due date derived from it too.
    static func clearFields(of finding: Finding, readers: [String], hidingSeverity: Bool = false) -> Finding {
        var clear = Finding(id: finding.id, title: Confidentiality.sealedTitle, status: finding.status,
                            severity: hidingSeverity ? .critical : finding.severity, created: finding.created, reporter: "")
        clear.updated = finding.updated
        clear.due = hidingSeverity ? nil : finding.due
        clear.lastSeen = finding.lastSeen
        clear.assignee = finding.assignee
        clear.links = finding.links
        clear.source = finding.source.map { Finding.Source(tool: $0.tool, rule: $0.rule, category: $0.category) }
        if let triage = finding.triage, triage.expires != nil || triage.duplicateOf != nil {
            clear.triage = Finding.Triage(expires: triage.expires, duplicateOf: triage.duplicateOf)
        }
        clear.confidential = Confidentiality(sealed: true, readers: readers, hidesSeverity: hidingSeverity, scan: finding.confidential?.scan)
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
            var clear = clearFields(of: finding, readers: finding.confidential?.readers ?? [],
                                    hidingSeverity: finding.confidential?.hidesSeverity == true)
            var body = SealedBody(parsing: finding.description)
            if !finding.activity.isEmpty {
                let added = finding.activity.map(FindingCodec.activityLine).joined()
                body.activity.append(try AgeTool.encrypt(Data(added.utf8), to: recipients.entries))
            }
            clear.description = body.text
            return (FindingCodec.encode(clear), nil)
        }
        // Once hidden, a severity stays hidden (whoever writes, under whatever policy).
        let hiding = policy.hidesSeverity || finding.confidential?.hidesSeverity == true
        var whole = finding
        whole.confidential = Confidentiality(sealed: false)
        var clear = clearFields(of: finding, readers: recipients.names, hidingSeverity: hiding)
        clear.description = SealedBody(record: try AgeTool.encrypt(Data(FindingCodec.encode(whole).utf8), to: recipients.entries)).text
        return (FindingCodec.encode(clear), finding.title)
    }

    /// The whole finding of a sealed file, or nil when no identity in `keyring` can read it: the
    /// record, with the sealed scan result applied, then the clear fields of the file (they may
    /// have changed without the key), then the activity sealed later.
    public static func open(_ stored: StoredFinding, keyring: Keyring) throws -> StoredFinding? {
        let outer = stored.finding
        let body = SealedBody(parsing: outer.description)
        guard outer.isSealed, let record = body.record, let text = try keyring.open(record) else { return nil }
        let inner: Finding
        do {
            inner = try FindingCodec.decode(text, path: stored.path)
        } catch let problem as FileProblem {
            throw FileProblem(path: stored.path, line: nil, message: "the encrypted finding does not parse (\(problem.message))")
        }
        var whole = inner
        var unreadable: [String] = []
        if let scan = body.scan {
            if let result = try keyring.open(scan) {
                try ScanView.apply(result, refreshes: body.scanRefreshes, to: &whole, path: stored.path)
            } else {
                unreadable.append("(the latest scan result is sealed to keys you do not hold)")
            }
        }
        whole.status = outer.status
        if outer.confidential?.hidesSeverity != true {
            whole.severity = outer.severity
            whole.due = outer.due
        }
        whole.created = outer.created
        whole.updated = outer.updated
        whole.lastSeen = outer.lastSeen
        // Assigned and linked without the key: the clear fields say so (older files kept them inside only).
        whole.assignee = outer.assignee ?? inner.assignee
        whole.links = inner.links + outer.links.filter { !inner.links.contains($0) }
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
        for block in body.activity {
            guard let added = try keyring.open(block) else {
                whole.activity.append("(activity sealed to keys you do not hold)")
                continue
            }
            whole.activity += FindingCodec.splitBody(Substring(FindingCodec.activityHeading + "\n" + added)).1
        }
        whole.activity += outer.activity + unreadable
        whole.confidential = Confidentiality(sealed: false, readers: outer.confidential?.readers ?? [],
                                             hidesSeverity: outer.confidential?.hidesSeverity == true, scan: outer.confidential?.scan)
        let rewritten = try FindingCodec.rewrite(text, from: inner, to: whole, path: stored.path)
        return StoredFinding(path: stored.path, text: rewritten, finding: whole, sealedText: stored.text)
    }
}
