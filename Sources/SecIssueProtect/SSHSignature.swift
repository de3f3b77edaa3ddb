import Foundation
import SecIssueKit

/// An SSH signature as `ssh-keygen -Y sign` writes it and git stores it in a commit signed with
/// `gpg.format=ssh`: an armored SSHSIG blob holding the signer's public key, the namespace
/// (`git` for commits), the hash of the message and the signature over all of them. It is read
/// here only to name the key; `SSHVerifier` has `ssh-keygen` verify it.
public struct SSHSignature: Sendable, Equatable {
    public static let armorBegin = "-----BEGIN SSH SIGNATURE-----"
    public static let armorEnd = "-----END SSH SIGNATURE-----"
    private static let magic = Array("SSHSIG".utf8)

    /// The signer's public key in SSH wire form (what `ssh-ed25519 AAAA…` decodes to).
    public let publicKey: [UInt8]
    public let namespace: String
    public let hashAlgorithm: String

    /// The key type named inside the public key, such as `ssh-ed25519`.
    public var keyType: String {
        var reader = SSHWireReader(publicKey)
        return (try? reader.text()) ?? "unknown"
    }

    /// Reads an armored signature; throws `SSHSignature.Problem` for anything malformed.
    public init(armored: String) throws {
        guard let begin = armored.range(of: Self.armorBegin), let end = armored.range(of: Self.armorEnd), begin.upperBound <= end.lowerBound else {
            throw Problem("not an SSH signature (no \(Self.armorBegin) block)")
        }
        let body = armored[begin.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: String(body)) else { throw Problem("the SSH signature is not valid base64") }
        var reader = SSHWireReader(Array(data))
        guard try reader.bytes(count: 6) == Self.magic else { throw Problem("the SSH signature does not start with SSHSIG") }
        let version = try reader.uint32()
        guard version == 1 else { throw Problem("SSH signature version \(version) is not supported (only 1)") }
        publicKey = try reader.string()
        namespace = try reader.text()
        _ = try reader.string()
        hashAlgorithm = try reader.text()
        _ = try reader.string()
    }

    /// The key blob of an OpenSSH public key line (`ssh-ed25519 AAAA… comment`, or the base64 alone).
    public static func keyBlob(_ line: String) -> [UInt8]? {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        let encoded = fields.count >= 2 ? fields[1] : fields.first
        return encoded.flatMap { Data(base64Encoded: String($0)) }.map(Array.init)
    }

    /// Why a signature could not be read or checked.
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}

/// Reads the SSH wire encoding: big-endian 32-bit lengths before each string.
struct SSHWireReader {
    private let data: [UInt8]
    private var offset = 0

    init(_ data: [UInt8]) { self.data = data }

    mutating func bytes(count: Int) throws -> [UInt8] {
        guard count >= 0, count <= data.count - offset else { throw SSHSignature.Problem("the SSH signature is truncated") }
        defer { offset += count }
        return Array(data[offset..<offset + count])
    }

    mutating func uint32() throws -> UInt32 {
        try bytes(count: 4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func string() throws -> [UInt8] {
        try bytes(count: Int(try uint32()))
    }

    mutating func text() throws -> String {
        String(decoding: try string(), as: UTF8.self)
    }
}
