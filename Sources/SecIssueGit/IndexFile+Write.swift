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

    /// This index with each path of `changes` set to its new entry, or removed (every stage of
    /// it) when that is nil; every other entry is kept as it is, and the runs of them between
    /// the changes are written from the mapped file. As git does when it writes an index, an
    /// entry that is racily clean (changed in the second the index was written, or later) and
    /// whose file no longer matches (`isModified`) gets size 0, so git compares its content
    /// instead of trusting its stat data. The cached trees of the changed paths' directories are
    /// marked invalid (`TREE`), entries a new file displaces are removed as `git add` removes
    /// them (`displaced(by:in:)`), the resolve-undo and conflict-name extensions are kept, and
    /// the other extensions, caches git rebuilds, are dropped, as libgit2 does.
    func staging(_ changes: [(path: [UInt8], entry: NewEntry?)], isModified: (String, UInt32, ObjectID) -> Bool) -> StagedIndex {
        let changes = changes.sorted { Self.compare($0.path, $1.path) < 0 }
        return withPaths { paths in
            let displaced = Self.displaced(by: changes.compactMap { $0.entry == nil ? nil : $0.path }, in: paths)
            // Every stage of a changed path goes, and what a new file displaces.
            let removed = Self.merged(changes.map { paths.range(of: $0.path) } + displaced)
            let added = changes.compactMap { change in change.entry.map { (at: paths.lowerBound(change.path), entry: $0) } }
            var output = Output(file: self, paths: paths)
            // The entries before `next` are written or left out; the next stop is the first of the
            // next addition, removal and racy entry (in that order when they coincide).
            var next = 0, nextAdded = 0, nextRemoved = 0, nextRacy = 0
            while true {
                let addedAt = nextAdded < added.count ? added[nextAdded].at : Int.max
                let removedAt = nextRemoved < removed.count ? removed[nextRemoved].lowerBound : Int.max
                let racyAt = nextRacy < racy.count ? racy[nextRacy] : Int.max
                let stop = min(addedAt, removedAt, racyAt)
                guard stop < Int.max else { break }
                if stop > next {
                    output.copy(next..<stop)
                    next = stop
                }
                if addedAt == stop {
                    output.write(added[nextAdded].entry)
                    nextAdded += 1
                } else if removedAt == stop {
                    next = max(next, removed[nextRemoved].upperBound)
                    nextRemoved += 1
                } else {
                    nextRacy += 1
                    guard racyAt >= next else { continue }
                    let start = Int(entries[racyAt].start)
                    let mode = Self.uint32(bytes, start + 24)
                    output.copy(racyAt, withoutSize: isModified(String(decoding: paths[racyAt], as: UTF8.self), mode, Self.objectID(bytes, start + 40)))
                    next = racyAt + 1
                }
            }
            output.copy(next..<entries.count)

            let directories = Set((changes.map(\.path) + displaced.flatMap { $0.map { Array(paths[$0]) } }).flatMap { path in
                path.indices.filter { path[$0] == UInt8(ascii: "/") }.map { Array(path[..<$0]) } + [[]]
            })
            for (signature, range) in (try? Self.extensions(bytes, from: entriesEnd, path: "")) ?? [] {
                switch String(decoding: signature, as: UTF8.self) {
                case "TREE":
                    guard let tree = Self.invalidating(directories, inTree: UnsafeBufferPointer(rebasing: bytes[range.lowerBound + 8..<range.upperBound])) else { continue }
                    output.append(signature + Self.bigEndian(UInt32(tree.count)) + tree)
                case "REUC", "NAME":
                    output.append(range)
                default:
                    continue
                }
            }
            return output.finished()
        }
    }

    /// The sorted ranges of entries that `ranges` cover, overlapping ones joined.
    private static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for range in ranges.filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    /// The new index as it is put together: pieces of the old file and of new bytes (`scratch`)
    /// in order, a run of copied entries as one piece. In format 4 an entry is copied as it is
    /// only when the path written before it is the one before it in the old index; otherwise it
    /// is stored again against the path written.
    private struct Output {
        let file: IndexFile
        let paths: Paths
        private var pieces: [StagedIndex.Piece] = [.scratch(0..<IndexFile.headerSize)]
        private var scratch: [UInt8]
        private var written = 0
        /// The entry written last: an old one (by number; -1 before the first) or a new one.
        private var last = Last.old(-1)

        private enum Last: Equatable {
            case old(Int)
            case new([UInt8])
        }

        init(file: IndexFile, paths: Paths) {
            self.file = file
            self.paths = paths
            scratch = Array(file.bytes[0..<8]) + [0, 0, 0, 0]
        }

        /// Copies the old entries of `range`.
        mutating func copy(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            var first = range.lowerBound
            if !isInStep(first) {
                encode(first)
                first += 1
            }
            if first < range.upperBound {
                append(Int(file.entries[first].start)..<file.end(of: range.upperBound - 1))
                written += range.upperBound - first
            }
            last = .old(range.upperBound - 1)
        }

        /// Copies the old entry `index`, with size 0 when `withoutSize`, so that git compares its
        /// file's content.
        mutating func copy(_ index: Int, withoutSize: Bool) {
            guard withoutSize else { return copy(index..<index + 1) }
            let start = scratch.count
            if isInStep(index) {
                scratch += file.bytes[Int(file.entries[index].start)..<file.end(of: index)]
                addScratch(from: start)
                written += 1
            } else {
                encode(index)
            }
            scratch.replaceSubrange(start + 36..<start + 40, with: [0, 0, 0, 0])
            last = .old(index)
        }

        /// Writes a new entry.
        mutating func write(_ entry: NewEntry) {
            entry.fixed.withUnsafeBufferPointer { fixed in entry.path.withUnsafeBufferPointer { write(fixed, path: $0) } }
            last = .new(entry.path)
        }

        /// Appends new bytes after the entries.
        mutating func append(_ bytes: [UInt8]) {
            let start = scratch.count
            scratch += bytes
            addScratch(from: start)
        }

        /// Appends a range of the old file.
        mutating func append(_ range: Range<Int>) {
            if case .old(let previous) = pieces.last, previous.upperBound == range.lowerBound {
                pieces[pieces.count - 1] = .old(previous.lowerBound..<range.upperBound)
            } else {
                pieces.append(.old(range))
            }
        }

        /// The new index, with the number of its entries and its checksum.
        mutating func finished() -> StagedIndex {
            scratch.replaceSubrange(8..<12, with: IndexFile.bigEndian(UInt32(written)))
            return StagedIndex(file: file, scratch: scratch, pieces: pieces)
        }

        /// Whether the old entry `index` can be copied as it is: always in formats 2 and 3; in
        /// format 4 when the entry written last is the one before it.
        private func isInStep(_ index: Int) -> Bool {
            file.version != 4 || last == .old(index - 1)
        }

        /// Stores the old entry `index` again against the path written before it (format 4).
        private mutating func encode(_ index: Int) {
            let start = Int(file.entries[index].start)
            let fixedEnd = start + IndexFile.fixedSize + (file.bytes[start + 60] & 0x40 != 0 ? 2 : 0)
            write(UnsafeBufferPointer(rebasing: file.bytes[start..<fixedEnd]), path: paths[index])
        }

        private mutating func write(_ fixed: UnsafeBufferPointer<UInt8>, path: UnsafeBufferPointer<UInt8>) {
            let start = scratch.count
            scratch += fixed
            if file.version == 4 {
                let previous: [UInt8]
                switch last {
                case .old(let index): previous = index < 0 ? [] : Array(paths[index])
                case .new(let path): previous = path
                }
                let common = zip(previous, path).prefix { $0 == $1 }.count
                IndexFile.appendVarint(previous.count - common, to: &scratch)
                scratch += path[common...]
                scratch.append(0)
            } else {
                scratch += path
                scratch += [UInt8](repeating: 0, count: 8 - (fixed.count + path.count) % 8)
            }
            addScratch(from: start)
            written += 1
        }

        private mutating func addScratch(from start: Int) {
            if case .scratch(let previous) = pieces.last, previous.upperBound == start {
                pieces[pieces.count - 1] = .scratch(previous.lowerBound..<scratch.count)
            } else {
                pieces.append(.scratch(start..<scratch.count))
            }
        }
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
