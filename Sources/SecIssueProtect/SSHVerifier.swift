import Foundation
import SecIssueKit

/// Verifies SSH signatures as git does for `gpg.format=ssh`: with `ssh-keygen -Y find-principals`
/// and `ssh-keygen -Y verify`, namespace `git`, against an allowed-signers file built from the
/// approvers' keys. Delegating to OpenSSH keeps every key type it knows (ed25519, ECDSA, RSA,
/// security keys) and its checks, rather than a second implementation of them.
struct SSHVerifier {
    /// What became of one signature.
    enum Outcome: Equatable {
        /// Verified; the indices (into the approvers) of everyone who lists the key.
        case verified(approvers: [Int], keyType: String)
        /// A well-formed signature by a key no approver lists (it was not checked further).
        case unlisted(keyType: String)
        /// Listed key, but the signature does not verify for these bytes in namespace `git`.
        case bad(keyType: String, approvers: [Int], detail: String)
        /// It could not be checked at all (no ssh-keygen, unreadable signature).
        case unavailable(String)
    }

    static let namespace = "git"

    /// The program: `ssh-keygen` found on PATH.
    let program: String?

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let directories = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init) + ["/usr/bin"]
        program = directories.map { $0 + "/ssh-keygen" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The allowed-signers lines for the approvers' keys: principal `approver-N` (N from 1, in
    /// config order), restricted to namespace `git`. A key line that is not `TYPE BASE64` is left
    /// out, so nothing in config.yml can add options or principals of its own.
    static func allowedSigners(_ approvers: [ProtectPolicy.Approver]) -> String {
        var lines: [String] = []
        for (index, approver) in approvers.enumerated() {
            for key in approver.keys {
                let fields = key.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                guard fields.count >= 2,
                      fields[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-@.".contains($0)) }),
                      fields[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+/=".contains($0)) }) else { continue }
                lines.append("approver-\(index + 1) namespaces=\"\(namespace)\" \(fields[0]) \(fields[1])")
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// Checks `signature` over `data` against the approvers' keys.
    func verify(_ signature: CommitSignature, approvers: [ProtectPolicy.Approver]) -> Outcome {
        let keyType: String
        do {
            keyType = try SSHSignature(armored: signature.armored).keyType
        } catch {
            return .unavailable("unreadable SSH signature: \(error)")
        }
        guard let program else {
            return .unavailable("ssh-keygen is not installed (install openssh-client), so the \(keyType) signature cannot be verified")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("secissue-sshsig-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let signers = directory.appendingPathComponent("allowed_signers").path
        let signatureFile = directory.appendingPathComponent("signature").path
        let dataFile = directory.appendingPathComponent("data").path
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try Data(Self.allowedSigners(approvers).utf8).write(to: URL(fileURLWithPath: signers))
            try Data(signature.armored.utf8).write(to: URL(fileURLWithPath: signatureFile))
            try Data(signature.signedData).write(to: URL(fileURLWithPath: dataFile))
        } catch {
            return .unavailable("cannot prepare the signature check: \(error)")
        }
        // Which approvers list the signing key (this reads the key only, it verifies nothing).
        guard let found = run(program, ["-Y", "find-principals", "-s", signatureFile, "-f", signers]), found.status == 0 else {
            return .unlisted(keyType: keyType)
        }
        let indices = found.output.split(whereSeparator: \.isNewline).compactMap { line -> Int? in
            guard line.hasPrefix("approver-"), let number = Int(line.dropFirst("approver-".count)), number >= 1,
                  number <= approvers.count else { return nil }
            return number - 1
        }
        guard let first = indices.first else { return .unlisted(keyType: keyType) }
        guard let checked = run(program, ["-Y", "verify", "-f", signers, "-I", "approver-\(first + 1)", "-n", Self.namespace,
                                          "-s", signatureFile], input: dataFile) else {
            return .unavailable("cannot run \(program)")
        }
        guard checked.status == 0 else {
            let detail = checked.output.split(whereSeparator: \.isNewline).last.map(String.init) ?? "exit \(checked.status)"
            return .bad(keyType: keyType, approvers: indices, detail: detail)
        }
        return .verified(approvers: indices, keyType: keyType)
    }

    /// Runs the program with `input` (a file) as standard input; its output and errors together.
    private func run(_ program: String, _ arguments: [String], input: String? = nil) -> (status: Int32, output: String)? {
        let data: Data?
        if let input {
            guard let contents = FileManager.default.contents(atPath: input) else { return nil }
            data = contents
        } else {
            data = nil
        }
        guard let result = try? Subprocess.run([program] + arguments, environment: ProcessInfo.processInfo.environment, input: data) else {
            return nil
        }
        return (result.status, String(decoding: result.stdout + result.stderr, as: UTF8.self))
    }
}
