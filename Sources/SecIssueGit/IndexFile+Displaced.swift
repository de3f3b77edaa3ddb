import Foundation

extension IndexFile {
    /// The entries that new files displace, as `git add` replaces them: an entry where a new
    /// path needs a directory (`a` when `a/b` is added), and every entry below a new path (`a/b`
    /// when `a` is added). Kept, they would leave an index that names one path as both a file
    /// and a directory, which git refuses to write a tree from. Each is found by binary search.
    static func displaced(by newPaths: [[UInt8]], in paths: Paths) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        for path in newPaths {
            for slash in path.indices where path[slash] == UInt8(ascii: "/") {
                ranges.append(paths.range(of: Array(path[..<slash])))
            }
            ranges.append(paths.range(under: path))
        }
        return ranges.filter { !$0.isEmpty }
    }
}
