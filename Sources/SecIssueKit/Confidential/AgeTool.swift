import Foundation

/// The one place this tool runs the `age` executable (Debian package `age`), which encrypts and
/// decrypts confidential findings. Nothing here writes a file: the plaintext goes to age's
/// standard input and comes back on its standard output, so it never lands on disk.
enum AgeTool {
    struct Output {
        let status: Int32
        let stdout: Data
        let stderr: String
    }

    /// ASCII-armored age ciphertext of `plaintext` for every recipient (age X25519 or SSH public keys).
    static func encrypt(_ plaintext: Data, to recipients: [Recipient]) throws -> String {
        guard !recipients.isEmpty else { throw Recipients.noneError }
        let arguments = ["--encrypt", "--armor"] + recipients.flatMap { ["--recipient", $0.key] }
        let output = try run(arguments, input: plaintext)
        guard output.status == 0 else {
            throw SecIssueError("age could not encrypt (\(output.stderr.trimmingCharacters(in: .whitespacesAndNewlines))): "
                                + "check the keys in \(Recipients.path) (git secissue recipients list)")
        }
        return String(decoding: output.stdout, as: UTF8.self)
    }

    /// The plaintext of an armored age block, or nil when none of `identities` is a recipient of it.
    static func decrypt(_ armored: String, identities: [String]) throws -> Data? {
        guard !identities.isEmpty else { return nil }
        let output = try run(["--decrypt"] + identities.flatMap { ["--identity", $0] }, input: Data(armored.utf8))
        if output.status == 0 { return output.stdout }
        if output.stderr.contains("no identity matched") { return nil }
        throw SecIssueError("age could not decrypt (\(output.stderr.trimmingCharacters(in: .whitespacesAndNewlines))): "
                            + "check the identity file (SECISSUE_IDENTITY or --identity)")
    }

    /// Runs `age ARGUMENTS` with `input` on its standard input. Input and both outputs go through
    /// pipes, written and read on their own threads so a large finding cannot deadlock them.
    static func run(_ arguments: [String], input: Data) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["age"] + arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw Self.missing
        }
        let writer = Thread {
            stdin.fileHandleForWriting.write(input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let errors = ErrorReader(stderr.fileHandleForReading)
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let message = errors.finish()
        // /usr/bin/env says 127 when there is no such program.
        if process.terminationStatus == 127 && message.contains("No such file") { throw Self.missing }
        return Output(status: process.terminationStatus, stdout: data, stderr: message)
    }

    static let missing = SecIssueError(
        "cannot run age, which encrypts and decrypts confidential findings: install it (apt-get install age)")

    /// Reads a pipe to its end on a thread of its own.
    private final class ErrorReader: @unchecked Sendable {
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
