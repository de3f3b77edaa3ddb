import Foundation
import SecIssueKit

/// The OS packages installed under a root, read straight from the package manager's own
/// database files (no `dpkg-query` or `apk` run, so it works on any mounted image).
///
/// - dpkg: `var/lib/dpkg/status`, stanzas whose `Status:` ends in `installed`; also the
///   one-file-per-package `var/lib/dpkg/status.d/` of distroless images.
/// - apk: `lib/apk/db/installed`, the `P:`, `V:` and `A:` lines of each stanza.
/// - rpm: `var/lib/rpm/rpmdb.sqlite` or `usr/lib/sysimage/rpm/rpmdb.sqlite` (the first found),
///   the package headers in its `Packages` table, read with our own SQLite file reader
///   (`SQLiteReader`, which also applies the committed part of a `-wal` file beside it). The
///   older Berkeley DB (`Packages`) and ndb (`Packages.db`) formats are detected and reported
///   as not supported.
public enum PackageDatabase {
    public enum Manager: String, Sendable, CaseIterable, Comparable {
        case dpkg, apk, rpm

        public static func < (lhs: Manager, rhs: Manager) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The packages found and the managers they came from, with notes on what could not be read.
    public struct Installed: Sendable {
        public var packages: [Baseline.Package] = []
        public var managers: [Manager] = []
        public var notes: [String] = []
    }

    static let dpkgStatus = ["var", "lib", "dpkg", "status"]
    static let dpkgStatusDirectory = ["var", "lib", "dpkg", "status.d"]
    static let apkInstalled = ["lib", "apk", "db", "installed"]
    /// Where rpm keeps its SQLite database, in the order they are tried.
    static let rpmSQLite = ["var/lib/rpm/rpmdb.sqlite", "usr/lib/sysimage/rpm/rpmdb.sqlite"]
    /// rpm's Berkeley DB and ndb databases, which are not read.
    static let rpmUnsupported = [
        "var/lib/rpm/Packages", "var/lib/rpm/Packages.db", "usr/lib/sysimage/rpm/Packages", "usr/lib/sysimage/rpm/Packages.db",
    ]

    /// Reads every database found under `root` (or only those of `managers`).
    public static func installed(root: String, managers wanted: [Manager]? = nil) throws -> Installed {
        let directory = try RootDirectory(root)
        var installed = Installed()
        if wanted?.contains(.dpkg) ?? true {
            var found = false
            if let text = directory.readFile(dpkgStatus) {
                installed.packages += parseDpkg(text)
                found = true
            }
            if case .success(let descriptor) = directory.openDirectory(dpkgStatusDirectory) {
                for name in RootDirectory.names(in: descriptor) where !name.hasSuffix(".md5sums") && !name.hasPrefix(".") {
                    if let text = directory.readFile(dpkgStatusDirectory + [name]) { installed.packages += parseDpkg(text) }
                }
                close(descriptor)
                found = true
            }
            if found { installed.managers.append(.dpkg) }
        }
        if wanted?.contains(.apk) ?? true, let text = directory.readFile(apkInstalled) {
            installed.packages += parseApk(text)
            installed.managers.append(.apk)
        }
        let sqlite = rpmSQLite.filter { directory.status(of: components($0))?.kind == .file }
        if let path = sqlite.first {
            if wanted?.contains(.rpm) ?? true {
                installed.packages += try readRPM(directory, path)
                installed.managers.append(.rpm)
                installed.notes += sqlite.dropFirst().map { "\($0) is not read: \(path) was found first and is the one recorded and checked" }
            }
        } else if let path = rpmUnsupported.first(where: { directory.status(of: components($0))?.kind == .file }) {
            installed.notes.append("rpm database found but not supported: \(path) (rpm packages are not recorded or checked; files are)")
        }
        return installed
    }

    private static func components(_ path: String) -> [String] { path.split(separator: "/").map(String.init) }

