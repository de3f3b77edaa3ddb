import Foundation
import SecIssueGit

/// A finding file as read: where it is, its exact text, and what it says.
public struct StoredFinding: Sendable {
    public let path: String
    public let text: String
    public let finding: Finding
}

/// The `.security/` directory at one place (working tree or commit): config, findings, IDs.
public final class SecurityStore {
    public static let directory = ".security"
    public static let findingsDirectory = ".security/findings"

    public let files: SecurityFiles

    public init(files: SecurityFiles) {
        self.files = files
    }

    public static func findingPath(_ id: String) -> String { "\(findingsDirectory)/\(id).md" }

    /// Throws the "run git secissue init" error when there is no `.security/` here.
    public func requireInitialised() throws {
        guard try files.list(Self.directory) != nil else {
            throw SecIssueError("no .security/ directory in \(files.label): run git secissue init first", code: SecIssueError.Code.notInitialised)
        }
    }

    /// The policy; the defaults when config.yml is absent.
    public func config() throws -> Config {
        guard let bytes = try files.read(Config.path) else { return Config() }
        return try Config(yaml: String(decoding: bytes, as: UTF8.self))
    }

    /// The declared security tests; nil when tests.yml is absent (a test run then has nothing
    /// to run, which its caller must say rather than pass).
    public func securityTests() throws -> SecurityTests? {
        guard let bytes = try files.read(SecurityTests.path) else { return nil }
        return try SecurityTests(yaml: String(decoding: bytes, as: UTF8.self))
    }

    /// Every finding ID, from the file names alone (nothing is parsed).
    public func findingIDs() throws -> [String] {
        try requireInitialised()
        return (try files.list(Self.findingsDirectory) ?? [])
            .filter { $0.hasSuffix(".md") }
            .map { String($0.dropLast(3)) }
            .sorted()
    }

    /// Resolves a typed ID prefix against the findings here.
    public func resolve(_ input: String) throws -> String {
        try FindingIndex(ids: findingIDs()).resolve(input)
    }

    /// One finding, by any unique prefix of its ID.
    public func finding(_ input: String) throws -> StoredFinding {
        let id = try resolve(input)
        return try load(id: id)
    }

    /// One finding by its full ID.
    public func load(id: String) throws -> StoredFinding {
        let path = Self.findingPath(id)
        guard let bytes = try files.read(path) else { throw SecIssueError("no finding \(id) in \(files.label)", code: SecIssueError.Code.noSuchFinding) }
        let text = String(decoding: bytes, as: UTF8.self)
        return StoredFinding(path: path, text: text, finding: try FindingCodec.decode(text, path: path))
    }

    /// Every finding that parses, and a problem for each file that does not.
    public func loadAll() throws -> (findings: [StoredFinding], problems: [FileProblem]) {
        var findings: [StoredFinding] = []
        var problems: [FileProblem] = []
        for id in try findingIDs() {
            do {
                findings.append(try load(id: id))
            } catch let problem as FileProblem {
                problems.append(problem)
            }
        }
        return (findings, problems)
    }
}
