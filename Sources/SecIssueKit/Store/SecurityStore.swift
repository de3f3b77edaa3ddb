import Foundation
import SecIssueGit

/// A finding file as read: where it is, its exact text, and what it says (with its live values
/// from `refs/secissue/state` merged in, when the store has them).
public struct StoredFinding: Sendable {
    public let path: String
    public let text: String
    public let finding: Finding
    /// What the file alone says (opened, without live values): rewrites of `text` start from this.
    public let recorded: Finding
    /// The file as stored when `text` is a confidential finding opened in memory (nil otherwise):
    /// what a check for "changed since it was read" compares with.
    public var sealedText: String? = nil

    init(path: String, text: String, finding: Finding, recorded: Finding? = nil, sealedText: String? = nil) {
        self.path = path
        self.text = text
        self.finding = finding
        self.recorded = recorded ?? finding
        self.sealedText = sealedText
    }

    /// The file's bytes as they are in the store.
    public var storedBytes: [UInt8] { Array((sealedText ?? text).utf8) }
}

/// The `.security/` directory at one place (working tree or commit): config, findings, IDs.
public final class SecurityStore {
    public static let directory = ".security"
    public static let findingsDirectory = FindingLayout.directory

    public let files: SecurityFiles
    /// The live values read with this store (`Workspace.store(at:)` and the writers attach them).
    public let live: LiveState
    /// The parsed-findings cache listings read through (`findings()`); nil reads every file.
    let cache: FindingCache?
    /// The keys confidential findings are opened with; nil or empty shows them sealed.
    public var keyring: Keyring?

    public init(files: SecurityFiles, live: LiveState = LiveState(), keyring: Keyring? = nil) {
        self.files = files
        self.live = live
        self.cache = nil
        self.keyring = keyring
    }

    init(files: SecurityFiles, live: LiveState, cache: FindingCache?, keyring: Keyring?) {
        self.files = files
        self.live = live
        self.cache = cache
        self.keyring = keyring
    }

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

    /// Every finding file by ID, in either layout (`FindingLayout`), from the names alone.
    public func findingFiles() throws -> FindingLayout.Listing {
        try findingFiles(listedBy: files)
    }

    /// The same, with the directories listed by `lister` (the store's files, or a scan of them).
    func findingFiles(listedBy lister: SecurityFiles) throws -> FindingLayout.Listing {
        try requireInitialised()
        return try FindingLayout.list(lister)
    }

    /// Every finding ID, from the file names alone (nothing is parsed).
    public func findingIDs() throws -> [String] {
        try findingFiles().ids
    }

    /// Where the finding `id` is stored, in either layout; nil when there is no such file.
    public func existingPath(of id: String) throws -> String? {
        try FindingLayout.candidatePaths(of: id).first { try files.read($0) != nil }
    }

    /// Resolves a typed ID prefix against the findings here.
    public func resolve(_ input: String) throws -> String {
        try FindingIndex(ids: findingIDs()).resolve(input)
    }

    /// One finding, by any unique prefix of its ID. A whole ID (as listings print it and scripts
    /// pass it) whose file is there is that finding, as a full commit hash is never ambiguous:
    /// the other findings need not be listed.
    public func finding(_ input: String) throws -> StoredFinding {
        if FindingID.isValid(input), let stored = try decodedIfPresent(id: input) {
            return try withLive(opened([stored]))[0]
        }
        return try load(id: resolve(input))
    }

    /// One finding by its full ID.
    public func load(id: String) throws -> StoredFinding {
        try withLive(opened([try decoded(id: id)]))[0]
    }

    /// One finding file as stored, decoded: a confidential one still sealed.
    func decoded(id: String, path known: String? = nil) throws -> StoredFinding {
        guard let stored = try decodedIfPresent(id: id, path: known) else {
            throw SecIssueError("no finding \(id) in \(files.label)", code: SecIssueError.Code.noSuchFinding)
        }
        return stored
    }

    /// The same, nil when there is no file for `id` (at `known`, or in either layout).
    private func decodedIfPresent(id: String, path known: String? = nil) throws -> StoredFinding? {
        for path in known.map({ [$0] }) ?? FindingLayout.candidatePaths(of: id) {
            guard let bytes = try files.read(path) else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            return StoredFinding(path: path, text: text, finding: try FindingCodec.decode(text, path: path))
        }
        return nil
    }

    /// The live values of `refs/secissue/state` over what the (opened) files say; they were
    /// planned against the file as stored, which `base` names by its blob id.
    func withLive(_ stored: [StoredFinding]) -> [StoredFinding] {
        guard !live.values.isEmpty else { return stored }
        return stored.map { file in
            guard let values = live.values[file.finding.id] else { return file }
            return StoredFinding(path: file.path, text: file.text, finding: values.applied(to: file.finding, base: LiveValues.hash(file.sealedText ?? file.text)),
                                 recorded: file.finding, sealedText: file.sealedText)
        }
    }

    /// Decryption is a step after decoding the files as stored: the sealed findings the keyring
    /// can open, opened (several at once); the others as they are.
    func opened(_ stored: [StoredFinding]) throws -> [StoredFinding] {
        guard let keyring, !keyring.isEmpty else { return stored }
        let sealed = stored.indices.filter { stored[$0].finding.isSealed }
        guard !sealed.isEmpty else { return stored }
        let open = try AgeBatch.map(sealed.count) { try Sealing.open(stored[sealed[$0]], keyring: keyring) }
        var result = stored
        for (index, finding) in zip(sealed, open) where finding != nil { result[index] = finding! }
        return result
    }

    /// Every finding that parses, and a problem for each file that does not.
    public func loadAll() throws -> (findings: [StoredFinding], problems: [FileProblem]) {
        try loadAll(findingFiles())
    }

    /// The same, for the files of `listing`.
    func loadAll(_ listing: FindingLayout.Listing) throws -> (findings: [StoredFinding], problems: [FileProblem]) {
        var findings: [StoredFinding] = []
        var problems = listing.problems
        for id in listing.ids {
            do {
                findings.append(try decoded(id: id, path: listing.paths[id]))
            } catch let problem as FileProblem {
                problems.append(problem)
            }
        }
        return (withLive(try opened(findings)), problems)
    }
}
