import Foundation

/// Asks for a passphrase on the terminal with echo off, as ssh-keygen would; the terminal's
/// settings come back even when SIGINT, SIGTERM or SIGHUP ends the command: the handler only
/// calls tcsetattr (safe in a signal handler), then ends the process as the signal would.
enum PassphrasePrompt {
    nonisolated(unsafe) static var descriptor: Int32 = -1
    nonisolated(unsafe) static var saved = termios()
    nonisolated(unsafe) private static var handling = false

    private static func handleSignals() {
        guard !handling else { return }
        handling = true
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            _ = Glibc.signal(signal) { received in
                PassphrasePrompt.restore()
                _ = Glibc.signal(received, SIG_DFL)
                _ = raise(received)
            }
        }
    }

    /// True when this process has a controlling terminal to ask on (CI has none).
    static var isAvailable: Bool {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }

    static func ask(_ prompt: String) -> String? {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var settings = termios()
        guard tcgetattr(fd, &settings) == 0 else { return nil }
        saved = settings
        handleSignals()
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

    private static func restore() {
        if descriptor >= 0 { tcsetattr(descriptor, TCSANOW, &saved) }
    }
}
