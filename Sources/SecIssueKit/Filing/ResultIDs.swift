/// The ID each scan result files into. Most derive from the scanner's fingerprint
/// (`FindingID.derived`), which anyone with the code can recompute. A result the confidential
/// policy covers gets an ID keyed with the ID key instead (`IDKey`), unless a finding with its
/// plain ID exists already (filed before keyed IDs, or made confidential later): that one keeps
/// its ID, so re-imports stay idempotent. Without the ID key such a result stops the import.
struct ResultIDs {
    let store: SecurityStore
    let config: Config
    /// True when a finding with this ID is stored (or planned).
    let existing: (String) -> Bool
    /// Whether any stored finding is confidential: only then can one have a keyed ID.
    let anyConfidential: Bool
    /// The tools of the stored confidential findings: a result of one of them may be one filed
    /// with a keyed ID, which only the ID key can tell.
    let confidentialTools: Set<String>
    private var loaded: IDKey??

    init(store: SecurityStore, config: Config, stored: [StoredFinding], existing: @escaping (String) -> Bool) {
        self.store = store
        self.config = config
        self.existing = existing
        anyConfidential = stored.contains { $0.finding.isConfidential }
        confidentialTools = Set(stored.filter { $0.finding.isConfidential }.compactMap { $0.finding.source?.tool })
    }

    /// The ID key, read once: `SECISSUE_ID_KEY`, else `.security/id-key` opened with the keyring.
    mutating func idKey() throws -> IDKey? {
        if let loaded { return loaded }
        let key = try IDKey.load(files: store.files, keyring: store.keyring)
        loaded = .some(key)
        return key
    }

    mutating func id(for result: ScanResult) throws -> String {
        try id(forKey: result.identityKey, confidential: config.confidential.covers(tool: result.tool, severity: result.severity),
               tool: result.tool)
    }

    /// With `tool`, a result that may be a confidential finding of that tool filed keyed stops
    /// without the ID key: filed again under its plain ID it would be in clear, and the keyed one
    /// fixed as no longer seen. Without `tool` (a resolution), such a finding is left as it is.
    mutating func id(forKey key: String, confidential: Bool, tool: String? = nil) throws -> String {
        let plain = FindingID.derived(prefix: config.idPrefix, key: key)
        if existing(plain) { return plain }
        if confidential {
            guard let idKey = try idKey() else { throw IDKey.missing }
            return idKey.findingID(prefix: config.idPrefix, identityKey: key)
        }
        // Not covered now (its severity fell below min_severity?), but it may have been filed keyed.
        if anyConfidential {
            guard let idKey = try idKey() else {
                if let tool, confidentialTools.contains(tool) { throw Self.missing(tool) }
                return plain
            }
            let keyed = idKey.findingID(prefix: config.idPrefix, identityKey: key)
            if existing(keyed) { return keyed }
        }
        return plain
    }

    static func missing(_ tool: String) -> SecIssueError {
        SecIssueError("a \(tool) result may be a confidential finding filed under an ID keyed with the ID key of \(IDKey.path), "
                      + "which cannot be read here (filed again, it would be in clear and the confidential one fixed): set \(IDKey.variable) "
                      + "to the key (git secissue recipients id-key prints it, with a reader's identity) or set SECISSUE_IDENTITY to a "
                      + "reader's key; nothing was imported", code: SecIssueError.Code.noIdentity)
    }
}
