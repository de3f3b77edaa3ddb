import Yams

/// A parsed YAML value with the file line of each mapping entry, independent of the parser
/// that produced it (the fast subset reader or Yams).
indirect enum YAMLValue: Equatable {
    case scalar(String, isNull: Bool)
    case list([YAMLValue])
    case map([YAMLEntry])

    var kindName: String {
        switch self {
        case .scalar: return "a single value"
        case .list: return "a list"
        case .map: return "fields"
        }
    }

    var isNull: Bool {
        if case .scalar(_, true) = self { return true }
        return false
    }
}

/// One `key: value` of a mapping, with the line it is on (1-based, in the parsed text).
struct YAMLEntry: Equatable {
    let key: String
    let value: YAMLValue
    let line: Int
}

enum YAMLTree {
    /// Parses YAML text: the fast reader for the plain subset the tool writes, Yams for the rest.
    static func parse(_ text: String) throws -> YAMLValue? {
        if let fast = YAMLSubset.parse(text) { return fast }
        return try parseWithYams(text)
    }

    /// The full YAML parser; also what tests compare the fast reader against.
    static func parseWithYams(_ text: String) throws -> YAMLValue? {
        // Passing the encoding spares Yams a look-up of the environment on every parse.
        guard let node = try Yams.compose(yaml: text, .basic, .default, .utf8) else { return nil }
        return try convert(node)
    }

    private static func convert(_ node: Node) throws -> YAMLValue {
        switch node {
        case .scalar(let scalar):
            return .scalar(scalar.string, isNull: node.isNull)
        case .sequence(let sequence):
            return .list(try sequence.map(convert))
        case .mapping(let mapping):
            return .map(try mapping.map { key, value in
                YAMLEntry(key: key.scalar?.string ?? "\(key)", value: try convert(value), line: key.mark?.line ?? value.mark?.line ?? 1)
            })
        case .alias:
            throw FileProblem(path: "", line: node.mark?.line, message: "YAML aliases are not supported here: write the value out")
        }
    }
}

extension Node {
    var isNull: Bool {
        guard let scalar else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }
}
