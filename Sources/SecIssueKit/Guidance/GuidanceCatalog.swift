/// The guides in `.security/guidance/`: what each covers (CWEs, path globs), so a finding is
/// one command away from how to fix it.
public struct GuidanceCatalog: Sendable {
    public struct Guide: Sendable, Equatable {
        public let id: String
        public let title: String
        public let cwe: [Int]
        public let tags: [String]
        public let paths: [String]
    }

    public let guides: [Guide]

    /// Reads every guide; a malformed one is left out here (`validate` reports it).
    public init(store: SecurityStore) throws {
        var guides: [Guide] = []
        for topic in try GuidanceTopics.list(in: store) {
            let path = "\(GuidanceTopics.directory)/\(topic).md"
            guard let bytes = try store.files.read(path),
                  let document = try? MarkdownDocument(parsing: String(decoding: bytes, as: UTF8.self), path: path),
                  let fields = try? YAMLFields.parse(document.frontMatterText, path: path, lineOffset: 1) else { continue }
            let cwe = ((try? fields.strings("cwe")) ?? []).compactMap { try? InputCheck.cwe($0) }
            guides.append(Guide(id: (try? fields.string("id")) ?? topic, title: (try? fields.string("title")) ?? topic, cwe: cwe,
                                tags: (try? fields.strings("tags")) ?? [], paths: (try? fields.strings("paths")) ?? []))
        }
        self.guides = guides
    }

    /// The topics whose CWEs include one of `cwe`, in catalog order.
    public func topics(forCWE cwe: [Int]) -> [String] {
        guides.filter { guide in guide.cwe.contains(where: cwe.contains) }.map(\.id)
    }
}
