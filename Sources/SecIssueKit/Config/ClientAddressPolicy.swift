import Crypto
import Foundation

/// `telemetry.client_addresses` in config.yml: how much of a client's IP address a telemetry
/// finding keeps (in its evidence and description) before anything is written. Confidential
/// telemetry findings keep addresses in full: their text is encrypted.
public enum ClientAddressPolicy: String, Sendable, CaseIterable {
    /// The address as logged.
    case full
    /// IPv4 to its /24 (`203.0.113.0/24`), IPv6 to its /48 (`2001:db8:1::/48`): the network, not the host.
    case truncated
    /// `ip-` and 12 hex digits of the address's SHA-256: the same client is recognisable across
    /// findings, but the hash is not anonymous (every IPv4 address can be hashed and compared).
    case hashed

    /// `text` with every IPv4 and IPv6 address in it replaced as the policy says.
    public func apply(to text: String) -> String {
        guard self != .full else { return text }
        var out = ""
        var token = ""
        // An address followed by `/` is a network already (`203.0.113.0/24`): left as it is, so
        // applying the policy twice changes nothing.
        func flush(before next: Character?) {
            out += next == "/" ? token : replacement(for: token) ?? token
            token = ""
        }
        for character in text {
            if character.isASCII && (character.isHexDigit || character == "." || character == ":") {
                token.append(character)
            } else {
                flush(before: character)
                out.append(character)
            }
        }
        flush(before: nil)
        return out
    }

    /// The replacement of one token that is an address (a trailing `.` or `:` of prose kept), or nil.
    private func replacement(for token: String) -> String? {
        var address = token
        var trailer = ""
        while let last = address.last, last == "." || last == ":", !address.hasSuffix("::") {
            trailer = String(last) + trailer
            address.removeLast()
        }
        if address.contains("."), let colon = address.lastIndex(of: ":"),
           let host = replacement(for: String(address[..<colon])), !host.contains(":") || host.hasPrefix("ip-") {
            // `203.0.113.7:51234`: an IPv4 address and a port.
            return host + address[colon...] + trailer
        }
        if address.contains(":") {
            var bytes = [UInt8](repeating: 0, count: 16)
            guard inet_pton(AF_INET6, address, &bytes) == 1 else { return nil }
            return transformed(address, bytes: bytes, family: AF_INET6, keep: 6, prefix: 48) + trailer
        }
        guard address.split(separator: ".").count == 4 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 4)
        guard inet_pton(AF_INET, address, &bytes) == 1 else { return nil }
        return transformed(address, bytes: bytes, family: AF_INET, keep: 3, prefix: 24) + trailer
    }

    private func transformed(_ address: String, bytes: [UInt8], family: Int32, keep: Int, prefix: Int) -> String {
        if self == .hashed {
            return "ip-" + Hex.string(SHA256.hash(data: Array(address.lowercased().utf8)).prefix(6))
        }
        var network = bytes
        for index in keep..<network.count { network[index] = 0 }
        var buffer = [CChar](repeating: 0, count: 64)
        guard inet_ntop(family, network, &buffer, socklen_t(buffer.count)) != nil else { return address }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) } + "/\(prefix)"
    }
}
