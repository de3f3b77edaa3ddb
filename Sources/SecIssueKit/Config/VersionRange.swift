import Foundation

/// Which versions a libraries.yml entry covers: `*` (or nothing) for all, else constraints such
/// as `>=1.2, <2`, `^4.17`, `~1.2`, `==3.0.1`, `!=2.0` or a bare version, with `||` between
/// alternatives (npm's style).
///
/// Versions are ordered by the ecosystem's own rules (`VersionScheme`): PEP 440 for PyPI, so
/// `1.26.0.post1` is above `<=1.26.0`; SemVer for npm, crates.io, Go and SwiftPM; Maven's,
/// RubyGems', NuGet's and Composer's orderings for theirs. A bare or `==` version is a prefix of
/// the release numbers (`1.2` covers 1.2, 1.2.0 and 1.2.7), unless it names a pre-release or
/// other suffix, which must then match exactly.
public struct VersionRange: Sendable, Equatable {
    public let text: String

    public init(_ text: String?) {
        self.text = (text ?? "*").trimmingCharacters(in: .whitespaces)
    }

    public var coversAll: Bool { text.isEmpty || text == "*" }

    /// Whether `version` is in the range, ordered by `scheme`. An unknown version is only in `*`.
    /// A version or bound the scheme cannot read is compared by the generic ordering.
    public func contains(_ version: String?, scheme: VersionScheme = .generic) -> Bool {
        if coversAll { return true }
        guard let version, let alternatives = constraints else { return false }
        return alternatives.contains { alternative in
            alternative.allSatisfy { Self.satisfies(version, $0, scheme: scheme) ?? false }
        }
    }

    /// True when every constraint reads as operator and version.
    public var isValid: Bool { coversAll || constraints != nil }

    struct Constraint {
        let op: String
        let bound: String
        let wildcard: Bool
    }

    /// The alternatives (`||`), each a list of constraints; nil when one does not parse.
    /// Spaces may stand between an operator and its version (`< 2.20`).
    var constraints: [[Constraint]]? {
        let operators = ["~=", ">=", "<=", "==", "!=", ">", "<", "=", "^", "~"]
        var result: [[Constraint]] = []
        for alternative in text.components(separatedBy: "||") {
            var list: [Constraint] = []
            var pending: String?
            for token in alternative.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init) {
                if operators.contains(token) {
                    guard pending == nil else { return nil }
                    pending = token
                    continue
                }
                let op = pending ?? operators.first { token.hasPrefix($0) } ?? "=="
                let bound = pending == nil && token.hasPrefix(op) ? String(token.dropFirst(op.count)) : token
                pending = nil
                if bound == "*" { continue }
                let wildcard = bound.hasSuffix(".*")
                let trimmed = wildcard ? String(bound.dropLast(2)) : bound
                guard GenericVersion(trimmed) != nil else { return nil }
                list.append(Constraint(op: op, bound: trimmed, wildcard: wildcard))
            }
            guard pending == nil, !list.isEmpty || alternative.contains("*") else { return nil }
            result.append(list)
        }
        return result
    }

    /// nil when neither the scheme nor the generic ordering reads both.
    private static func satisfies(_ text: String, _ constraint: Constraint, scheme: VersionScheme) -> Bool? {
        var (version, bound) = (scheme.parse(text), scheme.parse(constraint.bound))
        if version == nil || bound == nil {
            (version, bound) = (VersionScheme.generic.parse(text), VersionScheme.generic.parse(constraint.bound))
        }
        guard let version, let bound else { return nil }
        let order = OrderedVersion.compare(version, bound)
        let target = bound.release
        let release = version.release
        switch constraint.op {
        case ">=": return order >= 0
        case "<=": return order <= 0
        case ">": return order > 0
        case "<": return order < 0
        case "!=": return constraint.wildcard ? !prefix(release, target) : order != 0
        case "^":
            // Same leading non-zero component, not below the bound.
            let major = target.firstIndex { !$0.isZero } ?? 0
            return order >= 0 && release.count > major && prefix(release, Array(target.prefix(major + 1)))
        case "~", "~=":
            // Compatible release: not below the bound, same components but the last.
            let kept = max(target.count - 1, 1)
            return order >= 0 && prefix(release, Array(target.prefix(kept)))
        default:
            // A bare or == version: a prefix of the release numbers, unless the bound says more
            // than its numbers (`1.0rc1`, `1.0-SNAPSHOT`), which must then be equal.
            let plain = scheme.parse(target.map(\.description).joined(separator: ".")).map { OrderedVersion.compare($0, bound) == 0 } ?? true
            return constraint.wildcard || plain ? prefix(release, target) : order == 0
        }
    }

    /// True when `release` starts with `target` (missing numbers count as zero).
    private static func prefix(_ release: [Numeral], _ target: [Numeral]) -> Bool {
        target.indices.allSatisfy { ($0 < release.count ? release[$0] : .zero) == target[$0] }
    }
}
