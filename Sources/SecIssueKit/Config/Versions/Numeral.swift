/// A non-negative integer of any length, compared by value: version components are untrusted text,
/// and `99999999999999999999` must order above `9`, not overflow or trap.
public struct Numeral: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// The digits without leading zeros (`"0"` for zero).
    public let digits: Substring

    /// nil unless `text` is all ASCII digits (and not empty).
    public init?<S: StringProtocol>(_ text: S) {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let string = String(text)
        let trimmed = string.drop { $0 == "0" }
        digits = trimmed.isEmpty ? "0" : trimmed
    }

    public static let zero = Numeral("0")!

    public var isZero: Bool { digits == "0" }
    public var description: String { String(digits) }

    /// Digits are ASCII, so their bytes compare as the characters do, without `Character`'s
    /// grapheme breaking, which once made version comparison a visible part of `libs audit`.
    public static func < (lhs: Numeral, rhs: Numeral) -> Bool {
        let left = lhs.digits.utf8, right = rhs.digits.utf8
        return left.count != right.count ? left.count < right.count : left.lexicographicallyPrecedes(right)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// -1, 0 or 1, as the orderings here return.
@inline(__always)
func order<T: Comparable>(_ lhs: T, _ rhs: T) -> Int { lhs < rhs ? -1 : (lhs == rhs ? 0 : 1) }
