/// A gem version as `Gem::Version#<=>` orders it: segments of digits or letters (a `-` reads as
/// `.pre.`), trailing zeros dropped from the numeric and the string part, a letter segment below
/// any number (so `1.0.a < 1.0`), numbers numerically and words alphabetically.
public struct RubyGemsVersion: Comparable, Sendable {
    enum Segment: Equatable, Sendable {
        case number(Numeral)
        case word(String)
    }

    let segments: [Segment]

    /// nil for text Gem::Version rejects.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.first?.isASCIIDigit == true,
              trimmed.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }),
              !trimmed.contains(".."), !trimmed.hasSuffix("."), !trimmed.hasSuffix("-") else { return nil }
        let version = trimmed.replacingOccurrences(of: "-", with: ".pre.")
        var segments: [Segment] = []
        var current = ""
        var digits = false
        func flush() {
            guard !current.isEmpty else { return }
            segments.append(digits ? .number(Numeral(current) ?? .zero) : .word(current))
            current = ""
        }
        for char in version {
            if char == "." { flush(); continue }
            if !current.isEmpty && char.isASCIIDigit != digits { flush() }
            digits = char.isASCIIDigit
            current.append(char)
        }
        flush()
        // canonical_segments: drop trailing zeros of the numeric part and of the string part.
        let split = segments.firstIndex { if case .word = $0 { return true } else { return false } } ?? segments.count
        func dropZeros(_ part: ArraySlice<Segment>) -> [Segment] {
            var part = Array(part)
            while let last = part.last, last == .number(.zero) { part.removeLast() }
            return part
        }
        self.segments = dropZeros(segments[..<split]) + dropZeros(segments[split...])
    }

    public var isPrerelease: Bool { segments.contains { if case .word = $0 { return true } else { return false } } }

    public var release: [Numeral] {
        segments.prefix { if case .number = $0 { return true } else { return false } }.compactMap {
            if case .number(let value) = $0 { return value } else { return nil }
        }
    }

    public static func compare(_ lhs: RubyGemsVersion, _ rhs: RubyGemsVersion) -> Int {
        for index in 0..<max(lhs.segments.count, rhs.segments.count) {
            let a = index < lhs.segments.count ? lhs.segments[index] : .number(.zero)
            let b = index < rhs.segments.count ? rhs.segments[index] : .number(.zero)
            if a == b { continue }
            switch (a, b) {
            case (.word, .number): return -1
            case (.number, .word): return 1
            case let (.number(x), .number(y)): return order(x, y)
            case let (.word(x), .word(y)): return order(x, y)
            }
        }
        return 0
    }

    public static func < (lhs: RubyGemsVersion, rhs: RubyGemsVersion) -> Bool { compare(lhs, rhs) < 0 }
    public static func == (lhs: RubyGemsVersion, rhs: RubyGemsVersion) -> Bool { compare(lhs, rhs) == 0 }
}
