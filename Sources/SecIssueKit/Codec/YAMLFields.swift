import Yams

/// Reads typed fields from a YAML mapping and reports a bad one as `path:line: field: problem`.
struct YAMLFields {
    let path: String
    let mapping: Node.Mapping
    /// Added to Yams' 1-based line to give the file line.
    let lineOffset: Int
    /// `commits.` for nested mappings, so messages name the full field.
    let prefix: String
    let line: Int?

    init(path: String, mapping: Node.Mapping, lineOffset: Int, prefix: String = "", line: Int? = nil) {
        self.path = path
        self.mapping = mapping
        self.lineOffset = lineOffset
        self.prefix = prefix
        self.line = line
    }

    /// Parses YAML text into a mapping, turning a syntax error into a `FileProblem` with its line.
    static func parse(_ text: String, path: String, lineOffset: Int) throws -> YAMLFields {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw FileProblem(path: path, line: error.line.map { $0 + lineOffset }, message: "invalid YAML: \(error.problem)")
        } catch {
            throw FileProblem(path: path, line: nil, message: "invalid YAML: \(error)")
        }
        guard let node else { return YAMLFields(path: path, mapping: [:], lineOffset: lineOffset) }
        guard let mapping = node.mapping else {
            throw FileProblem(path: path, line: node.mark.map { $0.line + lineOffset },
                              message: "expected YAML fields (key: value), found \(node.kindName)")
        }
        return YAMLFields(path: path, mapping: mapping, lineOffset: lineOffset)
    }

    var keys: [String] { mapping.keys.compactMap(\.scalar?.string) }

    func lineOf(_ key: String) -> Int? {
        mapping[key]?.mark.map { $0.line + lineOffset } ?? line
    }

    func problem(_ key: String, _ message: String) -> FileProblem {
        FileProblem(path: path, line: lineOf(key), message: "\(prefix)\(key): \(message)")
    }

    func string(_ key: String) throws -> String? {
        guard let node = mapping[key], !node.isNull else { return nil }
        guard let scalar = node.scalar else { throw problem(key, "expected a single value, found \(node.kindName)") }
        return scalar.string
    }

    func required(_ key: String) throws -> String {
        guard let value = try string(key), !value.isEmpty else {
            throw FileProblem(path: path, line: line ?? 1, message: "\(prefix)\(key): required field is missing")
        }
        return value
    }

    func int(_ key: String) throws -> Int? {
        guard let text = try string(key) else { return nil }
        guard let value = Int(text) else { throw problem(key, "expected a whole number, found '\(text)'") }
        return value
    }

    /// A list, also accepting a single value written without brackets.
    func strings(_ key: String) throws -> [String] {
        guard let node = mapping[key], !node.isNull else { return [] }
        if let scalar = node.scalar { return [scalar.string] }
        guard let sequence = node.sequence else { throw problem(key, "expected a list, found \(node.kindName)") }
        return try sequence.map { item in
            guard let scalar = item.scalar else { throw problem(key, "expected a list of values, found \(item.kindName) in it") }
            return scalar.string
        }
    }

    func nested(_ key: String) throws -> YAMLFields? {
        guard let node = mapping[key], !node.isNull else { return nil }
        guard let nested = node.mapping else { throw problem(key, "expected fields (key: value) under it, found \(node.kindName)") }
        return YAMLFields(path: path, mapping: nested, lineOffset: lineOffset, prefix: "\(prefix)\(key).", line: lineOf(key))
    }

    func enumValue<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) throws -> T? where T.RawValue == String {
        guard let text = try string(key) else { return nil }
        guard let value = T(rawValue: text) else {
            throw problem(key, "'\(text)' is not allowed: use one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}

extension Node {
    var isNull: Bool {
        guard let scalar else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    var kindName: String {
        switch self {
        case .scalar: return "a single value"
        case .mapping: return "fields"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}

extension YamlError {
    var line: Int? {
        switch self {
        // The context ("while parsing a flow sequence") marks where the broken construct starts,
        // which is the line a person has to fix; the problem mark is where the parser gave up.
        case .scanner(let context, _, let mark, _), .parser(let context, _, let mark, _), .composer(let context, _, let mark, _):
            return context?.mark.line ?? mark.line
        case .duplicatedKeysInMapping(_, let context): return context.mark.line
        default: return nil
        }
    }

    var problem: String {
        switch self {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _), .composer(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicate field \(duplicates.joined(separator: ", "))"
        default:
            return "\(self)"
        }
    }
}
