import Foundation

extension IndexFile {
    /// The entries that new files displace, as `git add` replaces them: an entry where a new
    /// path needs a directory (`a` when `a/b` is added), and every entry below a new path (`a/b`
    /// when `a` is added). Kept, they would leave an index that names one path as both a file
    /// and a directory, which git refuses to write a tree from.
    struct DisplacedEntries {
        /// The bytes every new path begins with: a displaced entry agrees with them up to its own
        /// length (it is a prefix of a new path, or has one), so most entries are ruled out here.
        private let common: [UInt8]
        private let files: Set<[UInt8]>
        private let directories: Set<[UInt8]>

        init(newPaths: [[UInt8]]) {
            files = Set(newPaths)
            directories = Set(newPaths.flatMap { path in
                path.indices.filter { path[$0] == UInt8(ascii: "/") }.map { Array(path[..<$0]) }
            })
            var common = newPaths.first ?? []
            for path in newPaths.dropFirst() {
                common.removeSubrange(zip(common, path).prefix { $0 == $1 }.count...)
            }
            self.common = common
        }

        func contains(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
            guard !files.isEmpty else { return false }
            let shared = min(path.count, common.count)
            guard shared == 0 || common.withUnsafeBufferPointer({ memcmp($0.baseAddress!, path.baseAddress!, shared) == 0 }) else { return false }
            let entry = Array(path)
            if directories.contains(entry) { return true }
            return entry.indices.contains { entry[$0] == UInt8(ascii: "/") && files.contains(Array(entry[..<$0])) }
        }
    }
}
