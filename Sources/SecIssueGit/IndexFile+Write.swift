import Crypto
import Foundation

extension IndexFile {
    /// A path's new stage-0 entry: the file's stat data as git records it, its mode and blob.
    struct NewEntry {
        let path: [UInt8]
        let fixed: [UInt8]

        init(path: String, blob: ObjectID, mode: UInt32, stat info: stat) {
            self.path = Array(path.utf8)
            var fixed: [UInt8] = []
            fixed.reserveCapacity(IndexFile.fixedSize)
            for field in [info.st_ctim.tv_sec, info.st_ctim.tv_nsec, info.st_mtim.tv_sec, info.st_mtim.tv_nsec,
                          Int(truncatingIfNeeded: info.st_dev), Int(truncatingIfNeeded: info.st_ino), Int(mode), Int(info.st_uid), Int(info.st_gid), Int(info.st_size)] {
                IndexFile.append(UInt32(truncatingIfNeeded: field), to: &fixed)
            }
            fixed += blob.rawBytes
            fixed += [UInt8(min(self.path.count, 0xFFF) >> 8), UInt8(min(self.path.count, 0xFFF) & 0xFF)]
            self.fixed = fixed
        }
    }

    /// The bytes of this index with each path of `changes` set to its new entry, or removed (every
    /// stage of it) when that is nil; every other entry is copied as it is. As git does when it
    /// writes an index, an entry that is racily clean (changed in the second the index was
    /// written, or later) and whose file no longer matches (`isModified`) gets size 0, so git
    /// compares its content instead of trusting its stat data. The cached trees of the changed
    /// paths' directories are marked invalid (`TREE`), entries a new file displaces are removed as
    /// `git add` removes them (`DisplacedEntries`), the resolve-undo and conflict-name
    /// extensions are kept, and the other extensions, caches git rebuilds, are dropped, as
    /// libgit2 does.
    func staging(_ changes: [(path: [UInt8], entry: NewEntry?)], isModified: (String, UInt32, ObjectID) -> Bool) -> [UInt8] {
        let changes = changes.sorted { Self.compare($0.path, $1.path) < 0 }
        var out = Array(bytes[0..<8]) + [0, 0, 0, 0]
        out.reserveCapacity(bytes.count + changes.count * 128)
        var written = 0
        // Format 4 stores each path as a change of the one before it in the file written.
        var outputPath: [UInt8] = []
        var inStep = true
        var next = 0
        var replaced: [UInt8]?
        let displacing = DisplacedEntries(newPaths: changes.compactMap { $0.entry == nil ? nil : $0.path })
        var displaced: [[UInt8]] = []

        func write(_ fixed: UnsafeBufferPointer<UInt8>, path: UnsafeBufferPointer<UInt8>) {
            out += fixed
            if version == 4 {
                let common = zip(outputPath, path).prefix { $0 == $1 }.count
                Self.appendVarint(outputPath.count - common, to: &out)
                out += path[common...]
                out.append(0)
            } else {
                out += path
                out += [UInt8](repeating: 0, count: 8 - (fixed.count + path.count) % 8)
            }
            written += 1
        }
        func writeChanges(before limit: UnsafeBufferPointer<UInt8>?) {
            while next < changes.count, limit.map({ path in changes[next].path.withUnsafeBufferPointer { Self.compare($0, path) <= 0 } }) ?? true {
                if let entry = changes[next].entry {
                    entry.fixed.withUnsafeBufferPointer { fixed in entry.path.withUnsafeBufferPointer { write(fixed, path: $0) } }
                    outputPath = entry.path
                }
                replaced = changes[next].path
                inStep = false
                next += 1
            }
        }

        _ = bytes.withUnsafeBufferPointer { buffer in
            Self.walk(buffer, version: version, count: count, limit: entriesEnd) { start, end, path in
                writeChanges(before: path)
                if let replaced, replaced.withUnsafeBufferPointer({ Self.compare($0, path) == 0 }) {
                    inStep = false
                    return true
                }
                if displacing.contains(path) {
                    displaced.append(Array(path))
                    inStep = false
                    return true
                }
                let outStart = out.count
                if version != 4 || inStep {
                    out += UnsafeBufferPointer(rebasing: buffer[start..<end])
                    written += 1
                } else {
                    let fixedEnd = start + Self.fixedSize + (buffer[start + 60] & 0x40 != 0 ? 2 : 0)
                    write(UnsafeBufferPointer(rebasing: buffer[start..<fixedEnd]), path: path)
                }
                if version == 4 {
                    outputPath.removeAll(keepingCapacity: true)
                    outputPath += path
                    inStep = true
                }
                let mode = Self.uint32(bytes, start + 24)
                if timestamp != 0, Self.uint32(bytes, start + 8) >= timestamp, Self.uint32(bytes, start + 36) != 0, mode != 0o160000,
                   isModified(String(decoding: path, as: UTF8.self), mode, Self.objectID(bytes, start + 40)) {
                    out.replaceSubrange(outStart + 36..<outStart + 40, with: [0, 0, 0, 0])
                }
                return true
            }
        }
        writeChanges(before: nil)
        out.replaceSubrange(8..<12, with: Self.bigEndian(UInt32(written)))

        let directories = Set((changes.map(\.path) + displaced).flatMap { path in
            path.indices.filter { path[$0] == UInt8(ascii: "/") }.map { Array(path[..<$0]) } + [[]]
        })
        for (signature, range) in (try? Self.extensions(bytes, from: entriesEnd, path: "")) ?? [] {
            switch String(decoding: signature, as: UTF8.self) {
            case "TREE":
                guard let tree = Self.invalidating(directories, inTree: bytes[range.lowerBound + 8..<range.upperBound]) else { continue }
                out += signature + Self.bigEndian(UInt32(tree.count)) + tree
            case "REUC", "NAME":
                out += bytes[range]
            default:
                continue
            }
        }
        out += Insecure.SHA1.hash(data: out)
        return out
    }

