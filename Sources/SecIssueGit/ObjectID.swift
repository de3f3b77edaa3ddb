import CLibgit2

/// The id of a git object, held as its 40-character lowercase hex name.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible {
    public let hex: String

    /// Creates an id from a full hex name; returns nil when it is not 40 hex digits.
    public init?(hex: String) {
        guard hex.utf8.count == 40, hex.utf8.allSatisfy({ $0.isHexDigit }) else { return nil }
        self.hex = hex.lowercased()
    }

    init(_ oid: git_oid) {
        var copy = oid
        var buffer = [UInt8](repeating: 0, count: 40)
        buffer.withUnsafeMutableBufferPointer { pointer in
            pointer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: 40) { _ = git_oid_fmt($0, &copy) }
        }
        self.hex = String(decoding: buffer, as: UTF8.self)
    }

    /// An id from its 20 bytes, as git's index stores it.
    init<Bytes: Collection<UInt8>>(rawBytes: Bytes) {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { $0.copyBytes(from: rawBytes.prefix(20)) }
        self.init(oid)
    }

    /// The 20 bytes the hex name spells.
    var rawBytes: [UInt8] { withUnsafeBytes(of: raw.id) { Array($0) } }

    /// The libgit2 form; the corresponding C function is `git_oid_fromstr`.
    var raw: git_oid {
        var oid = git_oid()
        git_oid_fromstr(&oid, hex)
        return oid
    }

    public var description: String { hex }

    /// The first `length` characters, as `git log --abbrev` prints them.
    public func short(_ length: Int = 7) -> String { String(hex.prefix(length)) }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (48...57).contains(self) || (97...102).contains(self) || (65...70).contains(self)
    }
}
