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

    /// Takes `FileStat(path:)` of one file after another relative to the directory they are in,
    /// kept open while the files asked for are in it: the kernel looks up one name a file rather
    /// than the whole path (a listing asks for the files of each directory in a row).
    final class StatReader {
        private var directory = ""
        private var descriptor: Int32 = -1

        deinit {
            if descriptor >= 0 { close(descriptor) }
        }

        func fileStat(_ path: String) -> FileStat? {
            guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return FileStat(path: path) }
            let parent = String(path[..<slash])
            if parent != directory {
                if descriptor >= 0 { close(descriptor) }
                directory = parent
                descriptor = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            }
            guard descriptor >= 0 else { return FileStat(path: path) }
            var info = stat()
            guard fstatat(descriptor, String(path[path.utf8.index(after: slash)...]), &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
            return FileStat(info)
        }
    }
}
