import Foundation

/// The OS packages installed under a root, read straight from the package manager's own
/// database files (no `dpkg-query` or `apk` run, so it works on any mounted image).
///
/// - dpkg: `var/lib/dpkg/status`, stanzas whose `Status:` ends in `installed`; also the
///   one-file-per-package `var/lib/dpkg/status.d/` of distroless images.
/// - apk: `lib/apk/db/installed`, the `P:`, `V:` and `A:` lines of each stanza.
/// - rpm keeps a SQLite (or Berkeley DB) database of binary headers; it is detected and
///   reported as not supported rather than read.
public enum PackageDatabase {
    public enum Manager: String, Sendable, CaseIterable, Comparable {
        case dpkg, apk

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
    static let rpmDatabases = [
        "var/lib/rpm/rpmdb.sqlite", "var/lib/rpm/Packages", "var/lib/rpm/Packages.db",
        "usr/lib/sysimage/rpm/rpmdb.sqlite", "usr/lib/sysimage/rpm/Packages", "usr/lib/sysimage/rpm/Packages.db",
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
        for path in rpmDatabases where directory.status(of: path.split(separator: "/").map(String.init))?.kind == .file {
            installed.notes.append("rpm database found but not supported: \(path) (rpm packages are not recorded or checked; files are)")
            break
        }
        return installed
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
