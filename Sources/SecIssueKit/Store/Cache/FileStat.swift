import Foundation

extension FindingCache {
    /// The stat data of a file that tell git, and us, that it has not changed.
    struct FileStat: Equatable {
        var size = 0, mtime = 0, mtimeNanoseconds = 0, ctime = 0, ctimeNanoseconds = 0, inode = 0, device = 0

        /// The stat data of the regular file at `path` (`lstat`: a symbolic link is none).
        init?(path: String) {
            var info = stat()
            guard lstat(path, &info) == 0 else { return nil }
            self.init(info)
        }

        init?(_ info: stat) {
            guard info.st_mode & S_IFMT == S_IFREG else { return nil }
            size = Int(info.st_size)
            mtime = Int(info.st_mtim.tv_sec)
            mtimeNanoseconds = Int(info.st_mtim.tv_nsec)
            ctime = Int(info.st_ctim.tv_sec)
            ctimeNanoseconds = Int(info.st_ctim.tv_nsec)
            inode = Int(bitPattern: UInt(info.st_ino))
            device = Int(bitPattern: UInt(info.st_dev))
        }

        init() {}

        var fields: [Int] { [size, mtime, mtimeNanoseconds, ctime, ctimeNanoseconds, inode, device] }

        /// The same fields as the cache file holds them (`ByteWriter.int`, in `fields` order).
        init(_ stored: UnsafeRawBufferPointer) {
            func field(_ index: Int) -> Int { Int(Int64(littleEndian: stored.loadUnaligned(fromByteOffset: 8 * index, as: Int64.self))) }
            (size, mtime, mtimeNanoseconds, ctime, ctimeNanoseconds, inode, device) = (field(0), field(1), field(2), field(3), field(4), field(5), field(6))
        }
    }
}
