import CLibgit2
import Foundation

/// An open git repository. It owns its libgit2 handle and frees it in `deinit`;
/// every object looked up through it is freed before the call that made it returns.
///
/// Not `Sendable`: libgit2 handles must stay on the thread that uses them.
public final class Repository {
    let pointer: OpaquePointer
    /// The file holding the configuration git passed in the environment, removed with the
    /// repository (`addCommandLineConfig`).
    var commandLineConfigFile: String?
    /// The index `GIT_INDEX_FILE` named (absolute), which git is asked about when it lists the
    /// staged files (`stagedEntries`); nil when it named none.
    var indexFile: String?

    init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_repository_free(pointer)
        if let commandLineConfigFile { unlink(commandLineConfigFile) }
    }

    /// Opens the repository at `path` exactly, or the one containing it when `search` is true,
    /// with the configuration git passed in `environment` (`addCommandLineConfig`).
    /// The corresponding C function is `git_repository_open_ext`.
    public static func open(
        at path: String, search: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Repository {
        ensureLibgit2()
        var out: OpaquePointer?
        let flags = search ? 0 : GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue
        try check(git_repository_open_ext(&out, path, flags, nil), "not a git repository: \(path)")
        guard let out else { throw GitError(message: "not a git repository: \(path)") }
        let repository = Repository(pointer: out)
        try repository.addCommandLineConfig(from: environment)
        return repository
    }

    /// Opens the repository the way git does for a subcommand: `GIT_DIR`, `GIT_WORK_TREE` and the
    /// other `GIT_*` variables of `environment`, else discovery upwards from `directory`; the
    /// configuration git passed (`git -c`) is its highest level (`addCommandLineConfig`).
    ///
    /// libgit2 1.5.1 refuses `GIT_REPOSITORY_OPEN_FROM_ENV` when `GIT_WORK_TREE` or
    /// `GIT_COMMON_DIR` is set, so that case finds the git directory itself and sets the
    /// work tree afterwards. So does `GIT_INDEX_FILE`, which git sets for every commit hook:
    /// `GIT_REPOSITORY_OPEN_FROM_ENV` reads that whole index as it opens the repository (9 ms at
    /// 10,000 files), and the pre-commit hook never needs it (`stagedChanges` asks git).
    public static func discover(
        from directory: String = FileManager.default.currentDirectoryPath,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Repository {
        ensureLibgit2()
        let notFound = "not a git repository (or any of the parent directories): \(directory)"
        let workTree = environment["GIT_WORK_TREE"].flatMap { $0.isEmpty ? nil : $0 }
        let gitDir = environment["GIT_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        let indexFile = environment["GIT_INDEX_FILE"].flatMap { $0.isEmpty ? nil : absolute($0, relativeTo: directory) }
        // The variables only GIT_REPOSITORY_OPEN_FROM_ENV applies: with one of them, it opens the
        // repository (and reads the index) as before.
        let objectsFromEnvironment = ["GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE"].contains { environment[$0] != nil }
        if workTree == nil && environment["GIT_COMMON_DIR"] == nil && (indexFile == nil || objectsFromEnvironment)
            && directory == FileManager.default.currentDirectoryPath {
            var out: OpaquePointer?
            try check(git_repository_open_ext(&out, nil, GIT_REPOSITORY_OPEN_FROM_ENV.rawValue, nil), notFound)
            guard let out else { throw GitError(kind: .notFound, message: notFound) }
            let repository = Repository(pointer: out)
            repository.indexFile = indexFile
            try repository.addCommandLineConfig(from: environment)
            return repository
        }
        let repository: Repository
        if let gitDir {
            repository = try open(at: absolute(gitDir, relativeTo: directory), environment: [:])
        } else {
            var out: OpaquePointer?
            let ceilings = environment["GIT_CEILING_DIRECTORIES"]
            var across: Int32 = 0
            let flags = environment["GIT_DISCOVERY_ACROSS_FILESYSTEM"].map { git_config_parse_bool(&across, $0) == 0 && across != 0 } == true
                ? GIT_REPOSITORY_OPEN_CROSS_FS.rawValue : 0
            try check(git_repository_open_ext(&out, directory, flags, ceilings), notFound)
            guard let out else { throw GitError(kind: .notFound, message: notFound) }
            repository = Repository(pointer: out)
        }
        if let workTree {
            let path = absolute(workTree, relativeTo: directory)
            try check(git_repository_set_workdir(repository.pointer, path, 0), "cannot use GIT_WORK_TREE=\(workTree)")
        }
        if let indexFile { try repository.use(indexFile: indexFile) }
        try repository.addCommandLineConfig(from: environment)
        return repository
    }

    /// Makes `path` this repository's index, as `GIT_INDEX_FILE` does for git. When it is the
    /// repository's own `index` (a plain `git commit` names it for its hooks) nothing is read:
    /// libgit2 reads that file itself if a command needs the index. Another file (`git commit -a`
    /// names `index.lock`) is read now and used for everything.
    /// The corresponding C functions are `git_index_open` and `git_repository_set_index`.
    func use(indexFile path: String) throws {
        indexFile = path
        if sameFile(path, gitDirectory + "/index") { return }
        var index: OpaquePointer?
        try check(git_index_open(&index, path), "cannot read the index GIT_INDEX_FILE names: \(path)")
        defer { git_index_free(index) }
        try check(git_repository_set_index(pointer, index), "cannot use the index \(path)")
    }

    /// Creates a repository (used by tests and the demo). The corresponding C function is `git_repository_init`.
    public static func create(at path: String, bare: Bool = false) throws -> Repository {
        ensureLibgit2()
        var out: OpaquePointer?
        try check(git_repository_init(&out, path, bare ? 1 : 0), "cannot create a repository at \(path)")
        guard let out else { throw GitError(message: "cannot create a repository at \(path)") }
        return Repository(pointer: out)
    }

    /// True for a repository with no working tree.
    public var isBare: Bool { git_repository_is_bare(pointer) == 1 }

    /// The top of the working tree without a trailing slash, or nil in a bare repository.
    public var workingDirectory: String? {
        guard let path = git_repository_workdir(pointer) else { return nil }
        return trimmingSlash(String(cString: path))
    }

    /// The `.git` directory (for a linked worktree, its own git directory).
    public var gitDirectory: String { trimmingSlash(String(cString: git_repository_path(pointer))) }

    /// The directory shared by all worktrees, where refs and objects live.
    public var commonDirectory: String { trimmingSlash(String(cString: git_repository_commondir(pointer))) }
}

private func trimmingSlash(_ path: String) -> String {
    path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
}

/// True when both paths name one file, or, where there is none yet, the same path.
private func sameFile(_ one: String, _ other: String) -> Bool {
    var a = stat(), b = stat()
    if stat(one, &a) == 0 && stat(other, &b) == 0 { return a.st_dev == b.st_dev && a.st_ino == b.st_ino }
    return URL(fileURLWithPath: one).standardizedFileURL.path == URL(fileURLWithPath: other).standardizedFileURL.path
}

private func absolute(_ path: String, relativeTo base: String) -> String {
    path.hasPrefix("/") ? path : URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: base, isDirectory: true)).standardizedFileURL.path
}
