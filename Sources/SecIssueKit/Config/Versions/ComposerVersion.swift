/// A Composer (Packagist) version as Composer compares normalised versions: up to four numbers
/// (missing ones zero, a `v` prefix ignored), then the stability, dev < alpha < beta < RC <
/// stable < patch (`pl`, `p`), then its number. `dev-main` style branches are not versions.
public struct ComposerVersion: Comparable, Sendable {
    public let release: [Numeral]
    let stability: Int
    let number: Numeral

    private static let stabilities: [String: Int] = [
        "dev": 0, "alpha": 1, "a": 1, "beta": 2, "b": 2, "rc": 3, "stable": 4, "patch": 5, "pl": 5, "p": 5,
    ]

    public init?(_ text: String) {
        var body = Substring(text.trimmingCharacters(in: .whitespaces).lowercased())
        if body.first == "v" { body = body.dropFirst() }
        if let plus = body.firstIndex(of: "+") { body = body[..<plus] }
        var numbers: [Numeral] = []
        while let first = body.first, first.isASCIIDigit, numbers.count < 4 {
            let digits = body.prefix { $0.isASCIIDigit }
            numbers.append(Numeral(digits) ?? .zero)
            body = body.dropFirst(digits.count)
            if body.first == ".", body.dropFirst().first?.isASCIIDigit == true { body = body.dropFirst() } else { break }
        }
        guard !numbers.isEmpty else { return nil }
        release = numbers
        body = body.drop { "-_.".contains($0) }
        if body.isEmpty {
            stability = 4
            number = .zero
            return
        }
        let word = body.prefix { $0.isLetter }
        guard let rank = Self.stabilities[String(word)] else { return nil }
        var rest = body.dropFirst(word.count).drop { "-_.".contains($0) }
        let digits = rest.prefix { $0.isASCIIDigit }
        rest = rest.dropFirst(digits.count)
        guard rest.isEmpty else { return nil }
        stability = rank
        number = Numeral(digits) ?? .zero
    }

    public static func compare(_ lhs: ComposerVersion, _ rhs: ComposerVersion) -> Int {
        for index in 0..<4 {
            let a = index < lhs.release.count ? lhs.release[index] : .zero
            let b = index < rhs.release.count ? rhs.release[index] : .zero
            if a != b { return order(a, b) }
        }
        if lhs.stability != rhs.stability { return order(lhs.stability, rhs.stability) }
        return order(lhs.number, rhs.number)
    }

    public static func < (lhs: ComposerVersion, rhs: ComposerVersion) -> Bool { compare(lhs, rhs) < 0 }
    public static func == (lhs: ComposerVersion, rhs: ComposerVersion) -> Bool { compare(lhs, rhs) == 0 }
}
