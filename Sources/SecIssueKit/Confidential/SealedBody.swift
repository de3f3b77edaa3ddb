/// The body of a sealed finding file: ASCII-armored age blocks, in this order:
///
/// - the *record*: the whole finding file, as a reader last wrote it;
/// - *activity* blocks: activity lines added by someone who could not decrypt the record;
/// - the *scan* block, after the line `<!-- scan -->` (or `<!-- scan refreshes -->`): the latest
///   result of the finding's scanner, put there by a re-import that could not decrypt the record
///   (`ScanView`), replaced by the next one.
///
/// A reader's write folds the activity and the scan result into a new record. Files written
/// before the scan block existed have no label and read as record and activity.
struct SealedBody: Equatable {
    var record: String?
    var activity: [String] = []
    var scan: String?
    /// The scan block is from a tool that keeps the title and description current.
    var scanRefreshes = false

    static let armorBegin = "-----BEGIN AGE ENCRYPTED FILE-----"
    static let armorEnd = "-----END AGE ENCRYPTED FILE-----"
    static let scanLabel = "<!-- scan -->"
    static let refreshingScanLabel = "<!-- scan refreshes -->"

    init(record: String?, activity: [String] = [], scan: String? = nil, scanRefreshes: Bool = false) {
        self.record = record
        self.activity = activity
        self.scan = scan
        self.scanRefreshes = scanRefreshes
    }

    /// Parses a sealed finding's description.
    init(parsing body: String) {
        var blocks: [String] = []
        var current: [Substring]?
        var scanStarts: Int?
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            if current == nil, trimmed == Self.scanLabel || trimmed == Self.refreshingScanLabel {
                scanStarts = blocks.count
                scanRefreshes = trimmed == Self.refreshingScanLabel
            }
            if trimmed == Self.armorBegin { current = [] }
            guard current != nil else { continue }
            current?.append(trimmed)
            if trimmed == Self.armorEnd, let lines = current {
                blocks.append(lines.joined(separator: "\n") + "\n")
                current = nil
            }
        }
        if let scanStarts, scanStarts < blocks.count {
            scan = blocks[scanStarts]
            blocks.remove(at: scanStarts)
        } else {
            scanRefreshes = false
        }
        record = blocks.first
        activity = Array(blocks.dropFirst())
    }

    /// Every block, record first.
    var blocks: [String] { [record].compactMap { $0 } + activity + [scan].compactMap { $0 } }

    /// The body as written into the file.
    var text: String {
        var parts = [record].compactMap { $0 } + activity
        if let scan { parts.append((scanRefreshes ? Self.refreshingScanLabel : Self.scanLabel) + "\n" + scan) }
        return parts.joined(separator: "\n")
    }
}
