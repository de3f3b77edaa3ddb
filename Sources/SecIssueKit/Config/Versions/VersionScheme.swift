/// How an ecosystem orders its versions. libraries.yml ranges, OSV `ECOSYSTEM` ranges and the
/// upgrade advice all compare through the scheme of the package's ecosystem.
public enum VersionScheme: String, Sendable, CaseIterable {
    case pep440, semver, go, nuget, maven, rubygems, composer, generic

    public init(_ ecosystem: Ecosystem) {
        switch ecosystem {
        case .pypi: self = .pep440
        case .npm, .cargo, .swift: self = .semver
        case .go: self = .go
        case .nuget: self = .nuget
        case .maven: self = .maven
        case .rubygems: self = .rubygems
        case .composer: self = .composer
        }
    }

    /// The version in this scheme; nil when the text is not one.
    public func parse(_ text: String) -> OrderedVersion? {
        switch self {
        case .pep440: return PEP440Version(text).map(OrderedVersion.pep440)
        case .semver: return SemanticVersion(text).map(OrderedVersion.semver)
        case .go:
            // `+incompatible` is build metadata; SemVer ignores it, as Go does.
            return SemanticVersion(text).map(OrderedVersion.semver)
        case .nuget: return SemanticVersion(text, maxParts: 4, caseInsensitive: true).map(OrderedVersion.semver)
        case .maven: return MavenVersion(text).map(OrderedVersion.maven)
        case .rubygems: return RubyGemsVersion(text).map(OrderedVersion.rubygems)
        case .composer: return ComposerVersion(text).map(OrderedVersion.composer)
        case .generic: return GenericVersion(text).map(OrderedVersion.generic)
        }
    }

    /// -1, 0 or 1; nil when either is not a version of this scheme.
    public func compare(_ lhs: String, _ rhs: String) -> Int? {
        guard let a = parse(lhs), let b = parse(rhs) else { return nil }
        return OrderedVersion.compare(a, b)
    }
}

/// A parsed version of one scheme. Versions of different schemes do not compare (never equal,
/// ordered by scheme only so that sorting is total).
public enum OrderedVersion: Comparable, Sendable, CustomStringConvertible {
    case pep440(PEP440Version)
    case semver(SemanticVersion)
    case maven(MavenVersion)
    case rubygems(RubyGemsVersion)
    case composer(ComposerVersion)
    case generic(GenericVersion)

    public static func compare(_ lhs: OrderedVersion, _ rhs: OrderedVersion) -> Int {
        switch (lhs, rhs) {
        case let (.pep440(a), .pep440(b)): return PEP440Version.compare(a, b)
        case let (.semver(a), .semver(b)): return SemanticVersion.compare(a, b)
        case let (.maven(a), .maven(b)): return MavenVersion.compare(a, b)
        case let (.rubygems(a), .rubygems(b)): return RubyGemsVersion.compare(a, b)
        case let (.composer(a), .composer(b)): return ComposerVersion.compare(a, b)
        case let (.generic(a), .generic(b)): return GenericVersion.compare(a, b)
        default: return order(lhs.kind, rhs.kind)
        }
    }

    private var kind: Int {
        switch self {
        case .pep440: 0
        case .semver: 1
        case .maven: 2
        case .rubygems: 3
        case .composer: 4
        case .generic: 5
        }
    }

    /// The leading release numbers, for prefix ranges (`1.2.*`, `^1.2`, `~=1.2`).
    public var release: [Numeral] {
        switch self {
        case .pep440(let version): version.release
        case .semver(let version): version.release
        case .maven(let version): version.release
        case .rubygems(let version): version.release
        case .composer(let version): version.release
        case .generic(let version): version.release
        }
    }

    /// True for a pre-release (or dev release) where the scheme says so.
    public var isPrerelease: Bool {
        switch self {
        case .pep440(let version): version.isPrerelease
        case .semver(let version): version.isPrerelease
        case .rubygems(let version): version.isPrerelease
        default: false
        }
    }

    public var description: String { "\(release.map(\.description).joined(separator: "."))" }

    public static func < (lhs: OrderedVersion, rhs: OrderedVersion) -> Bool { compare(lhs, rhs) < 0 }
    public static func == (lhs: OrderedVersion, rhs: OrderedVersion) -> Bool { compare(lhs, rhs) == 0 }
}
