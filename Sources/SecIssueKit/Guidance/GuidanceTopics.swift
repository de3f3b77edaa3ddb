/// The guidance topics in `.security/guidance/`.
public enum GuidanceTopics {
    public static let directory = ".security/guidance"

    public static func list(in store: SecurityStore) throws -> [String] {
        (try store.files.list(directory) ?? []).filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) }.sorted()
    }

    /// Throws, naming the topics there are, when `topic` is not one of them.
    public static func require(_ topic: String, in store: SecurityStore) throws {
        let topics = try list(in: store)
        guard topics.contains(topic) else {
            throw SecIssueError.usage("no guidance topic '\(topic)': the topics are \(topics.isEmpty ? "none yet" : topics.joined(separator: ", "))")
        }
    }
}
