/// The configuration git hands a subcommand in its environment: `git -c key=value` arrives as
/// `GIT_CONFIG_PARAMETERS`, and `git --config-env` and scripts use `GIT_CONFIG_COUNT` with
/// `GIT_CONFIG_KEY_<n>`/`GIT_CONFIG_VALUE_<n>`. libgit2 1.5.1 reads neither, so this reads them
/// the way git's `git_config_from_parameters` does: the counted pairs first, then the
/// parameters, the later value of a key winning; a malformed variable is an error, as in git.
public struct CommandLineConfig: Sendable, Equatable {
    /// One setting; a nil value is a key given without `=` (`git -c core.bare`), which is true.
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: String?

        public init(key: String, value: String?) {
            self.key = key
            self.value = value
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// The settings of `environment`, in git's order; none when neither variable is set.
    public init(environment: [String: String]) throws {
        var entries: [Entry] = []
        if let countText = environment["GIT_CONFIG_COUNT"] {
            // git reads the count with strtoul: empty is 0, anything else but digits is an error.
            guard countText.allSatisfy(\.isASCII), countText.allSatisfy(\.isNumber), let count = countText.isEmpty ? 0 : Int(countText),
                  count <= Int(Int32.max) else {
                throw GitError(message: "bogus count in GIT_CONFIG_COUNT: '\(countText)' is not a number of entries")
            }
            for index in 0..<count {
                guard let key = environment["GIT_CONFIG_KEY_\(index)"] else {
                    throw GitError(message: "missing config key GIT_CONFIG_KEY_\(index) (GIT_CONFIG_COUNT is \(count))")
                }
                guard let value = environment["GIT_CONFIG_VALUE_\(index)"] else {
                    throw GitError(message: "missing config value GIT_CONFIG_VALUE_\(index) (GIT_CONFIG_COUNT is \(count))")
                }
                entries.append(Entry(key: try Self.canonicalKey(key), value: value))
            }
        }
        if let parameters = environment["GIT_CONFIG_PARAMETERS"] {
            entries += try Self.parse(parameters: parameters)
        }
        self.entries = entries
    }

    // MARK: GIT_CONFIG_PARAMETERS

    /// Reads `GIT_CONFIG_PARAMETERS`: space-separated single-quoted words, each `'key'='value'`,
    /// `'key'` (true), `'key'=` (true) or, as git before 2.31 wrote it, `'key=value'`. A quote
    /// inside a word is written `'\''` (and `!` as `'\!'`), as git's `sq_quote` does.
    static func parse(parameters text: String) throws -> [Entry] {
        let bogus = GitError(message: "bogus format in GIT_CONFIG_PARAMETERS: expected 'key'='value' words, as git -c passes them")
        var scalars = Array(text.unicodeScalars)[...]
        var entries: [Entry] = []
        while let first = scalars.first {
            if first == " " || first == "\t" || first == "\n" { scalars.removeFirst(); continue }
            guard let key = dequote(&scalars) else { throw bogus }
            if scalars.first.map(isSpace) ?? true {
                // Old style: the whole `key=value` in one word.
                let parts = key.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = parts[0].trimmingSpaces
                guard !name.isEmpty else { throw GitError(message: "bogus config parameter in GIT_CONFIG_PARAMETERS: '\(key)'") }
                entries.append(Entry(key: try canonicalKey(name), value: parts.count > 1 ? String(parts[1]) : nil))
            } else if scalars.first == "=" {
                scalars.removeFirst()
                var value: String?
                if scalars.first == "'" {
                    guard let quoted = dequote(&scalars), scalars.first.map(isSpace) ?? true else { throw bogus }
                    value = quoted
                } else if !(scalars.first.map(isSpace) ?? true) {
                    throw bogus
                }
                entries.append(Entry(key: try canonicalKey(key), value: value))
            } else {
                throw bogus
            }
        }
        return entries
    }

    /// One single-quoted word from the front of `scalars` (git's `sq_dequote_step`), or nil when
    /// it is not one; on success `scalars` starts after the word.
    private static func dequote(_ scalars: inout ArraySlice<Unicode.Scalar>) -> String? {
        guard scalars.first == "'" else { return nil }
        var rest = scalars.dropFirst()
        var word = String.UnicodeScalarView()
        while true {
            guard let scalar = rest.popFirst() else { return nil }
            if scalar != "'" { word.append(scalar); continue }
            // Out of the quotes: `\'` or `\!` followed by a quote resumes them; anything else ends the word.
            let after = Array(rest.prefix(3))
            if after.count == 3, after[0] == "\\", after[1] == "'" || after[1] == "!", after[2] == "'" {
                word.append(after[1])
                rest = rest.dropFirst(3)
                continue
            }
            scalars = rest
            return String(word)
        }
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0B}" || scalar == "\u{0C}"
    }

    // MARK: Keys

    /// `section[.subsection].name` as git stores it: section and name in lower case, the
    /// subsection kept; the checks are those of git's `git_config_parse_key`.
    static func canonicalKey(_ key: String) throws -> String {
        guard !key.isEmpty else { throw GitError(message: "empty config key in the configuration git passed") }
        guard let firstDot = key.firstIndex(of: "."), let lastDot = key.lastIndex(of: ".") else {
            throw GitError(message: "key does not contain a section: \(key)")
        }
        let section = key[..<firstDot], name = key[key.index(after: lastDot)...]
        guard !name.isEmpty else { throw GitError(message: "key does not contain variable name: \(key)") }
        guard !section.isEmpty, section.unicodeScalars.allSatisfy(isKeyCharacter),
              let start = name.unicodeScalars.first, isLetter(start),
              name.unicodeScalars.allSatisfy(isKeyCharacter),
              !key[firstDot..<lastDot].unicodeScalars.contains("\n") else {
            throw GitError(message: "invalid key: \(key)")
        }
        let subsection = firstDot < lastDot ? String(key[firstDot..<lastDot]) : ""
        return section.lowercased() + subsection + "." + name.lowercased()
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static func isKeyCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isLetter(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
    }

    // MARK: As a configuration file

    /// The settings in git's configuration file syntax, in order, so a later one wins as it
    /// does in git; values are quoted and escaped so no character of theirs is read as syntax.
    public var fileText: String {
        entries.map { entry in
            let firstDot = entry.key.firstIndex(of: ".")!, lastDot = entry.key.lastIndex(of: ".")!
            var header = String(entry.key[..<firstDot])
            if firstDot < lastDot {
                header += " \"" + escaped(entry.key[entry.key.index(after: firstDot)..<lastDot], line: false) + "\""
            }
            let name = entry.key[entry.key.index(after: lastDot)...]
            let setting = entry.value.map { "\(name) = \"\(escaped(Substring($0), line: true))\"" } ?? String(name)
            return "[\(header)]\n\t\(setting)\n"
        }.joined()
    }

    private func escaped(_ text: Substring, line: Bool) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\".unicodeScalars
            case "\"": out += "\\\"".unicodeScalars
            case "\n" where line: out += "\\n".unicodeScalars
            case "\t" where line: out += "\\t".unicodeScalars
            case "\u{08}" where line: out += "\\b".unicodeScalars
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}

private extension Substring {
    var trimmingSpaces: String {
        var text = self
        while let first = text.unicodeScalars.first, first == " " || first == "\t" || first == "\n" { text = text.dropFirst() }
        while let last = text.unicodeScalars.last, last == " " || last == "\t" || last == "\n" { text = text.dropLast() }
        return String(text)
    }
}
