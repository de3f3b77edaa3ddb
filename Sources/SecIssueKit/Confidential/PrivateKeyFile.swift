import Foundation

/// An unlocked copy of an SSH key (`UnlockedKeys`) in a file that has no name. It is made with
/// `O_TMPFILE` in memory-backed storage (`$XDG_RUNTIME_DIR`, else `/dev/shm`), mode 0600, and held
/// open by this process, which ssh-keygen and age reach as `/proc/PID/fd/N`. It goes with the
/// process however the process ends, SIGKILL and a crash included: no name ever points at it, so
/// nothing is left to remove and no other process can open it by a path in that directory.
enum PrivateKeyFile {
    /// Linux's `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`), which Swift's Glibc module leaves out.
    private static let temporaryFile: Int32 = 0o20000000 | O_DIRECTORY

    /// A new unnamed file holding `bytes`, as a path other processes of this user can open; nil
    /// when there is no memory-backed directory, or it (or `/proc`) does not allow one.
    static func make(holding bytes: Data, in runtime: String?) -> String? {
        let bases = [runtime, "/dev/shm"].compactMap { $0 }.filter { !$0.isEmpty }
        for base in bases {
            let descriptor = open(base, temporaryFile | O_RDWR | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { continue }
            let path = "/proc/\(getpid())/fd/\(descriptor)"
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard written == bytes.count, access(path, R_OK | W_OK) == 0 else {
                close(descriptor)
                continue
            }
            return path
        }
        return nil
    }
}
