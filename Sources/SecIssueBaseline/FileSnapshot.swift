import Foundation
import SecIssueKit

/// The files of a root that some patterns name, as baseline entries: content hash, mode, owner
/// and size, links recorded with their target and never followed.
///
/// A pattern is a path inside the root (`/etc/ssh/sshd_config`, or `etc/ssh` — a directory named
/// plainly is walked whole) or a glob (`/usr/bin/*`, `/etc/**/*.conf`: `*` and `?` stay within a
/// directory, `**` crosses them). Globs match files and links; directories they match are not
/// walked unless `**` says so. Pipes, sockets and devices are ignored; files that cannot be read
/// are left out with a warning; proc, sysfs and the like are not entered.
public struct FileSnapshot {
    public var files: [String: Baseline.File] = [:]
    /// One line per thing left out, for stderr.
    public var warnings: [String] = []
    /// Paths that exist but whose content could not be read.
    public var unreadable: Set<String> = []
    /// Patterns that matched nothing.
    public var unmatched: [String] = []

    /// Reads what `patterns` (normalised) match below `root`, and the paths in `extra` too.
    public static func take(root: String, patterns: [String], extra: [String] = []) throws -> FileSnapshot {
        let directory = try RootDirectory(root)
        var names = OwnerNames()
        if let passwd = directory.readFile(["etc", "passwd"]) { names.users = OwnerNames.parse(passwd) }
        if let group = directory.readFile(["etc", "group"]) { names.groups = OwnerNames.parse(group) }
        var walker = Walker(root: directory, names: names)
        for pattern in patterns {
            let before = walker.recorded
            walker.visit(pattern: pattern)
            if walker.recorded == before && !walker.seen.contains(pattern) {
                walker.snapshot.unmatched.append(pattern)
            }
        }
        for path in extra where walker.snapshot.files[path] == nil && !walker.snapshot.unreadable.contains(path) {
            walker.visitPath(components(path))
        }
        return walker.snapshot
    }

    /// A pattern as stored: absolute inside the root, no `.` or empty parts; `..` and control characters are refused.
    public static func normalise(_ pattern: String) throws -> String {
        try InputCheck.singleLine(pattern, what: "the path '\(pattern)'")
        let parts = components(pattern)
        guard !pattern.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SecIssueError.usage("an empty path was given: name a file, a directory or a glob")
        }
        if parts.contains("..") {
            throw SecIssueError.usage("'\(pattern)' contains '..': paths are inside --root, write them from the root down (such as etc/ssh/**)")
        }
        return "/" + parts.joined(separator: "/")
    }

    /// True when `path` is a recorded path: `/` then parts without `.`, `..` or empty ones (a file
    /// name may hold any other byte). Works on bytes: a baseline file can list a hundred thousand paths.
    public static func isNormal(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        guard bytes.first == UInt8(ascii: "/") else { return false }
        if bytes.count == 1 { return true }
        guard bytes.last != UInt8(ascii: "/") else { return false }
        var partStart = 1
        for index in 1...bytes.count {
            if index < bytes.count {
                guard bytes[index] == UInt8(ascii: "/") else { continue }
            }
            let part = bytes[partStart..<index]
            let dot = UInt8(ascii: ".")
            if part.isEmpty || part.elementsEqual([dot]) || part.elementsEqual([dot, dot]) { return false }
            partStart = index + 1
        }
        return true
    }

    /// True when `pattern` (normalised) names `path`: a glob match, the path itself, or a path under it.
    public static func covers(_ pattern: String, _ path: String) -> Bool {
        if isGlob(pattern) { return Glob.matches(pattern, path) }
        return pattern == "/" || path == pattern || path.hasPrefix(pattern + "/")
    }

    static func isGlob(_ text: String) -> Bool { text.contains { $0 == "*" || $0 == "?" || $0 == "[" } }

    static func components(_ path: String) -> [String] {
        path.split(separator: "/").map(String.init).filter { $0 != "." }
    }
}

/// The walk behind `FileSnapshot.take`.
private struct Walker {
    let root: RootDirectory
    let names: OwnerNames
    var snapshot = FileSnapshot()
    /// Plain-path patterns that named something existing (an empty directory still counts).
    var seen: Set<String> = []
    /// Files and links met so far, counting those two patterns share, to tell which patterns matched nothing.
    var recorded = 0