    /// The cached-tree extension with the trees of `directories` ("" is the root) marked invalid,
    /// as git does for a path it stages; nil when it does not parse (it is then dropped, and git
    /// builds it again).
    static func invalidating(_ directories: Set<[UInt8]>, inTree data: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(data.count)
        var offset = data.startIndex
        func number(until terminator: UInt8) -> Int? {
            guard let end = data[offset...].firstIndex(of: terminator), end > offset, end - offset <= 11,
                  let value = Int(String(decoding: data[offset..<end], as: UTF8.self)) else { return nil }
            offset = end + 1
            return value
        }
        // Copies the node at `offset` and its subtrees. `parent` is the parent's path while it
        // is one of `directories` (nil below any other: nothing there can be one).
        func node(root: Bool, parent: [UInt8]?) -> Bool {
            let start = offset
            guard let nameEnd = data[offset...].firstIndex(of: 0) else { return false }
            let name = data[offset..<nameEnd]
            offset = nameEnd + 1
            guard let entries = number(until: UInt8(ascii: " ")), let subtrees = number(until: UInt8(ascii: "\n")), subtrees >= 0 else { return false }
            if entries >= 0 {
                guard data.endIndex - offset >= 20 else { return false }
                offset += 20
            }
            let path = root ? [] : parent.map { $0.isEmpty ? Array(name) : $0 + [UInt8(ascii: "/")] + name }
            let changed = path.map(directories.contains) ?? false
            if changed && entries >= 0 {
                out += name + [0] + Array("-1 \(subtrees)\n".utf8)
            } else {
                out += data[start..<offset]
            }
            for _ in 0..<subtrees {
                guard node(root: false, parent: changed ? path : nil) else { return false }
            }
            return true
        }
        while offset < data.endIndex {
            guard node(root: true, parent: nil) else { return nil }
        }
        return out
    }

    static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += bigEndian(value)
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// git's variable-length number of format 4.
    static func appendVarint(_ value: Int, to bytes: inout [UInt8]) {
        var value = value
        var digits = [UInt8(value & 127)]
        value >>= 7
        while value > 0 {
            value -= 1
            digits.append(128 | UInt8(value & 127))
            value >>= 7
        }
        bytes += digits.reversed()
    }
}

extension ObjectID {
    /// The 20 bytes the hex name spells.
    var rawBytes: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(20)
        var high: UInt8?
        for character in hex.utf8 {
            let value = character <= 57 ? character - 48 : character - 87
            if let first = high {
                result.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return result
    }
}
