import Foundation

extension IndexFile {
    /// The cached-tree extension (`TREE`) with the trees of `directories` ("" is the root) marked
    /// invalid, as git does for a path it stages; nil when it does not parse (it is then dropped,
    /// and git builds it again). It holds a node per directory, in pre-order: the name, a NUL,
    /// the number of entries (-1 for an invalid tree) and of subtrees in decimal, a line feed,
    /// and the tree's id when it is valid. Only the changed directories' nodes are written
    /// anew; the runs between them are copied as they are, and the names of the others are only
    /// compared with those of the changed ones at their level (1,025 nodes at 10,000 findings).
    static func invalidating(_ directories: Set<[UInt8]>, inTree data: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let slash = UInt8(ascii: "/")
        var out: [UInt8] = []
        out.reserveCapacity(data.count)
        var offset = 0
        var copied = 0
        // A decimal number (negative for the entries of an invalid tree) ending in `terminator`.
        func number(until terminator: UInt8) -> Int? {
            var index = offset
            let negative = index < data.count && data[index] == UInt8(ascii: "-")
            if negative { index += 1 }
            var value = 0
            let first = index
            while index < data.count, data[index] != terminator {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(data[index]), index - first < 10 else { return nil }
                value = value * 10 + Int(data[index] - UInt8(ascii: "0"))
                index += 1
            }
            guard index < data.count, index > first else { return nil }
            offset = index + 1
            return negative ? -value : value
        }
        // The names of the changed directories right below `path`.
        func changedNames(below path: [UInt8]) -> [[UInt8]] {
            let prefix = path.isEmpty ? [] : path + [slash]
            return directories.compactMap { directory in
                guard directory.count > prefix.count, directory.starts(with: prefix), !directory[prefix.count...].contains(slash) else { return nil }
                return Array(directory[prefix.count...])
            }
        }
        // Copies the node at `offset` and its subtrees. `names` are the changed directories
        // among its siblings, `parent` the path of its parent (nil for the root).
        func node(names: [[UInt8]], parent: [UInt8]?) -> Bool {
            let start = offset
            guard offset < data.count, let nul = memchr(data.baseAddress! + offset, 0, data.count - offset) else { return false }
            let nameEnd = data.baseAddress!.distance(to: nul.assumingMemoryBound(to: UInt8.self))
            let name = UnsafeBufferPointer(rebasing: data[offset..<nameEnd])
            offset = nameEnd + 1
            guard let entries = number(until: UInt8(ascii: " ")), let subtrees = number(until: UInt8(ascii: "\n")), subtrees >= 0 else { return false }
            if entries >= 0 {
                guard data.count - offset >= 20 else { return false }
                offset += 20
            }
            let changed = parent == nil ? directories.contains([]) : names.contains { $0.elementsEqual(name) }
            if changed && entries >= 0 {
                out += data[copied..<start]
                out += name
                out += [0] + Array("-1 \(subtrees)\n".utf8)
                copied = offset
            }
            let path = changed ? parent.map { $0.isEmpty ? Array(name) : $0 + [slash] + name } ?? [] : []
            let below = changed ? changedNames(below: path) : []
            for _ in 0..<subtrees {
                guard node(names: below, parent: path) else { return false }
            }
            return true
        }
        while offset < data.count {
            guard node(names: [], parent: nil) else { return nil }
        }
        out += data[copied...]
        return out
    }
}