    /// The packages of the rpm database at `path` below the root, never through a link.
    private static func readRPM(_ directory: RootDirectory, _ path: String) throws -> [Baseline.Package] {
        let parts = components(path)
        let folder: Int32
        switch directory.openDirectory(parts.dropLast().map { $0 }) {
        case .success(let descriptor): folder = descriptor
        case .failure(let failure): throw SecIssueError("cannot open the rpm database \(path) under \(directory.path): \(failure.reason)")
        }
        defer { close(folder) }
        let file = openat(folder, parts.last ?? "", O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else { throw SecIssueError("cannot open the rpm database \(path) under \(directory.path): \(RootDirectory.lastError())") }
        defer { close(file) }
        let log = openat(folder, (parts.last ?? "") + "-wal", O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        defer { if log >= 0 { close(log) } }
        guard let database = SQLiteFile(descriptor: file) else {
            throw SecIssueError("cannot read the rpm database \(path) under \(directory.path): \(RootDirectory.lastError())")
        }
        do {
            return try parseRPM(database, wal: log >= 0 ? SQLiteFile(descriptor: log) : nil)
        } catch let problem as SQLiteReader.Malformed {
            throw unreadable(path, directory, problem.description)
        } catch let problem as RPMHeader.Malformed {
            throw unreadable(path, directory, problem.description)
        }
    }

    private static func unreadable(_ path: String, _ directory: RootDirectory, _ reason: String) -> SecIssueError {
        SecIssueError("cannot read the rpm database \(path) under \(directory.path): \(reason). The file is damaged, or was being "
                      + "written while it was read: try again, and if it persists check it with `rpm -qa --root DIR` or `rpmdb --rebuilddb`")
    }

    /// The packages of an rpm SQLite database (and its write-ahead log): one per name and
    /// architecture, the newest where rpm keeps several (kernels), without `gpg-pubkey` entries.
    /// Throws `SQLiteReader.Malformed` or `RPMHeader.Malformed`.
    static func parseRPM(_ database: any SQLiteSource, wal: (any SQLiteSource)? = nil) throws -> [Baseline.Package] {
        let reader = try SQLiteReader(file: database, wal: wal)
        var packages: [Baseline.Package] = []
        var seen: [String: Int] = [:]
        try reader.forEachRow(inTable: "Packages") { row in
            guard row.values.count >= 2, case .blob(let blob) = row.values[1] else {
                throw SQLiteReader.Malformed("row \(row.rowid) of table Packages holds no header blob")
            }
            guard let package = try RPMHeader(blob).package() else { return }
            if let index = seen[package.key] {
                if PackageVersion.compare(package.version, packages[index].version, manager: .rpm) > 0 { packages[index] = package }
            } else {
                seen[package.key] = packages.count
                packages.append(package)
            }
        }
        return packages
    }

    /// The packages of an rpm SQLite database held in memory (and its write-ahead log): `parseRPM` for
    /// the in-process fuzz target, which reaches it with `package` access.
    package static func parseRPM(bytes database: [UInt8], wal: [UInt8]? = nil) throws -> [Baseline.Package] {
        try parseRPM(database, wal: wal)
    }

    /// The installed packages of dpkg status text.
    public static func parseDpkg(_ text: String) -> [Baseline.Package] {
        stanzas(text).compactMap { fields in
            guard let name = fields["Package"], let version = fields["Version"],
                  fields["Status"]?.split(separator: " ").last == "installed" else { return nil }
            return Baseline.Package(name: name, version: version, arch: fields["Architecture"], manager: .dpkg)
        }
    }

    /// The packages of apk's installed database.
    public static func parseApk(_ text: String) -> [Baseline.Package] {
        var packages: [Baseline.Package] = []
        for block in text.split(separator: "\n\n", omittingEmptySubsequences: true) {
            var name: String?, version: String?, arch: String?
            for line in block.split(separator: "\n") where line.count > 2 && line.dropFirst().hasPrefix(":") {
                let value = String(line.dropFirst(2))
                switch line.first {
                case "P": name = value
                case "V": version = value
                case "A": arch = value
                default: break
                }
            }
            if let name, let version { packages.append(Baseline.Package(name: name, version: version, arch: arch, manager: .apk)) }
        }
        return packages
    }

    /// RFC 822-like stanzas separated by blank lines; continuation lines (starting with a space) are dropped.
    private static func stanzas(_ text: String) -> [[String: String]] {
        var result: [[String: String]] = []
        var current: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) {
                if !current.isEmpty { result.append(current) }
                current = [:]
            } else if line.first != " " && line.first != "\t", let colon = line.firstIndex(of: ":") {
                current[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}
