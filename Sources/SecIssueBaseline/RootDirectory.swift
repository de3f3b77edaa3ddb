#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto
import Foundation
import SecIssueKit

/// A directory tree read as if it were `/`: every step is taken relative to an open directory
/// with symbolic links refused (`openat` with `O_NOFOLLOW`), so nothing read can lie outside it,
/// whatever links the tree holds. Owns the root descriptor and closes it on `deinit`.
final class RootDirectory {
    let path: String
    private let descriptor: Int32

    /// What `lstat` says of one name, in the terms a baseline needs.
    struct Status {
        enum Kind { case file, symlink, directory, other }
        let kind: Kind
        let permissions: UInt32
        let uid: UInt32
        let gid: UInt32
        let size: Int
        let device: UInt64
        let inode: UInt64
    }

    /// Why something could not be read, for a warning.
    struct Failure: Error {
        let reason: String
        /// The `errno` behind it.
        var code: Int32 = 0
    }

    /// Opens `path`, which must be a directory. The corresponding C function is `open`.
    init(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw SecIssueError("cannot use \(path) as the root: \(Self.lastError()): give --root an existing directory")
        }
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    static func lastError() -> String { String(cString: strerror(errno)) }

    /// A new descriptor for the directory at `components` below the root, or the reason there is none:
    /// a link on the way is refused rather than followed. The caller closes it.
    func openDirectory(_ components: [String]) -> Result<Int32, Failure> {
        var current = openat(descriptor, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard current >= 0 else { return .failure(Failure(reason: Self.lastError(), code: errno)) }
        for (index, component) in components.enumerated() {
            let next = openat(current, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let failure = errno
            close(current)
            guard next >= 0 else {
                let where_ = "/" + components[...index].joined(separator: "/")
                if failure == ELOOP || failure == ENOTDIR, let status = status(of: components[...index].map { $0 }), status.kind == .symlink {
                    let reason = "\(where_) is a symbolic link: links are recorded, never followed (name the path it points to instead)"
                    return .failure(Failure(reason: reason, code: failure))
                }
                return .failure(Failure(reason: "\(where_): \(String(cString: strerror(failure)))", code: failure))
            }
            current = next
        }
        return .success(current)
    }

    /// `lstat` of `name` in the open directory `directory`. The corresponding C function is `fstatat`.
    static func status(of name: String, in directory: Int32) -> Status? {
        var raw = stat()
        guard fstatat(directory, name, &raw, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        let kind: Status.Kind
        switch UInt32(raw.st_mode) & 0o170000 {
        case 0o100000: kind = .file
        case 0o120000: kind = .symlink
        case 0o040000: kind = .directory
        default: kind = .other
        }
        return Status(kind: kind, permissions: UInt32(raw.st_mode) & 0o7777, uid: UInt32(raw.st_uid), gid: UInt32(raw.st_gid),
                      size: Int(raw.st_size), device: UInt64(raw.st_dev), inode: UInt64(raw.st_ino))
    }

    /// `lstat` of the path at `components` (the root itself when empty), never through a link.
    func status(of components: [String]) -> Status? {
        guard case .success(let directory) = openDirectory(components.dropLast().map { $0 }) else { return nil }
        defer { close(directory) }
        return Self.status(of: components.last ?? ".", in: directory)
    }

    /// The target of the link `name`, as stored. The corresponding C function is `readlinkat`.
    static func linkTarget(of name: String, in directory: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: 4097)
        let count = readlinkat(directory, name, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The SHA-256 of the regular file `name`, read in chunks. The file must still be the one
    /// `expected` describes (same device and inode) when it is opened: no swap for a link or a pipe.
    static func sha256(of name: String, in directory: Int32, expected: Status) -> Result<String, Failure> {
        let file = openat(directory, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else { return .failure(Failure(reason: lastError())) }
        defer { close(file) }
        var raw = stat()
        guard fstat(file, &raw) == 0, UInt64(raw.st_dev) == expected.device, UInt64(raw.st_ino) == expected.inode else {
            return .failure(Failure(reason: "it changed while being read"))
        }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(file, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(Failure(reason: lastError()))
            }
            if count == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        }
        return .success(Hex.string(hasher.finalize()))
    }

    /// The names in an open directory, except `.` and `..`. Takes its own copy of the descriptor.
    static func names(in directory: Int32) -> [String] {
        let copy = dup(directory)
        guard copy >= 0, let stream = fdopendir(copy) else {
            if copy >= 0 { close(copy) }
            return []
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// A small text file below the root (passwd, a package database), or nil when it is missing.
    func readFile(_ components: [String], limit: Int = 256 << 20) -> String? {
        readBytes(components, limit: limit).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The bytes of a regular file below the root, at most `limit` of them (a longer file gives
    /// `limit` bytes, so a caller that asks for one more can tell), or nil when it is missing.
    func readBytes(_ components: [String], limit: Int) -> [UInt8]? {
        guard case .success(let directory) = openDirectory(components.dropLast().map { $0 }), let name = components.last else { return nil }
        defer { close(directory) }
        let file = openat(directory, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else { return nil }
        defer { close(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count < limit {
            let count = buffer.withUnsafeMutableBytes { read(file, $0.baseAddress, min($0.count, limit - bytes.count)) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += buffer[..<count]
        }
        return bytes
    }

    /// True for proc, sysfs and the like: their files describe the running kernel, not the system's
    /// state (and some, such as /proc/kcore, are huge). Known by device number, from this process's
    /// own mount table, so it holds for `--root /` and for any root that has them mounted inside.
    static func isPseudoFilesystem(_ status: Status) -> Bool {
        pseudoDevices.contains(status.device)
    }

    private static let pseudoDevices: Set<UInt64> = {
        let kinds: Set<Substring> = ["proc", "sysfs", "debugfs", "securityfs", "cgroup", "cgroup2", "tracefs", "bpf", "devpts",
                                     "configfs", "fusectl", "pstore", "binfmt_misc", "efivarfs", "mqueue", "hugetlbfs"]
        guard let table = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else { return [] }
        var devices: Set<UInt64> = []
        // `id parent major:minor root mountpoint options... - fstype source superoptions`
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 3, let dash = fields.firstIndex(of: "-"), dash + 1 < fields.count, kinds.contains(fields[dash + 1]) else { continue }
            let numbers = fields[2].split(separator: ":").compactMap { UInt64($0) }
            guard numbers.count == 2 else { continue }
            let (major, minor) = (numbers[0], numbers[1])
            // glibc's makedev.
            devices.insert(((major & 0xffff_f000) << 32) | ((major & 0xfff) << 8) | ((minor & 0xffff_ff00) << 12) | (minor & 0xff))
        }
        return devices
    }()
}
