import CLibgit2
import Foundation

/// How much of its history a clone holds: what libgit2 1.5.1 cannot see past (the shallow
/// boundary, grafts) and whether objects may be missing on purpose (a partial clone).
public struct HistoryLimits: Sendable, Equatable {
    /// Commits listed in `shallow` (a `--depth` clone): their parents are not in this clone.
    public var shallow: Set<ObjectID> = []
    /// Commits listed in `info/grafts`: their parents are not the ones their objects name.
    public var grafted: Set<ObjectID> = []
    /// The remote that promised the objects a partial clone lacks (`remote.<name>.promisor`,
    /// `extensions.partialClone`), or nil for a complete clone.
    public var promisor: String?

    public init(shallow: Set<ObjectID> = [], grafted: Set<ObjectID> = [], promisor: String? = nil) {
        self.shallow = shallow
        self.grafted = grafted
        self.promisor = promisor
    }

    /// True when some commit's parents cannot be read here.
    public var isShallow: Bool { !shallow.isEmpty || !grafted.isEmpty }
    public var isPartial: Bool { promisor != nil }

    /// Commits whose parents, as this clone sees them, are not their real ones.
    public var boundary: Set<ObjectID> { shallow.union(grafted) }
}

extension Repository {
    /// Reads `shallow` and `info/grafts` in the common directory, and the promisor configuration.
    /// (libgit2 1.5.1 knows a repository is shallow, `git_repository_is_shallow`, but not where.)
    public func historyLimits() throws -> HistoryLimits {
        var limits = HistoryLimits()
        limits.shallow = Self.commitList(at: commonDirectory + "/shallow")
        limits.grafted = Self.commitList(at: commonDirectory + "/info/grafts")
        if let value = try configString("extensions.partialClone"), !value.isEmpty {
            limits.promisor = value
        } else {
            limits.promisor = try promisorRemotes().first
        }
        return limits
    }

    /// The first hash of each line of a file of commit hashes (`shallow`, `info/grafts`).
    private static func commitList(at path: String) -> Set<ObjectID> {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).compactMap { line in
            line.split(separator: " ").first.flatMap { ObjectID(hex: String($0)) }
        })
    }

    /// The remotes with `remote.<name>.promisor = true`.
    /// The corresponding C functions are `git_config_iterator_glob_new` and `git_config_next`.
    private func promisorRemotes() throws -> [String] {
        var config: OpaquePointer?
        try check(git_repository_config_snapshot(&config, pointer), "cannot read the git configuration")
        defer { git_config_free(config) }
        var iterator: OpaquePointer?
        try check(git_config_iterator_glob_new(&iterator, config, #"^remote\..*\.promisor$"#), "cannot read the git configuration")
        defer { git_config_iterator_free(iterator) }
        var remotes: [String] = []
        var entry: UnsafeMutablePointer<git_config_entry>?
        while git_config_next(&entry, iterator) == 0, let entry {
            let name = String(cString: entry.pointee.name)
            var truth: Int32 = 0
            guard git_config_parse_bool(&truth, entry.pointee.value) == 0, truth == 1 else { continue }
            remotes.append(String(name.dropFirst("remote.".count).dropLast(".promisor".count)))
        }
        return remotes
    }

    /// True when the object database holds `id`. The corresponding C function is `git_odb_exists`.
    public func objectExists(_ id: ObjectID) -> Bool {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, pointer) == 0 else { return false }
        defer { git_odb_free(odb) }
        var raw = id.raw
        return git_odb_exists(odb, &raw) == 1
    }

    /// Asks git to fetch `ids` from the promisor remote (`git cat-file --batch-check` reads each,
    /// and a partial clone fetches what it lacks on demand). Throws when one is still missing.
    public func fetchPromised(_ ids: [ObjectID]) throws {
        let missing = ids.filter { !objectExists($0) }
        guard !missing.isEmpty else { return }
        let input = Data(missing.map { $0.hex + "\n" }.joined().utf8)
        let output = try GitExecutable.run(["cat-file", "--batch-check"], in: self, input: input)
        let still = missing.filter { !objectExists($0) }
        if output.status != 0 || !still.isEmpty {
            let detail = output.stderr.split(separator: "\n").last.map { ": \($0)" } ?? ""
            throw GitError(kind: .incompleteHistory, message: "cannot fetch \(still.count) object\(still.count == 1 ? "" : "s") this partial clone lacks "
                           + "(first \(still.first?.short() ?? "?")) from its promisor remote\(detail)")
        }
    }

    /// Fetches the blobs a diff from `base` (nil: the empty tree) to `commit` reads, in one batch:
    /// `git diff-tree --numstat` reads them, and a partial clone fetches them first.
    public func fetchPromisedBlobs(from base: ObjectID?, to commit: ObjectID) throws {
        let arguments = ["diff-tree", "-r", "--numstat", "--no-renames"] + (base.map { [$0.hex, commit.hex] } ?? ["--root", commit.hex])
        let output = try GitExecutable.run(arguments, in: self)
        guard output.status == 0 else {
            throw GitError(kind: .incompleteHistory, message: "cannot fetch the files of \(commit.short()) this partial clone lacks: "
                           + (output.stderr.split(separator: "\n").last.map(String.init) ?? "git diff-tree failed"))
        }
    }

    /// Fetches every version of `path` in the history of `commit` (what blame reads) that a
    /// partial clone lacks. `git log --raw` names the blobs from trees alone, without reading them.
    public func fetchPromisedHistory(of path: String, at commit: ObjectID) throws {
        let output = try GitExecutable.run(["log", "--format=", "--raw", "--no-abbrev", "--no-renames", commit.hex, "--", path], in: self)
        guard output.status == 0 else {
            throw GitError(kind: .incompleteHistory, message: "cannot list the history of \(path) in this partial clone: "
                           + (output.stderr.split(separator: "\n").last.map(String.init) ?? "git log failed"))
        }
        // `:100644 100644 <old> <new> M\tpath`
        var blobs: [ObjectID] = []
        for line in String(decoding: output.stdout, as: UTF8.self).split(separator: "\n") where line.hasPrefix(":") {
            let fields = line.split(separator: "\t").first?.split(separator: " ") ?? []
            guard fields.count >= 4 else { continue }
            for field in fields[2...3] {
                if let id = ObjectID(hex: String(field)), id.hex != String(repeating: "0", count: 40) { blobs.append(id) }
            }
        }
        try fetchPromised(blobs)
    }
}
