import Crypto
import Foundation
import SecIssueKit

/// An SSH signature as `ssh-keygen -Y sign` writes it and git stores it in a commit signed with
/// `gpg.format=ssh`: an armored SSHSIG blob holding the signer's public key, the namespace
/// (`git` for commits), the hash of the message and the signature over all of them.
public struct SSHSignature: Sendable, Equatable {
    public static let armorBegin = "-----BEGIN SSH SIGNATURE-----"
    public static let armorEnd = "-----END SSH SIGNATURE-----"
    /// The key types whose signatures are verified here.
    public static let supportedKeyTypes = ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"]

    private static let magic = Array("SSHSIG".utf8)

    /// The signer's public key in SSH wire form (what `ssh-ed25519 AAAA…` decodes to).
    public let publicKey: [UInt8]
    public let namespace: String
    public let hashAlgorithm: String
    /// The signature in SSH wire form: its algorithm name, then the signature bytes.
    let signatureBlob: [UInt8]
    let reserved: [UInt8]

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
        reserved = try reader.string()
        hashAlgorithm = try reader.text()
        signatureBlob = try reader.string()
    }

    /// True when this signature was made by the key `publicKey` over `message` in `namespace`.
    /// Throws `Problem` when it cannot be checked (unsupported key type or hash, wrong namespace).
    public func verify(_ message: [UInt8], namespace expected: String = "git") throws -> Bool {
        guard namespace == expected else { throw Problem("the signature is for namespace '\(namespace)', not '\(expected)'") }
        let digest: [UInt8]
        switch hashAlgorithm {
        case "sha512": digest = Array(SHA512.hash(data: message))
        case "sha256": digest = Array(SHA256.hash(data: message))
        default: throw Problem("hash algorithm '\(hashAlgorithm)' is not supported (sha256 or sha512)")
        }
        // What the key signed: the magic, then namespace, reserved, hash name and digest as SSH strings.
        var signed = Self.magic
        for field in [Array(namespace.utf8), reserved, Array(hashAlgorithm.utf8), digest] {
            SSHWireReader.append(field, to: &signed)
        }
        var keyReader = SSHWireReader(publicKey)
        let keyType = try keyReader.text()
        var signatureReader = SSHWireReader(signatureBlob)
        let signatureType = try signatureReader.text()
        let signature = try signatureReader.string()
        guard Self.supportedKeyTypes.contains(keyType) else {
            throw Problem("\(keyType) signatures are not supported (supported: \(Self.supportedKeyTypes.joined(separator: ", ")))")
        }
        // For these key types the signature names the key's own algorithm.
        guard signatureType == keyType else { return false }
        switch keyType {
        case "ssh-ed25519":
            let key = try Curve25519.Signing.PublicKey(rawRepresentation: try keyReader.string())
            return key.isValidSignature(signature, for: signed)
        default:
            return try Self.verifyECDSA(type: keyType, point: try keyReader.curvePoint(), signature: signature, message: signed)
        }
    }

    /// ECDSA in SSH: the signature is two mpints (r, s); the curve fixes the hash (SHA-256/384/512).
    private static func verifyECDSA(type: String, point: [UInt8], signature: [UInt8], message: [UInt8]) throws -> Bool {
        var reader = SSHWireReader(signature)
        let r = try reader.string(), s = try reader.string()
        func raw(_ size: Int) throws -> [UInt8] {
            let parts = [r, s].map { Array($0.drop { $0 == 0 }) }
            guard parts.allSatisfy({ $0.count <= size }) else { throw Problem("malformed ECDSA signature") }
            return parts.flatMap { [UInt8](repeating: 0, count: size - $0.count) + $0 }
        }
        switch type {
        case "ecdsa-sha2-nistp256":
            return try P256.Signing.PublicKey(x963Representation: point)
                .isValidSignature(try P256.Signing.ECDSASignature(rawRepresentation: raw(32)), for: message)
        case "ecdsa-sha2-nistp384":
            return try P384.Signing.PublicKey(x963Representation: point)
                .isValidSignature(try P384.Signing.ECDSASignature(rawRepresentation: raw(48)), for: message)
        default:
            return try P521.Signing.PublicKey(x963Representation: point)
                .isValidSignature(try P521.Signing.ECDSASignature(rawRepresentation: raw(66)), for: message)
        }
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

    /// An ECDSA public key's point, after its curve name.
    mutating func curvePoint() throws -> [UInt8] {
        _ = try string()
        return try string()
    }

    mutating func text() throws -> String {
        String(decoding: try string(), as: UTF8.self)
    }

    static func append(_ field: [UInt8], to out: inout [UInt8]) {
        let count = UInt32(field.count)
        out += [UInt8(count >> 24 & 0xff), UInt8(count >> 16 & 0xff), UInt8(count >> 8 & 0xff), UInt8(count & 0xff)]
        out += field
    }
}
