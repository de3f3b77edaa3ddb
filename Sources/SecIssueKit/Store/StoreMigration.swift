/// `migrate`: moves a store to the newest format in one change, as `git mv` would: every finding
/// file keeps its bytes, so its blob, and only its path changes (history and blame follow it);
/// `config.yml` gets `format:`, and `.gitattributes` the merge driver's line for both layouts.
/// Confidential findings move as they are stored, sealed: nothing is opened.
public struct StoreMigration: Sendable {
    public struct Move: Sendable, Equatable {
        public let from: String
        public let to: String
    }

    /// The format the store had (its config.yml's).
    public let fromFormat: Int
    public let target: FindingLayout
    /// The finding files to move, by path.
    public let moves: [Move]

    /// Nothing to move and the format already set: a second run is a no-op.
    public var isDone: Bool { moves.isEmpty && fromFormat == target.format }

    /// What migrating `store` to `target` takes. A store whose listing has problems (a finding
    /// filed twice, a file in a directory its ID does not name) is refused: which file is the
    /// finding is a person's call.
    public static func plan(_ store: SecurityStore, to target: FindingLayout = .newest) throws -> StoreMigration {
        let listing = try store.findingFiles()
        if let problem = listing.problems.first {
            throw SecIssueError("\(problem)\(listing.problems.count > 1 ? " (and \(listing.problems.count - 1) more: git secissue validate lists them)" : ""); nothing was moved")
        }
        let moves = listing.ids.compactMap { id -> Move? in
            let from = listing.paths[id]!, to = target.path(of: id)
            return from == to ? nil : Move(from: from, to: to)
        }
        return StoreMigration(fromFormat: try store.config().findingLayout.format, target: target, moves: moves)
    }

    /// The files to write: each moved file's bytes at its new path and nothing at its old one,
    /// config.yml with the new format, `.gitattributes` with the merge driver's line.
    func changes(in store: SecurityStore) throws -> [String: [UInt8]?] {
        var changes: [String: [UInt8]?] = [:]
        for move in moves {
            guard let bytes = try store.files.read(move.from) else { throw SecIssueError("\(move.from) vanished while migrating: run git secissue migrate again") }
            changes[move.from] = .some(nil)
            changes[move.to] = bytes
        }
        let config = try store.files.read(Config.path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let updated = Self.setting(format: target.format, in: config)
        // Fail closed: the edited file must say what was meant, as the readers will parse it.
        guard try Config(yaml: updated).findingLayout == target else {
            throw SecIssueError("could not set format: \(target.format) in \(Config.path): set it by hand, then run git secissue migrate again")
        }
        if updated != config { changes[Config.path] = Array(updated.utf8) }
        if let attributes = MergeDriver.attributes(adding: try store.files.read(MergeDriver.attributesPath).map { String(decoding: $0, as: UTF8.self) }) {
            changes[MergeDriver.attributesPath] = attributes
        }
        return changes
    }

    var message: String {
        "secissue: migrate .security/ to format \(target.format) (\(target.pattern))\n\n"
            + "Moves \(moves.count) finding file\(moves.count == 1 ? "" : "s") unchanged (git mv); config.yml names the format.\n"
    }

    /// config.yml with its top-level `format:` set: the line replaced, or added after the
    /// file's opening comment, so every other line (and comment) stays as written.
    static func setting(format: Int, in text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let line = "format: \(format)"
        if let existing = lines.firstIndex(where: { $0.hasPrefix("format:") }) {
            lines[existing] = line
        } else {
            let header = lines.prefix { $0.hasPrefix("#") }.count
            let block = ["# The store format (docs/format.md), set by git secissue migrate.", line]
            lines.insert(contentsOf: header > 0 ? [""] + block : block + [""], at: header)
        }
        return lines.joined(separator: "\n")
    }
}
