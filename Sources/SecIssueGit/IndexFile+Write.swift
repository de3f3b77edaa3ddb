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
        let displacing = DisplacedEntries(newPaths: changes.compactMap { $0.entry == nil ? nil : $0.path })
        let (entryBytes, displaced) = bytes.withUnsafeBufferPointer { buffer -> ([UInt8], [[UInt8]]) in
            var output = Output(source: buffer, version: version, capacity: bytes.count + changes.count * 128)
            var entries = Entries(buffer, version: version, count: count, limit: entriesEnd)
            var next = 0
            var replaced: [UInt8]?
            var displaced: [[UInt8]] = []
            while entries.next() {
                let path = entries.path
                while next < changes.count, changes[next].path.withUnsafeBufferPointer({ Self.compare($0, path) <= 0 }) {
                    output.write(changes[next].entry)
                    replaced = changes[next].path
                    next += 1
                }
                if let gone = replaced {
                    // Every stage of a changed path goes; the entries after it cannot be it.
                    if gone.withUnsafeBufferPointer({ Self.compare($0, path) == 0 }) {
                        output.skip()
                        continue
                    }
                    replaced = nil
                }
                if displacing.contains(path) {
                    displaced.append(Array(path))
                    output.skip()
                    continue
                }
                let start = entries.start
                let mode = Self.uint32(buffer, start + 24)
                if timestamp != 0, Self.uint32(buffer, start + 8) >= timestamp, Self.uint32(buffer, start + 36) != 0, mode != 0o160000,
                   isModified(String(decoding: path, as: UTF8.self), mode, Self.objectID(bytes, start + 40)) {
                    output.copyWithoutSize(entries)
                } else {
                    output.copy(entries)
                }
            }
            while next < changes.count {
                output.write(changes[next].entry)
                next += 1
            }
            return (output.finished(), displaced)
        }
        var out = entryBytes

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

    /// The entries of the new index as they are written. A run of entries copied as they are
    /// is appended as one piece when something else comes (or at the end). In format 4 an
    /// entry can be copied as it is only when the path written before it is the one before it
    /// in the old index (`inStep`); otherwise it is stored again against the path written.
    private struct Output {
        let source: UnsafeBufferPointer<UInt8>
        let version: UInt32
        private var bytes: [UInt8]
        private var written = 0
        private var run = 0..<0
        private var runCount = 0
        private var lastPath: [UInt8] = []
        private var inStep = true

        init(source: UnsafeBufferPointer<UInt8>, version: UInt32, capacity: Int) {
            self.source = source
            self.version = version
            bytes = []
            bytes.reserveCapacity(capacity)
            bytes += UnsafeBufferPointer(rebasing: source[0..<8])
            bytes += [0, 0, 0, 0]
        }

        /// Copies the cursor's entry.
        mutating func copy(_ entries: Entries) {
            if version != 4 || inStep {
                if run.upperBound != entries.start {
                    flush()
                    run = entries.start..<entries.start
                }
                run = run.lowerBound..<entries.end
                runCount += 1
            } else {
                let fixedEnd = entries.start + IndexFile.fixedSize + (source[entries.start + 60] & 0x40 != 0 ? 2 : 0)
                write(UnsafeBufferPointer(rebasing: source[entries.start..<fixedEnd]), path: entries.path)
            }
            if version == 4 {
                lastPath.removeAll(keepingCapacity: true)
                lastPath += entries.path
                inStep = true
            }
        }

        /// Copies the cursor's entry with size 0, so that git compares its file's content.
        mutating func copyWithoutSize(_ entries: Entries) {
            flush()
            let start = bytes.count
            copy(entries)
            flush()
            bytes.replaceSubrange(start + 36..<start + 40, with: [0, 0, 0, 0])
        }

        /// Writes a new entry (nil: none, the old one is left out).
        mutating func write(_ entry: NewEntry?) {
            if let entry {
                entry.fixed.withUnsafeBufferPointer { fixed in entry.path.withUnsafeBufferPointer { write(fixed, path: $0) } }
            }
            inStep = false
        }

        /// Leaves the cursor's entry out.
        mutating func skip() {
            inStep = false
        }

        /// The header and entries, with their number.
        mutating func finished() -> [UInt8] {
            flush()
            bytes.replaceSubrange(8..<12, with: IndexFile.bigEndian(UInt32(written)))
            return bytes
        }

        private mutating func write(_ fixed: UnsafeBufferPointer<UInt8>, path: UnsafeBufferPointer<UInt8>) {
            flush()
            bytes += fixed
            if version == 4 {
                let common = zip(lastPath, path).prefix { $0 == $1 }.count
                IndexFile.appendVarint(lastPath.count - common, to: &bytes)
                bytes += path[common...]
                bytes.append(0)
                lastPath.removeAll(keepingCapacity: true)
                lastPath += path
            } else {
                bytes += path
                bytes += [UInt8](repeating: 0, count: 8 - (fixed.count + path.count) % 8)
            }
            written += 1
        }

        private mutating func flush() {
            guard !run.isEmpty else { return }
            bytes += UnsafeBufferPointer(rebasing: source[run])
            written += runCount
            run = 0..<0
            runCount = 0
        }
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