    mutating func visit(pattern: String) {
        let parts = FileSnapshot.components(pattern)
        guard let firstGlob = parts.firstIndex(where: FileSnapshot.isGlob) else {
            if visitPath(parts) { seen.insert(pattern) }
            return
        }
        let rest = parts[firstGlob...]
        switch root.openDirectory(Array(parts[..<firstGlob])) {
        case .failure(let failure):
            if failure.code != ENOENT { snapshot.warnings.append("skipped \(pattern): \(failure.reason)") }
        case .success(let directory):
            defer { close(directory) }
            let base = parts[..<firstGlob].map { "/" + $0 }.joined()
            if rest.count == 1 && rest.first == "**" {
                walk(directory, path: base, depth: 1, maxDepth: .max) { _, _ in true }
            } else {
                let unbounded = rest.contains { $0.contains("**") }
                // The literal end of the pattern (`.conf` of `**/*.conf`) rules most paths out without a regular expression.
                let tail = String(pattern.reversed().prefix { !"*?]/".contains($0) }.reversed())
                walk(directory, path: base, depth: 1, maxDepth: unbounded ? .max : rest.count) { path, depth in
                    (unbounded || depth == rest.count) && path.hasSuffix(tail) && Glob.matches(pattern, path)
                }
            }
        }
    }

    /// Records one path: a file or a link, or everything under a directory. False when it does not exist.
    @discardableResult
    mutating func visitPath(_ parts: [String]) -> Bool {
        let path = "/" + parts.joined(separator: "/")
        switch root.openDirectory(parts.dropLast().map { $0 }) {
        case .failure(let failure):
            if failure.code != ENOENT && failure.code != ENOTDIR { snapshot.warnings.append("skipped \(path): \(failure.reason)") }
            // A directory that cannot be opened says nothing about what is in it: not "missing".
            if ![ENOENT, ENOTDIR, ELOOP].contains(failure.code) { snapshot.unreadable.insert(path) }
            return false
        case .success(let directory):
            defer { close(directory) }
            let name = parts.last ?? "."
            guard let status = RootDirectory.status(of: name, in: directory) else { return false }
            if status.kind == .directory && RootDirectory.isPseudoFilesystem(status) {
                snapshot.warnings.append("skipped \(path): a kernel pseudo-filesystem (proc, sysfs, …), not system state")
            } else if status.kind == .directory {
                switch root.openDirectory(parts) {
                case .failure(let failure): snapshot.warnings.append("skipped \(path): \(failure.reason)")
                case .success(let inner):
                    defer { close(inner) }
                    walk(inner, path: parts.isEmpty ? "" : path, depth: 1, maxDepth: .max) { _, _ in true }
                }
            } else {
                record(name, in: directory, path: path, status: status)
            }
            return true
        }
    }

    private mutating func walk(_ directory: Int32, path: String, depth: Int, maxDepth: Int, _ wanted: (String, Int) -> Bool) {
        for name in RootDirectory.names(in: directory) {
            let child = path + "/" + name
            guard let status = RootDirectory.status(of: name, in: directory) else { continue }
            if status.kind == .directory {
                guard depth < maxDepth else { continue }
                if RootDirectory.isPseudoFilesystem(status) {
                    snapshot.warnings.append("skipped \(child)/: a kernel pseudo-filesystem (proc, sysfs, …), not system state")
                    continue
                }
                let inner = openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard inner >= 0 else {
                    snapshot.warnings.append("skipped \(child)/: \(RootDirectory.lastError())")
                    continue
                }
                defer { close(inner) }
                walk(inner, path: child, depth: depth + 1, maxDepth: maxDepth, wanted)
            } else if wanted(child, depth) {
                record(name, in: directory, path: child, status: status)
            }
        }
    }

    private mutating func record(_ name: String, in directory: Int32, path: String, status: RootDirectory.Status) {
        let owner = names.owner(uid: status.uid, gid: status.gid)
        let mode = Self.octal(status.permissions)
        if status.kind == .file || status.kind == .symlink { recorded += 1 }
        switch status.kind {
        case .file:
            switch RootDirectory.sha256(of: name, in: directory, expected: status) {
            case .success(let hash):
                snapshot.files[path] = Baseline.File(path: path, kind: .file, mode: mode, owner: owner, size: status.size, sha256: hash)
            case .failure(let failure):
                snapshot.unreadable.insert(path)
                snapshot.warnings.append("skipped \(path): cannot read it (\(failure.reason))")
            }
        case .symlink:
            guard let target = RootDirectory.linkTarget(of: name, in: directory) else {
                snapshot.unreadable.insert(path)
                snapshot.warnings.append("skipped \(path): cannot read the link (\(RootDirectory.lastError()))")
                return
            }
            snapshot.files[path] = Baseline.File(path: path, kind: .symlink, mode: nil, owner: owner, target: target)
        case .directory, .other:
            return
        }
    }

    /// Four octal digits: `0644`, `4755`.
    static func octal(_ permissions: UInt32) -> String {
        let digits = String(permissions, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
