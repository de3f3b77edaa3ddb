import Foundation

/// The guides in `.security/guidance/`: what each covers (CWEs, path globs), so a finding is
/// one command away from how to fix it.
public struct GuidanceCatalog: Sendable {
    public struct Guide: Sendable, Equatable {
        public let id: String
        public let title: String
        public let cwe: [Int]
        public let tags: [String]
        public let paths: [String]
        /// The repository path of the guide's file.
        public let path: String
        /// The whole file, as written.
        public let text: String

        public var json: JSONValue {
            .object([("id", .string(id)), ("title", .string(title)), ("cwe", .array(cwe.map { .int($0) })),
                     ("tags", .strings(tags)), ("paths", .strings(paths)), ("file", .string(path))])
        }
    }

    public let guides: [Guide]

    /// Reads every guide; a malformed one is left out here (`validate` reports it).
    public init(store: SecurityStore) throws {
        try self.init(store: store) { _, _ in true }
    }

    /// The guides a finding links to or whose CWEs it has (`guides(for:)`), parsing only the
    /// guides whose front matter can name one of them (`GuideFilter`).
    public static func guides(for finding: Finding, in store: SecurityStore) throws -> [Guide] {
        let filter = GuideFilter(finding)
        return try GuidanceCatalog(store: store, keeping: filter.mayMatch).guides(for: finding)
    }

    /// Reads the guides, parsing the fields of those `keeping` accepts by their topic and front matter.
    private init(store: SecurityStore, keeping: (String, MarkdownDocument) -> Bool) throws {
        var guides: [Guide] = []
        for topic in try GuidanceTopics.list(in: store) {
            let path = "\(GuidanceTopics.directory)/\(topic).md"
            guard let bytes = try store.files.read(path),
                  let document = try? MarkdownDocument(parsing: String(decoding: bytes, as: UTF8.self), path: path),
                  keeping(topic, document),
                  let fields = try? YAMLFields.parse(document.frontMatterText, path: path, lineOffset: 1) else { continue }
            let cwe = ((try? fields.strings("cwe")) ?? []).compactMap { try? InputCheck.cwe($0) }
            guides.append(Guide(id: (try? fields.string("id")) ?? topic, title: (try? fields.string("title")) ?? topic, cwe: cwe,
                                tags: (try? fields.strings("tags")) ?? [], paths: (try? fields.strings("paths")) ?? [],
                                path: path, text: String(decoding: bytes, as: UTF8.self)))
        }
        self.guides = guides
    }

    /// One guide by its topic (the file name without `.md`), or an error naming the topics there are.
    public func guide(_ topic: String) throws -> Guide {
        guard let guide = guides.first(where: { $0.id == topic || $0.path.hasSuffix("/\(topic).md") }) else {
            throw SecIssueError("no guide '\(topic)': the topics are \(guides.isEmpty ? "none yet (git secissue init installs the starter guides)" : guides.map(\.id).joined(separator: ", "))")
        }
        return guide
    }

    /// The guides a finding links to by its `guidance:` field, then those matching its CWEs.
    public func guides(for finding: Finding) -> [Guide] {
        let linked = finding.guidance.compactMap { topic in guides.first { $0.id == topic } }
        return linked + guides.filter { guide in !linked.contains(guide) && guide.cwe.contains(where: finding.cwe.contains) }
    }

    /// Every guide one of whose path globs matches a repository path, in catalog order.
    public func guides(matching path: String) -> [Guide] {
        guides.filter { guide in guide.paths.contains { Glob.matches($0, path) } }
    }

    /// The guides for a repository path, the most specific first: those for the CWEs of the active
    /// findings located there (most findings first), then those whose path globs name more than a
    /// file type (`**/templates/**`, `.github/workflows/**`). Globs that only name a language
    /// (`**/*.py`) match every file of it, so those guides come only when nothing narrower
    /// applies, and `generic` says so.
    public func guides(forPath path: String, findings: [Finding]) -> (guides: [Guide], generic: Bool) {
        var counts: [String: Int] = [:]
        for finding in findings where finding.status.isActive && finding.location?.path == path {
            for guide in guides where guide.cwe.contains(where: finding.cwe.contains) { counts[guide.id, default: 0] += 1 }
        }
        let byFindings = guides.filter { counts[$0.id] != nil }.sorted { counts[$0.id]! > counts[$1.id]! }
        let matching = guides.compactMap { guide -> (Guide, Int)? in
            let scores = guide.paths.filter { Glob.matches($0, path) }.map(Self.specificity)
            return scores.max().map { (guide, $0) }
        }
        let specific = matching.filter { $0.1 > 0 && !byFindings.contains($0.0) }.sorted { $0.1 > $1.1 }.map(\.0)
        if !byFindings.isEmpty || !specific.isEmpty { return (byFindings + specific, false) }
        return (matching.map(\.0), true)
    }

    /// How much of a path a glob names beyond a file type: 0 for `**/*.py` or `*.py` (every file
    /// of a kind), else the number of its literal characters.
    static func specificity(_ glob: String) -> Int {
        let literal = glob.filter { !"*?/".contains($0) }
        let typeOnly = glob.range(of: #"^(\*\*/)?\*\.[A-Za-z0-9.]+$"#, options: .regularExpression) != nil
        return typeOnly ? 0 : literal.count
    }

    /// Every line (1-based number and text) of every guide that contains `text`, ignoring case.
    public func search(_ text: String) -> [(guide: Guide, lines: [(number: Int, text: String)])] {
        let needle = text.lowercased()
        return guides.compactMap { guide in
            let lines = guide.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .filter { $0.element.lowercased().contains(needle) }
                .map { (number: $0.offset + 1, text: String($0.element)) }
            return lines.isEmpty ? nil : (guide, lines)
        }
    }

    /// The topics whose CWEs include one of `cwe`, in catalog order.
    public func topics(forCWE cwe: [Int]) -> [String] {
        guides.filter { guide in guide.cwe.contains(where: cwe.contains) }.map(\.id)
    }
}
