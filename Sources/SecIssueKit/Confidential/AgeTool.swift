import Foundation

/// The one place this tool runs the `age` executable (Debian package `age`), which encrypts and
/// decrypts confidential findings. Nothing here writes a file: the plaintext goes to age's
/// standard input and comes back on its standard output, so it never lands on disk.
enum AgeTool {
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

    /// Runs `age ARGUMENTS` with `input` on its standard input, through pipes only.
    static func run(_ arguments: [String], input: Data) throws -> PipedProcess.Output {
        do {
            return try PipedProcess.run(["age"] + arguments, input: input)
        } catch is PipedProcess.Missing {
            throw missing
        }
    }

    static let missing = SecIssueError(
        "cannot run age, which encrypts and decrypts confidential findings: install it (apt-get install age)")
}
