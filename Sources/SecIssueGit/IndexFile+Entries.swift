import Foundation

extension IndexFile {
    /// A cursor over the entries, in order: `next()` steps to the following entry and sets its
    /// `start`, `end` and `path` (valid until the next step, while `bytes` is). A plain loop over
    /// it keeps the caller's state in local variables, which a closure called per entry would
    /// capture (and Swift would check each access to them). In formats 2 and 3 the path is read
    /// where it is; in format 4 it is stored as a change of the previous entry's, and rebuilt.
    struct Entries {
        let bytes: UnsafeBufferPointer<UInt8>
        let version: UInt32
        /// Where the entries must end.
        let limit: Int
        private var remaining: Int
        private(set) var start = 0
        /// Where the current entry ends (after the last one: where the entries end).
        private(set) var end = IndexFile.headerSize
        private(set) var path = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        /// Set when an entry does not fit before `limit`; `next()` then returns false.
        private(set) var isDamaged = false
        private let rebuilt: RebuiltPath?

        init(_ bytes: UnsafeBufferPointer<UInt8>, version: UInt32, count: Int, limit: Int) {
            self.bytes = bytes
            self.version = version
            self.limit = limit
            remaining = count
            // A path of format 4 is at most as long as all path bytes before it.
            rebuilt = version == 4 ? RebuiltPath(capacity: max(limit, 0)) : nil
        }

        mutating func next() -> Bool {
            guard remaining > 0, !isDamaged else { return false }
            remaining -= 1
            start = end
            guard step() else {
                isDamaged = true
                return false
            }
            return true
        }

        private mutating func step() -> Bool {
            guard start + IndexFile.fixedSize <= limit else { return false }
            let flags = Int(bytes[start + 60]) << 8 | Int(bytes[start + 61])
            var offset = start + IndexFile.fixedSize
            if flags & 0x4000 != 0 {
                guard version >= 3 else { return false }
                offset += 2
            }
            if let rebuilt {
                guard let (strip, after) = IndexFile.varint(bytes, at: offset, limit: limit), strip <= rebuilt.count,
                      let nul = nulIndex(from: after) else { return false }
                rebuilt.count -= strip
                let added = nul - after
                guard rebuilt.count + added <= rebuilt.capacity else { return false }
                (rebuilt.storage + rebuilt.count).update(from: bytes.baseAddress! + after, count: added)
                rebuilt.count += added
                path = UnsafeBufferPointer(start: rebuilt.storage, count: rebuilt.count)
                end = nul + 1
            } else {
                // The length is in the flags, up to 0xFFF; a longer path ends at its NUL. Each
                // entry is padded with 1 to 8 NULs to a multiple of 8 bytes.
                guard let nul = flags & 0xFFF < 0xFFF ? offset + flags & 0xFFF : nulIndex(from: offset),
                      nul < limit, bytes[nul] == 0 else { return false }
                end = start + ((nul - start) + 8) & ~7
                guard end <= limit else { return false }
                path = UnsafeBufferPointer(rebasing: bytes[offset..<nul])
            }
            return true
        }

        private func nulIndex(from offset: Int) -> Int? {
            guard offset < limit, let found = memchr(bytes.baseAddress! + offset, 0, limit - offset) else { return nil }
            return bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// The path of format 4 as rebuilt so far.
    private final class RebuiltPath {
        let storage: UnsafeMutablePointer<UInt8>
        let capacity: Int
        var count = 0

        init(capacity: Int) {
            self.capacity = capacity
            storage = .allocate(capacity: max(capacity, 1))
        }

        deinit { storage.deallocate() }
    }
}
