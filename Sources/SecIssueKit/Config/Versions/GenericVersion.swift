/// The ordering for versions of no known scheme: numbers and words split on `.-+_`, numbers
/// numerically, a word below a number (`1.0-rc1 < 1.0.1`), missing parts zero.
public struct GenericVersion: Comparable, Sendable {
    enum Component: Equatable, Comparable, Sendable {
        case text(String)
        case number(Numeral)
    }

    let components: [Component]

    /// `v1.2.3-rc.1` -> 1, 2, 3, rc, 1; nil unless it starts with a number.
    public init?(_ version: String) {
        let trimmed = version.hasPrefix("v") ? String(version.dropFirst()) : version
        let pieces = trimmed.split(whereSeparator: { ".-+_".contains($0) })
        guard let first = pieces.first, Numeral(first) != nil else { return nil }
        components = pieces.map { Numeral($0).map(Component.number) ?? .text(String($0)) }
    }

    public var release: [Numeral] {
        components.prefix { if case .number = $0 { return true } else { return false } }.compactMap {
            if case .number(let value) = $0 { return value } else { return nil }
        }
    }

    public static func compare(_ lhs: GenericVersion, _ rhs: GenericVersion) -> Int {
        for index in 0..<max(lhs.components.count, rhs.components.count) {
            let a = index < lhs.components.count ? lhs.components[index] : .number(.zero)
            let b = index < rhs.components.count ? rhs.components[index] : .number(.zero)
            if a != b { return a < b ? -1 : 1 }
        }
        return 0
    }

    public static func < (lhs: GenericVersion, rhs: GenericVersion) -> Bool { compare(lhs, rhs) < 0 }
    public static func == (lhs: GenericVersion, rhs: GenericVersion) -> Bool { compare(lhs, rhs) == 0 }
}
