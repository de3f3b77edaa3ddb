/// A version ordered by SemVer 2.0.0 precedence: the numbers, then pre-release identifiers
/// (numeric ones numerically and below alphanumeric ones; a release above its pre-releases);
/// build metadata is ignored. It also serves npm, crates.io, Go (a `v` prefix; pseudo-versions
/// are pre-releases, so they order by their timestamp), SwiftPM and, with `caseInsensitive` and
/// four numbers, NuGet.
public struct SemanticVersion: Comparable, Sendable {
    /// Major, minor, patch (and NuGet's revision); missing ones count as zero.
    public let release: [Numeral]
    public let prerelease: [Identifier]
    public let caseInsensitive: Bool

    public enum Identifier: Comparable, Sendable {
        case number(Numeral)
        case word(String)
    }

    /// Reads `1.2.3`, `v1.2.3-rc.1+build`, `=1.2.3`; `1.2` and `1` are read as `1.2.0` and `1.0.0`
    /// (registries and lockfiles write them). nil for anything else.
    public init?(_ text: String, maxParts: Int = 3, caseInsensitive: Bool = false) {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.hasPrefix("=") { body = body.dropFirst() }
        if body.first == "v" || body.first == "V" { body = body.dropFirst() }
        if let plus = body.firstIndex(of: "+") {
            let build = body[body.index(after: plus)...]
            guard !build.isEmpty, build.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(Self.isIdentifier) else { return nil }
            body = body[..<plus]
        }
        var pre: Substring = ""
        if let dash = body.firstIndex(of: "-") {
            pre = body[body.index(after: dash)...]
            body = body[..<dash]
            guard !pre.isEmpty else { return nil }
        }
        let numbers = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...maxParts).contains(numbers.count) else { return nil }
        var release: [Numeral] = []
        for number in numbers {
            guard let value = Numeral(number) else { return nil }
            release.append(value)
        }
        var identifiers: [Identifier] = []
        if !pre.isEmpty {
            for part in pre.split(separator: ".", omittingEmptySubsequences: false) {
                guard Self.isIdentifier(part) else { return nil }
                identifiers.append(Numeral(part).map(Identifier.number) ?? .word(caseInsensitive ? part.lowercased() : String(part)))
            }
        }
        self.release = release
        self.prerelease = identifiers
        self.caseInsensitive = caseInsensitive
    }

    private static func isIdentifier(_ part: Substring) -> Bool {
        !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    public var isPrerelease: Bool { !prerelease.isEmpty }

    public static func compare(_ lhs: SemanticVersion, _ rhs: SemanticVersion) -> Int {
        for index in 0..<max(lhs.release.count, rhs.release.count) {
            let a = index < lhs.release.count ? lhs.release[index] : .zero
            let b = index < rhs.release.count ? rhs.release[index] : .zero
            if a != b { return order(a, b) }
        }
        switch (lhs.prerelease.isEmpty, rhs.prerelease.isEmpty) {
        case (true, true): return 0
        case (true, false): return 1
        case (false, true): return -1
        case (false, false):
            if lhs.prerelease == rhs.prerelease { return 0 }
            return lhs.prerelease.lexicographicallyPrecedes(rhs.prerelease) ? -1 : 1
        }
    }

    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool { compare(lhs, rhs) < 0 }
    public static func == (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool { compare(lhs, rhs) == 0 }
}
