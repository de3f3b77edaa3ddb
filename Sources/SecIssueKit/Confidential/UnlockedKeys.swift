import Foundation

/// A passphrase-protected SSH key asks for its passphrase once per command, not once per finding.
///
/// age cannot use ssh-agent and asks on the terminal each time it runs, and each sealed block is
/// one age process. So before the first decryption, this asks for the passphrase once on the
/// terminal (echo off), and `ssh-keygen -p` writes an unprotected copy of the key into a private
/// directory in memory (`$XDG_RUNTIME_DIR`, else `/dev/shm`; mode 0700), which age is given. The
/// passphrase reaches ssh-keygen through a pipe (run by `setsid`, without a terminal, it reads
/// its standard input). The directory is removed when the command exits, and on SIGINT, SIGTERM
/// and SIGHUP. Without a terminal or a memory-backed directory, the keys go to age as they are.
final class UnlockedKeys: @unchecked Sendable {
    private let identities: [String]
    private let runtimeDirectory: String?
    private let lock = NSLock()
    private var resolved: [String]?

    init(_ identities: [String], runtimeDirectory: String? = nil) {
        self.identities = identities
        self.runtimeDirectory = runtimeDirectory
    }

    /// The identities to give age: the protected SSH keys replaced by unlocked copies.
    func paths() throws -> [String] {
        lock.lock()
        defer { lock.unlock() }
        if let resolved { return resolved }
        var result = identities
        for (index, path) in identities.enumerated() where Self.isProtected(path) {
            guard FileManager.default.isWritableFile(atPath: "/dev/tty"), let directory = try Self.privateDirectory(runtimeDirectory) else { break }
            let copy = directory + "/key-\(index)"
            Cleanup.remember(copy)
            try Self.copyPrivately(path, to: copy)
            guard let passphrase = Terminal.askPassphrase("Enter passphrase for \(path) (asked once for this command): ") else { break }
            let unlocked = try PipedProcess.run(["setsid", "-w", "ssh-keygen", "-q", "-p", "-N", "", "-f", copy], input: Data((passphrase + "\n").utf8))
            guard unlocked.status == 0 else {
                throw SecIssueError("could not unlock \(path) with ssh-keygen (\(unlocked.stderr.split(separator: "\n").last ?? "")): "
                                    + "check the passphrase, or name another identity with SECISSUE_IDENTITY")
            }
            result[index] = copy
        }
        resolved = result
        return result
    }

    /// True for an OpenSSH or PEM private key that is encrypted with a passphrase.
    static func isProtected(_ path: String) -> Bool {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
        if text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || text.contains("Proc-Type: 4,ENCRYPTED") { return true }
        let begin = "-----BEGIN OPENSSH PRIVATE KEY-----", end = "-----END OPENSSH PRIVATE KEY-----"
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex),
              let blob = Data(base64Encoded: text[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }) else { return false }
        // "openssh-key-v1\0", then the cipher's name as a length-prefixed string: "none" when not protected.
        let bytes = Array(blob), magic = Array("openssh-key-v1\u{0}".utf8)
        guard bytes.count > magic.count + 4, Array(bytes.prefix(magic.count)) == magic else { return false }
        let length = bytes[magic.count..<magic.count + 4].reduce(0) { $0 << 8 | Int($1) }
        guard bytes.count >= magic.count + 4 + length else { return false }
        return bytes[(magic.count + 4)..<(magic.count + 4 + length)] != ArraySlice("none".utf8)
    }

    /// A new directory of mode 0700 in memory-backed storage, made once per process; nil when there is none.
    private static func privateDirectory(_ runtime: String?) throws -> String? {
        if let made = Cleanup.directory { return made }
        let bases = [runtime, "/dev/shm"].compactMap { $0 }.filter { base in
            var info = stat()
            return !base.isEmpty && stat(base, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR && access(base, W_OK) == 0
        }
        guard let base = bases.first else { return nil }
        var template = Array((base + "/git-secissue-keys.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw SecIssueError("cannot make a private directory in \(base) for unlocked keys") }
        let path = String(cString: made)
        Cleanup.install(directory: path)
        return path
    }

    /// Copies a file into a new file of mode 0600 that nobody else could open first.
    private static func copyPrivately(_ source: String, to destination: String) throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: source))
        let descriptor = open(destination, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw SecIssueError("cannot write \(destination)") }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: bytes)
        try handle.close()
    }

    /// Asks on the terminal with echo off; the terminal's settings come back even on a signal.
    enum Terminal {
        nonisolated(unsafe) static var descriptor: Int32 = -1
        nonisolated(unsafe) static var saved = termios()

        static func askPassphrase(_ prompt: String) -> String? {
            let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            var settings = termios()
            guard tcgetattr(fd, &settings) == 0 else { return nil }
            saved = settings
            descriptor = fd
            settings.c_lflag &= ~tcflag_t(ECHO)
            // Echo off before the prompt shows: what is typed once it shows is never flushed.
            tcsetattr(fd, TCSAFLUSH, &settings)
            _ = prompt.withCString { write(fd, $0, strlen($0)) }
            defer {
                tcsetattr(fd, TCSAFLUSH, &saved)
                descriptor = -1
                _ = write(fd, "\n", 1)
            }
            var line: [UInt8] = []
            var byte: UInt8 = 0
            while read(fd, &byte, 1) == 1, byte != 10 { line.append(byte) }
            return String(decoding: line, as: UTF8.self)
        }

        /// For the signal handler: only tcsetattr, which is safe there.
        static func restore() {
            if descriptor >= 0 { tcsetattr(descriptor, TCSANOW, &saved) }
        }
    }

    /// Removes the unlocked copies at exit and on the signals that end a command. The handler
    /// only calls tcsetattr, unlink and rmdir (safe in a signal handler) on paths prepared beforehand.
    private enum Cleanup {
        nonisolated(unsafe) static var directory: String?
        nonisolated(unsafe) static var paths: [UnsafeMutablePointer<CChar>] = []
        nonisolated(unsafe) static var directoryPath: UnsafeMutablePointer<CChar>?

        static func install(directory path: String) {
            directory = path
            directoryPath = strdup(path)
            paths.reserveCapacity(16)
            atexit { UnlockedKeys.Cleanup.removeAll() }
            for signal in [SIGINT, SIGTERM, SIGHUP] {
                _ = Glibc.signal(signal) { received in
                    UnlockedKeys.Terminal.restore()
                    UnlockedKeys.Cleanup.removeAll()
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
    }
}
