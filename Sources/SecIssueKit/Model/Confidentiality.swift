/// The `confidential:` field of a finding (docs/confidential.md).
///
/// A confidential finding is stored *sealed*: its front matter keeps only the clear fields
/// (`Finding.clearFields`) and its body is one or more ASCII-armored age blocks, the first holding
/// the whole finding file, later ones activity added by someone who could not decrypt it. Read
/// with an identity that is one of its recipients, it is *open*: the whole finding, in memory only.
public struct Confidentiality: Equatable, Sendable {
    /// True for the file as stored, false for a finding opened (or being filed) in memory.
    public var sealed: Bool
    /// Who could read it when it was last sealed: the names in `.security/recipients`.
    public var readers: [String]

    public init(sealed: Bool = false, readers: [String] = []) {
        self.sealed = sealed
        self.readers = readers
    }

    /// The title a sealed finding shows in place of its own.
    public static let sealedTitle = "[confidential]"
}

extension Finding {
    public var isConfidential: Bool { confidential != nil }
    /// True when only the clear fields are known (no identity could open it).
    public var isSealed: Bool { confidential?.sealed == true }
}

extension Finding {
    /// What may be shown where anyone can read it (CI logs, pull-request comments): a
    /// confidential finding's clear fields only, any other finding as it is.
    public var clearView: Finding {
        guard let confidential else { return self }
        return Sealing.clearFields(of: self, readers: confidential.readers)
    }
}
