import Foundation

/// Runs a program whose input or output must never touch the disk (a finding's plaintext for
/// `age`, a webhook URL for `curl`): everything goes through pipes, written and read on threads of
/// their own so that a large input cannot deadlock them. `Subprocess`, the runner for everything
/// else, passes input and output through private files instead, and ends process groups on timeout.
enum PipedProcess {
    struct Output {
        let status: Int32
        let stdout: Data
        let stderr: String
    }

    /// The program is not installed (found on no directory of PATH).
    struct Missing: Error {}

    /// Runs `arguments[0]`, found on PATH, with `input` on its standard input, and waits for it.
    static func run(_ arguments: [String], input: Data) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw Missing()
        }
        Thread {
            stdin.fileHandleForWriting.write(input)
            try? stdin.fileHandleForWriting.close()
        }.start()
        let errors = Reader(stderr.fileHandleForReading)
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let message = errors.finish()
        // /usr/bin/env says 127 when there is no such program.
        if process.terminationStatus == 127 && message.contains("No such file") { throw Missing() }
        return Output(status: process.terminationStatus, stdout: data, stderr: message)
    }

    /// Reads a pipe to its end on a thread of its own.
    private final class Reader: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }.start()
        }

        func finish() -> String {
            done.wait()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
