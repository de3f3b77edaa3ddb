import Foundation

/// A Python package version as PEP 440 orders it (and as `packaging.version.Version` does):
/// epoch, release, pre-release (a, b, rc and their spellings), post-release, dev release and a
/// local label. `1.0.dev0 < 1.0a1 < 1.0 < 1.0.post1 < 1.0.post1+local < 1!0.1`.
public struct PEP440Version: Comparable, Sendable {
    public let epoch: Numeral
    public let release: [Numeral]
    /// a = 0, b = 1, rc = 2, with the number.
    public let pre: (label: Int, number: Numeral)?
    public let post: Numeral?
    public let dev: Numeral?
    /// Local segments: numbers order above words.
    public let local: [LocalPart]?

    public enum LocalPart: Comparable, Sendable {
        case word(String)
        case number(Numeral)
    }

    /// packaging's VERSION_PATTERN, anchored, case-insensitive.
    private static let pattern = try! NSRegularExpression(pattern: #"""
        ^\s*v?(?:(?:([0-9]+)!)?([0-9]+(?:\.[0-9]+)*)([-_\.]?(alpha|a|beta|b|preview|pre|c|rc)[-_\.]?([0-9]+)?)?((?:-([0-9]+))|(?:[-_\.]?(post|rev|r)[-_\.]?([0-9]+)?))?([-_\.]?(dev)[-_\.]?([0-9]+)?)?)(?:\+([a-z0-9]+(?:[-_\.][a-z0-9]+)*))?\s*$
        """#, options: [.caseInsensitive])

    /// nil for text PEP 440 does not accept as a version.
    public init?(_ text: String) {
        // Most versions are plain release numbers (`2.31.0`): read without the regular expression.
        let utf8 = text.utf8
        if let first = utf8.first, let last = utf8.last, first != 46, last != 46, utf8.count < 512,
           utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 46 }), !text.contains("..") {
            epoch = .zero
            release = text.split(separator: ".").compactMap(Numeral.init)
            (pre, post, dev, local) = (nil, nil, nil, nil)
            return
        }
        let range = NSRange(text.startIndex..., in: text)
        guard text.utf8.count < 512, let match = Self.pattern.firstMatch(in: text, range: range) else { return nil }
        func group(_ index: Int) -> String? {
            Range(match.range(at: index), in: text).map { text[$0].lowercased() }
        }
        epoch = group(1).flatMap(Numeral.init) ?? .zero
        guard let releaseText = group(2) else { return nil }
        release = releaseText.split(separator: ".").compactMap(Numeral.init)
        if let label = group(4) {
            let rank = ["alpha": 0, "a": 0, "beta": 1, "b": 1, "preview": 2, "pre": 2, "c": 2, "rc": 2][label] ?? 2
            pre = (rank, group(5).flatMap(Numeral.init) ?? .zero)
        } else {
            pre = nil
        }
        if group(6) != nil {
            post = (group(7) ?? group(9)).flatMap(Numeral.init) ?? .zero
        } else {
            post = nil
        }
        dev = group(11) != nil ? (group(12).flatMap(Numeral.init) ?? .zero) : nil
        local = group(13).map { label in
            label.split(whereSeparator: { "-_.".contains($0) }).map { part in Numeral(part).map(LocalPart.number) ?? .word(String(part)) }
        }
    }

    public var isPrerelease: Bool { pre != nil || dev != nil }

    /// The parts of packaging's `_cmpkey`, each in an order where a missing part sorts where PEP 440 puts it.
    private enum Bound<T: Comparable>: Comparable {
        case below
        case value(T)
        case above
    }

    private struct Pre: Comparable {
        let label: Int
        let number: Numeral
        static func < (lhs: Pre, rhs: Pre) -> Bool { (lhs.label, lhs.number) < (rhs.label, rhs.number) }
    }

    private var preKey: Bound<Pre> {
        if let pre { return .value(Pre(label: pre.label, number: pre.number)) }
        // 1.0.dev0 sorts before 1.0a0; a plain release after every pre-release of it.
        return post == nil && dev != nil ? .below : .above
    }

    private var trimmedRelease: ArraySlice<Numeral> {
        var end = release.count
        while end > 0, release[end - 1].isZero { end -= 1 }
        return release[..<end]
    }

    public static func compare(_ lhs: PEP440Version, _ rhs: PEP440Version) -> Int {
        if lhs.epoch != rhs.epoch { return order(lhs.epoch, rhs.epoch) }
        let (a, b) = (lhs.trimmedRelease, rhs.trimmedRelease)
        if a != b { return a.lexicographicallyPrecedes(b) ? -1 : 1 }
        if lhs.preKey != rhs.preKey { return order(lhs.preKey, rhs.preKey) }
        let post = order(lhs.post.map(Bound.value) ?? .below, rhs.post.map(Bound.value) ?? .below)
        if post != 0 { return post }
        let dev = order(lhs.dev.map(Bound.value) ?? .above, rhs.dev.map(Bound.value) ?? .above)
        if dev != 0 { return dev }
        switch (lhs.local, rhs.local) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case let (l?, r?): return l == r ? 0 : (l.lexicographicallyPrecedes(r) ? -1 : 1)
        }
    }

    public static func < (lhs: PEP440Version, rhs: PEP440Version) -> Bool { compare(lhs, rhs) < 0 }
    public static func == (lhs: PEP440Version, rhs: PEP440Version) -> Bool { compare(lhs, rhs) == 0 }
}
