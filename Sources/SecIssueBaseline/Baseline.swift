import SecIssueKit
/// A known-good state of a system: the files matching some patterns and the installed packages,
/// kept in `.security/baselines/NAME.yml` and compared with the live system by `baseline check`.
///
/// Paths are absolute inside the checked root (`/etc/passwd` means `ROOT/etc/passwd`), so one
/// baseline fits a live system, a mounted image and a container filesystem alike.
public struct Baseline: Sendable, Equatable {
    public static let directory = ".security/baselines"

    /// The repository path of the baseline called `name`.
    public static func path(_ name: String) -> String { "\(directory)/\(name).yml" }

    /// Letters, digits, `.`, `_` and `-`, not starting with `.`: a name can never leave the directory.
    public static func validate(name: String) throws {
        let allowed = name.utf8.allSatisfy { byte in
            (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || "._-".utf8.contains(byte)
        }
        guard !name.isEmpty, allowed, !name.hasPrefix("."), name.count <= 100 else {
            throw SecIssueError.usage(
                "invalid baseline name '\(name)': use letters, digits, '.', '_' and '-' (not starting with '.'), such as web or db-prod")
        }
    }

    /// What kind of filesystem object an entry is. Directories are walked, never recorded.
    public enum Kind: String, Sendable, CaseIterable {
        case file, symlink
    }

    /// One recorded file or symbolic link.
    public struct File: Sendable, Equatable {
        public var path: String
        public var kind: Kind
        /// Permission bits with setuid, setgid and sticky, as four octal digits (`0644`, `4755`);
        /// nil for links, whose own mode means nothing on Linux.
        public var mode: String?
        /// `user:group`, by name when the root's own passwd and group files know the ids.
        public var owner: String
        /// Regular files only.
        public var size: Int?
        /// Lower-case hex SHA-256 of the content; nil for links, and for a file that could not be read.
        public var sha256: String?
        /// Symbolic links only: where the link points, as stored (never followed).
        public var target: String?
        /// The line of this entry in the baseline file, when read from one.
        public var line: Int?

        public init(path: String, kind: Kind, mode: String?, owner: String, size: Int? = nil, sha256: String? = nil,
                    target: String? = nil, line: Int? = nil) {
            self.path = path
            self.kind = kind
            self.mode = mode
            self.owner = owner
            self.size = size
            self.sha256 = sha256
            self.target = target
            self.line = line
        }

        /// Equal in everything the check compares (not the line).
        public func sameState(as other: File) -> Bool {
            kind == other.kind && mode == other.mode && owner == other.owner && size == other.size
                && sha256 == other.sha256 && target == other.target
        }
    }

    /// One installed OS package.
    public struct Package: Sendable, Equatable {
        public var name: String
        public var version: String
        public var arch: String?
        public var manager: PackageDatabase.Manager
        public var line: Int?

        public init(name: String, version: String, arch: String?, manager: PackageDatabase.Manager, line: Int? = nil) {
            self.name = name
            self.version = version
            self.arch = arch
            self.manager = manager
            self.line = line
        }

        /// What identifies a package across versions: manager, name and architecture.
        public var key: String { "\(manager.rawValue)/\(name)\(arch.map { ":\($0)" } ?? "")" }
        /// `openssl:amd64`, as people read a package.
        public var label: String { name + (arch.map { ":\($0)" } ?? "") }
    }

    /// One recorded pattern and the line it is on.
    public struct Pattern: Sendable, Equatable {
        public var text: String
        public var line: Int?

        public init(_ text: String, line: Int? = nil) {
            self.text = text
            self.line = line
        }
    }

    public var name: String
    public var patterns: [Pattern]
    /// The package managers whose packages were recorded; empty when packages are not part of the baseline.
    public var managers: [PackageDatabase.Manager]
    public var files: [File]
    public var packages: [Package]
    /// Lines of the `patterns:` and `packages:` keys, for findings about entries the baseline lacks.
    public var patternsLine: Int?
    public var packagesLine: Int?

    public init(name: String, patterns: [Pattern], managers: [PackageDatabase.Manager] = [], files: [File] = [], packages: [Package] = []) {
        self.name = name
        self.patterns = patterns
        self.managers = managers
        self.files = files.sorted { $0.path < $1.path }
        self.packages = packages.sorted { $0.key < $1.key }
        self.patternsLine = nil
        self.packagesLine = nil
    }

    public static func == (lhs: Baseline, rhs: Baseline) -> Bool {
        lhs.name == rhs.name && lhs.patterns.map(\.text) == rhs.patterns.map(\.text) && lhs.managers == rhs.managers
            && lhs.files.count == rhs.files.count && zip(lhs.files, rhs.files).allSatisfy { $0.path == $1.path && $0.sameState(as: $1) }
            && lhs.packages.map { [$0.key, $0.version] } == rhs.packages.map { [$0.key, $0.version] }
    }
}
