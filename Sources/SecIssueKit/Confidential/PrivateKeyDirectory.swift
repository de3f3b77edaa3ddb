import Foundation

/// The private directory in memory (`$XDG_RUNTIME_DIR`, else `/dev/shm`; mode 0700) that holds
/// unlocked copies of SSH keys (`UnlockedKeys`), made once per process and removed at exit and on
/// SIGINT, SIGTERM and SIGHUP. The signal handler only calls tcsetattr, unlink and rmdir (safe in
/// a signal handler) on paths prepared beforehand, then ends the process as the signal would.
enum PrivateKeyDirectory {
    nonisolated(unsafe) private static var directory: String?
    nonisolated(unsafe) private static var paths: [UnsafeMutablePointer<CChar>] = []
    nonisolated(unsafe) private static var directoryPath: UnsafeMutablePointer<CChar>?

    private static func install(directory path: String) {
        directory = path
        directoryPath = strdup(path)
        paths.reserveCapacity(16)
        atexit { PrivateKeyDirectory.removeAll() }
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            _ = Glibc.signal(signal) { received in
                PassphrasePrompt.restore()
                PrivateKeyDirectory.removeAll()
                _ = Glibc.signal(received, SIG_DFL)
                _ = raise(received)
            }
        }
    }

    static func remember(_ file: String) {
        if let copy = strdup(file) { paths.append(copy) }
    }

    static func removeAll() {
        for path in paths { unlink(path) }
        if let directoryPath { rmdir(directoryPath) }
    }

    /// A new directory of mode 0700 in memory-backed storage, made once per process; nil when there is none.
    static func make(in runtime: String?) throws -> String? {
        if let made = directory { return made }
        let bases = [runtime, "/dev/shm"].compactMap { $0 }.filter { base in
            var info = stat()
            return !base.isEmpty && stat(base, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR && access(base, W_OK) == 0
        }
        guard let base = bases.first else { return nil }
        var template = Array((base + "/git-secissue-keys.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw SecIssueError("cannot make a private directory in \(base) for unlocked keys") }
        let path = String(cString: made)
        install(directory: path)
        return path
    }
}
