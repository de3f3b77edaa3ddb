import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one place this tool starts another program without a terminal: `git` for what libgit2
/// cannot do (`GitExecutable`), `ssh-keygen`, and the security tests of `.security/tests.yml`.
///
/// The program is started with `posix_spawn` as the leader of a process group of its own, so a
/// timeout ends everything it started (`kill(-pgid)`), not just the first process. Its arguments
/// are passed as they are, never through a shell. Standard output and errors go to files, so a
/// program that writes much cannot stall on a full pipe; standard input is a file or /dev/null.
public enum Subprocess {
    public struct Result: Sendable {
        /// The exit status, or 128 + the signal that ended it.
        public let status: Int32
        /// True when it ran past its timeout and was ended.
        public let timedOut: Bool
        public let stdout: Data
        public let stderr: Data
        /// Wall-clock seconds from start to end.
        public let seconds: Double
    }

    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// No such program (on PATH, or at the path given).
        case notFound(String)
        case cannotStart(String, reason: String)

        public var description: String {
            switch self {
            case .notFound(let program): "\(program): no such program"
            case .cannotStart(let program, let reason): "cannot start \(program): \(reason)"
            }
        }
    }

    /// The program as `execvp` finds it: a name with a slash as it is, else the first executable
    /// file of that name in a directory of `PATH`; nil when there is none.
    public static func locate(_ program: String, path: String?) -> String? {
        let manager = FileManager.default
        if program.contains("/") { return manager.isExecutableFile(atPath: program) ? program : nil }
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + program
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               manager.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }

    /// Runs `arguments[0]` (found on the environment's PATH) with the rest as its arguments, in
    /// `directory`, and waits for it; after `timeout` seconds its process group gets SIGTERM, and
    /// SIGKILL two seconds later. Throws `Failure` when it cannot start.
    public static func run(_ arguments: [String], directory: String? = nil, environment: [String: String],
                           input: Data? = nil, timeout: Double? = nil) throws -> Result {
        guard let program = arguments.first else { throw Failure.notFound("") }
        guard let executable = locate(program, path: environment["PATH"]) else { throw Failure.notFound(program) }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("secissue-run-\(UUID().uuidString)")
        // Only this user may read what a program is given and what it prints (a scanner's output
        // may quote a secret it found).
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inputPath = scratch.appendingPathComponent("stdin").path
        let outPath = scratch.appendingPathComponent("stdout").path
        let errPath = scratch.appendingPathComponent("stderr").path
        if let input { try input.write(to: URL(fileURLWithPath: inputPath)) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input == nil ? "/dev/null" : inputPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let directory {
            guard let chdir = addChdir else { throw Failure.cannotStart(program, reason: "this C library cannot start a program in a directory") }
            let code = chdir(&actions, directory)
            if code != 0 { throw Failure.cannotStart(program, reason: String(cString: strerror(code))) }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group (0: its pid), default signal handling and no blocked signals.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { (text: String) in strdup(text) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { (key: String, value: String) in strdup("\(key)=\(value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        let start = Date()
        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard code == 0 else {
            if code == ENOENT { throw Failure.notFound(program) }
            throw Failure.cannotStart(program, reason: String(cString: strerror(code)))
        }
        live.insert(pid)
        let (status, timedOut) = wait(pid, timeout: timeout)
        live.remove(pid)
        let read = { (path: String) in (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data() }
        return Result(status: status, timedOut: timedOut, stdout: read(outPath), stderr: read(errPath),
                      seconds: Date().timeIntervalSince(start))
    }

    /// Ends the process group of every program still running when this process gets SIGINT,
    /// SIGTERM or SIGHUP, then exits with 128 + the signal, as a shell reports it. The groups are
    /// their own (so a timeout can end them), so a Ctrl-C at the terminal would not reach them:
    /// commands that start long-running programs (the security tests) call this first.
    public static func endGroupsOnInterrupt() {
        live.installHandlers()
    }

    private static let live = LiveGroups()

    /// The process groups running now, and the signal handlers that end them.
    private final class LiveGroups: @unchecked Sendable {
        private let lock = NSLock()
        private var groups: Set<pid_t> = []
        private var sources: [DispatchSourceSignal] = []

        func insert(_ pid: pid_t) { lock.lock(); groups.insert(pid); lock.unlock() }
        func remove(_ pid: pid_t) { lock.lock(); groups.remove(pid); lock.unlock() }

        func installHandlers() {
            lock.lock()
            defer { lock.unlock() }
            guard sources.isEmpty else { return }
            for number in [SIGINT, SIGTERM, SIGHUP] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [self] in
                    lock.lock()
                    let running = groups
                    lock.unlock()
                    for group in running { kill(-group, SIGTERM) }
                    exit(128 + number)
                }
                source.resume()
                sources.append(source)
            }
        }
    }

    /// Waits for `pid`; past `timeout`, ends its process group. Returns the exit status (128 +
    /// signal when a signal ended it) and whether the timeout did.
    private static func wait(_ pid: pid_t, timeout: Double?) -> (Int32, Bool) {
        var raw: Int32 = 0
        guard let timeout else {
            while waitpid(pid, &raw, 0) == -1 && errno == EINTR {}
            return (decode(raw), false)
        }
        let deadline = Date().addingTimeInterval(timeout)
        var pause: useconds_t = 1_000
        while true {
            let done = waitpid(pid, &raw, WNOHANG)
            if done == pid { return (decode(raw), false) }
            if done == -1 && errno != EINTR { return (decode(raw), false) }
            if Date() >= deadline { break }
            usleep(pause)
            pause = min(pause * 2, 50_000)
        }
        kill(-pid, SIGTERM)
        let grace = Date().addingTimeInterval(2)
        while waitpid(pid, &raw, WNOHANG) == 0 {
            if Date() >= grace {
                kill(-pid, SIGKILL)
                while waitpid(pid, &raw, 0) == -1 && errno == EINTR {}
                break
            }
            usleep(20_000)
        }
        // Whatever the group still holds (a child that ignored SIGTERM) goes too.
        kill(-pid, SIGKILL)
        return (decode(raw), true)
    }

    private static func decode(_ raw: Int32) -> Int32 {
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29 and later), which Swift's Glibc
    /// module does not declare: found at run time.
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private static let addChdir: AddChdir? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np")
        .map { unsafeBitCast($0, to: AddChdir.self) }
}
