/// `owners:` in config.yml: path globs mapped to the person who owns that code, in file order.
/// New and imported findings are assigned to the owner of the first glob their location matches.
public struct OwnerMap: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var pattern: String
        public var owner: String

        public init(_ pattern: String, _ owner: String) {
            self.pattern = pattern
            self.owner = owner
        }
    }

    public var entries: [Entry] = []

    public init(_ entries: [Entry] = []) {
        self.entries = entries
    }

    /// Reads the map, refusing an entry that could never assign anything: an empty, absolute or
    /// unusable glob, or an owner that is not one line of text.
    init(_ fields: YAMLFields) throws {
        for pattern in fields.keys {
            guard !pattern.isEmpty, !pattern.hasPrefix("/"), Glob.isUsable(pattern) else {
                throw fields.problem(pattern, "not a usable path glob: write one relative to the repository root, such as infra/**")
            }
            guard let owner = try fields.string(pattern)?.trimmingCharacters(in: .whitespaces), !owner.isEmpty,
                  !owner.contains(where: \.isNewline) else {
                throw fields.problem(pattern, "needs an owner: a name or an email on one line, such as ops@example.com")
            }
            entries.append(Entry(pattern, owner))
        }
    }

    /// The first entry whose glob matches `path`.
    public func owner(of path: String) -> Entry? {
        entries.first { Glob.matches($0.pattern, path) }
    }
}
