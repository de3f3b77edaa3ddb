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
    private var loaded: IDKey??

    init(store: SecurityStore, config: Config, stored: [StoredFinding], existing: @escaping (String) -> Bool) {
        self.store = store
        self.config = config
        self.existing = existing
        anyConfidential = stored.contains { $0.finding.isConfidential }
    }

    /// The ID key, read once: `SECISSUE_ID_KEY`, else `.security/id-key` opened with the keyring.
    mutating func idKey() throws -> IDKey? {
        if let loaded { return loaded }
        let key = try IDKey.load(files: store.files, keyring: store.keyring)
        loaded = .some(key)
        return key
    }

    mutating func id(for result: ScanResult) throws -> String {
        try id(forKey: result.identityKey, confidential: config.confidential.covers(tool: result.tool, severity: result.severity))
    }

    mutating func id(forKey key: String, confidential: Bool) throws -> String {
        let plain = FindingID.derived(prefix: config.idPrefix, key: key)
        if existing(plain) { return plain }
        if confidential {
            guard let idKey = try idKey() else { throw IDKey.missing }
            return idKey.findingID(prefix: config.idPrefix, identityKey: key)
        }
        // Not covered now (its severity fell below min_severity?), but it may have been filed keyed.
        if anyConfidential, let idKey = try? idKey() {
            let keyed = idKey.findingID(prefix: config.idPrefix, identityKey: key)
            if existing(keyed) { return keyed }
        }
        return plain
    }
}
