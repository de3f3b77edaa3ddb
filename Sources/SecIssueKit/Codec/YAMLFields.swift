import Yams

/// Reads typed fields from a YAML mapping and reports a bad one as `path:line: field: problem`.
public struct YAMLFields {
    public let path: String
    let entries: [YAMLEntry]
    /// Added to the parsed text's 1-based line to give the file line.
    let lineOffset: Int
    /// `commits.` for nested mappings, so messages name the full field.
    let prefix: String
    /// The line of the parent key, for fields missing under it.
    public let line: Int?

    init(path: String, entries: [YAMLEntry], lineOffset: Int, prefix: String = "", line: Int? = nil) {
        self.path = path
        self.entries = entries
        self.lineOffset = lineOffset
        self.prefix = prefix
        self.line = line
    }

    /// Parses YAML text into fields, turning a syntax error into a `FileProblem` with its line.
    public static func parse(_ text: String, path: String, lineOffset: Int) throws -> YAMLFields {
        let value: YAMLValue?
        do {
            value = try YAMLTree.parse(text)
        } catch let error as YamlError {
            throw FileProblem(path: path, line: error.line.map { $0 + lineOffset }, message: "invalid YAML: \(error.problem)")
        } catch let problem as FileProblem {
            throw FileProblem(path: path, line: problem.line.map { $0 + lineOffset }, message: problem.message)
        } catch {
            throw FileProblem(path: path, line: nil, message: "invalid YAML: \(error)")
        }
        guard let value, !value.isNull else { return YAMLFields(path: path, entries: [], lineOffset: lineOffset) }
        guard case .map(let entries) = value else {
            throw FileProblem(path: path, line: 1 + lineOffset, message: "expected YAML fields (key: value), found \(value.kindName)")
        }
        return YAMLFields(path: path, entries: entries, lineOffset: lineOffset)
    }

    public var keys: [String] { entries.map(\.key) }

    /// True when the field is present, whatever its value.
    public func has(_ key: String) -> Bool { entry(key) != nil }

    func entry(_ key: String) -> YAMLEntry? { entries.first { $0.key == key } }

    public func lineOf(_ key: String) -> Int? {
        entry(key).map { $0.line + lineOffset } ?? line
    }

    public func problem(_ key: String, _ message: String) -> FileProblem {
        FileProblem(path: path, line: lineOf(key), message: "\(prefix)\(key): \(message)")
    }

    public func string(_ key: String) throws -> String? {
        guard let value = entry(key)?.value, !value.isNull else { return nil }
        guard case .scalar(let text, _) = value else { throw problem(key, "expected a single value, found \(value.kindName)") }
        return text
    }

    public func required(_ key: String) throws -> String {
        guard let value = try string(key), !value.isEmpty else {
            throw FileProblem(path: path, line: line ?? 1, message: "\(prefix)\(key): required field is missing")
        }
        return value
    }

    public func int(_ key: String) throws -> Int? {
        guard let text = try string(key) else { return nil }
        guard let value = Int(text) else { throw problem(key, "expected a whole number, found '\(text)'") }
        return value
    }

    /// A list, also accepting a single value written without brackets.
    public func strings(_ key: String) throws -> [String] {
        guard let value = entry(key)?.value, !value.isNull else { return [] }
        switch value {
        case .scalar(let text, _): return [text]
        case .map: throw problem(key, "expected a list, found fields")
        case .list(let items):
            return try items.map { item in
                guard case .scalar(let text, _) = item else { throw problem(key, "expected a list of values, found \(item.kindName) in it") }
                return text
            }
        }
    }

    public func nested(_ key: String) throws -> YAMLFields? {
        guard let value = entry(key)?.value, !value.isNull else { return nil }
        guard case .map(let nested) = value else { throw problem(key, "expected fields (key: value) under it, found \(value.kindName)") }
        return YAMLFields(path: path, entries: nested, lineOffset: lineOffset, prefix: "\(prefix)\(key).", line: lineOf(key))
    }

    /// A list of mappings (`- name: x` items), each read as fields.
    public func items(_ key: String) throws -> [YAMLFields] {
        guard let value = entry(key)?.value, !value.isNull else { return [] }
        guard case .list(let items) = value else { throw problem(key, "expected a list of entries, found \(value.kindName)") }
        return try items.enumerated().map { index, item in
            guard case .map(let entries) = item else {
                throw problem(key, "entry \(index + 1) must be fields such as name: and reason:, found \(item.kindName)")
            }
            return YAMLFields(path: path, entries: entries, lineOffset: lineOffset, prefix: "\(prefix)\(key)[\(index + 1)].",
                              line: entries.first.map { $0.line + lineOffset } ?? lineOf(key))
        }
    }

    public func enumValue<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) throws -> T? where T.RawValue == String {
        guard let text = try string(key) else { return nil }
        guard let value = T(rawValue: text) else {
            throw problem(key, "'\(text)' is not allowed: use one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
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
