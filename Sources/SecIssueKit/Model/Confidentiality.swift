/// The `confidential:` field of a finding (docs/confidential.md).
///
/// A confidential finding is stored *sealed*: its front matter keeps only the clear fields
/// (`Finding.clearFields`) and its body is ASCII-armored age blocks (`SealedBody`): the record
/// (the whole finding file), activity added by someone who could not decrypt it, and the latest
/// scan result a re-import without the key put there. Read with an identity that is one of its
/// recipients, it is *open*: the whole finding, in memory only.
public struct Confidentiality: Equatable, Sendable {
    /// True for the file as stored, false for a finding opened (or being filed) in memory.
    public var sealed: Bool
    /// Who could read it when it was last sealed: the names in `.security/recipients`.
    public var readers: [String]
    /// The stored file says `severity: hidden` (policy `hide_severity`): its severity and due date
    /// are sealed, and a sealed one counts as blocking wherever a threshold is applied.
    public var hidesSeverity: Bool
    /// `scan:`, the keyed digest of the last scan result applied to it (`ScanView`), so that a
    /// re-import without the key writes the file only when what the scanner says changed.
    public var scan: String?

    public init(sealed: Bool = false, readers: [String] = [], hidesSeverity: Bool = false, scan: String? = nil) {
        self.sealed = sealed
        self.readers = readers
        self.hidesSeverity = hidesSeverity
        self.scan = scan
    }

    /// The title a sealed finding shows in place of its own.
    public static let sealedTitle = "[confidential]"
    /// What a sealed file says for a severity it hides.
    public static let hiddenSeverity = "hidden"
}

extension Finding {
    public var isConfidential: Bool { confidential != nil }
    /// True when only the clear fields are known (no identity could open it).
    public var isSealed: Bool { confidential?.sealed == true }
    /// True when the severity is sealed and unknown here: `severity` is then `critical`, so that
    /// every threshold counts it (fails closed), and `severityLabel` says `hidden`.
    public var isSeverityHidden: Bool { isSealed && confidential?.hidesSeverity == true }
    /// The severity as shown: `hidden` when it is sealed and unknown here.
    public var severityLabel: String { isSeverityHidden ? Confidentiality.hiddenSeverity : severity.rawValue }
}

extension Finding {
    /// What may be shown where anyone can read it (CI logs, pull-request comments): a
    /// confidential finding's clear fields only, any other finding as it is.
    public var clearView: Finding {
        guard let confidential else { return self }
        var clear = Sealing.clearFields(of: self, readers: confidential.readers, hidingSeverity: confidential.hidesSeverity)
        // In memory only: a gate run with a reader's key judges the real severity and due date;
        // what it prints shows `hidden` (`severityLabel`) and no date.
        clear.severity = severity
        clear.due = due
        return clear
    }
}
