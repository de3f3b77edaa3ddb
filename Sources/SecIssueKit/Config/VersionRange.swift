import Foundation

/// Which versions a libraries.yml entry covers: `*` (or nothing) for all, else constraints such
/// as `>=1.2, <2`, `^4.17`, `~1.2`, `==3.0.1`, `!=2.0` or a bare version, with `||` between
/// alternatives (npm's style).
public struct VersionRange: Sendable, Equatable {
    public let text: String

    public init(_ text: String?) {
        self.text = (text ?? "*").trimmingCharacters(in: .whitespaces)
    }

    public var coversAll: Bool { text.isEmpty || text == "*" }

    /// Whether `version` is in the range. An unknown version is only in `*`.
    public func contains(_ version: String?) -> Bool {
        if coversAll { return true }
        guard let version, let parsed = Self.parts(version), let alternatives = constraints else { return false }
        return alternatives.contains { alternative in alternative.allSatisfy { Self.satisfies(parsed, $0) } }
    }

    /// True when every constraint reads as operator and version.
    public var isValid: Bool { coversAll || constraints != nil }

    /// The alternatives (`||`), each a list of (operator, version) constraints; nil when one does not parse.
    /// Spaces may stand between an operator and its version (`< 2.20`).
    var constraints: [[(op: String, bound: [Component])]]? {
        let operators = ["~=", ">=", "<=", "==", "!=", ">", "<", "=", "^", "~"]
        var result: [[(op: String, bound: [Component])]] = []
        for alternative in text.components(separatedBy: "||") {
            var list: [(op: String, bound: [Component])] = []
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
                let wildcard = bound.hasSuffix(".*") ? String(bound.dropLast(2)) : bound
                guard let parts = Self.parts(wildcard) else { return nil }
                list.append((op, parts))
            }
            guard pending == nil, !list.isEmpty || alternative.contains("*") else { return nil }
            result.append(list)
        }
        return result
    }

    private static func satisfies(_ version: [Component], _ constraint: (op: String, bound: [Component])) -> Bool {
        let target = constraint.bound
        let order = compare(version, target)
        switch constraint.op {
        case ">=": return order >= 0
        case "<=": return order <= 0
        case ">": return order > 0
        case "<": return order < 0
        case "!=": return order != 0
        case "^":
            // Same leading non-zero component, not below the bound.
            let major = target.firstIndex { $0 != .number(0) } ?? 0
            return order >= 0 && version.count > major && Array(version.prefix(major + 1)) == Array(target.prefix(major + 1))
        case "~", "~=":
            // Compatible release: not below the bound, same components but the last.
            let kept = max(target.count - 1, 1)
            return order >= 0 && Array(version.prefix(kept)) == Array(target.prefix(kept))
        default:
            // A bare or == version: 1.2 covers 1.2, 1.2.0 and 1.2.7, as a prefix.
            return Array(version.prefix(target.count)) == target
        }
    }

    enum Component: Equatable, Comparable {
        case number(Int)
        case text(String)

        static func < (lhs: Component, rhs: Component) -> Bool {
            switch (lhs, rhs) {
            case let (.number(a), .number(b)): return a < b
            case let (.text(a), .text(b)): return a < b
            case (.text, .number): return true     // 1.0-rc1 sorts before 1.0.1
            case (.number, .text): return false
            }
        }
    }

    /// `v1.2.3-rc.1` -> [1, 2, 3, "rc", 1]; nil for text that is not a version.
    static func parts(_ version: String) -> [Component]? {
        let trimmed = version.hasPrefix("v") ? String(version.dropFirst()) : version
        let pieces = trimmed.split(whereSeparator: { ".-+_".contains($0) })
        guard let first = pieces.first, Int(first) != nil else { return nil }
        return pieces.map { Int($0).map(Component.number) ?? .text(String($0)) }
    }

    static func compare(_ lhs: [Component], _ rhs: [Component]) -> Int {
        for index in 0..<max(lhs.count, rhs.count) {
            let a = index < lhs.count ? lhs[index] : .number(0)
            let b = index < rhs.count ? rhs[index] : .number(0)
            if a != b { return a < b ? -1 : 1 }
        }
        return 0
    }
}
