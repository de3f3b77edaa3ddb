import Crypto
import Foundation

/// Versioned fingerprints (`v1/…`) that say which result is which across scans.
enum Fingerprint {
    /// From the scanner's own `fingerprints`, else its `partialFingerprints`; nil when it gave none.
    /// Scanners often give identical code the same fingerprint, so the occurrence index of the
    /// flagged text in its file (when known) is part of it: dropping one of two identical results
    /// from a scan then leaves the other its identity.
    static func fromSARIF(_ fingerprints: [String: String]?, partial: [String: String]?, occurrence: Int?) -> String? {
        let suffix = occurrence.map { ["occurrence=\($0)"] } ?? []
        if let fingerprints, !fingerprints.isEmpty {
            return "v1/sarif:" + digest(fingerprints.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + suffix)
        }
        if let partial, !partial.isEmpty {
            return "v1/partial:" + digest(partial.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + suffix)
        }
        return nil
    }

    /// How many times the flagged lines' text occurs in the file before them (whitespace-normalised).
    static func occurrence(lines: [String]?, start: Int, end: Int) -> Int? {
        guard let lines, start >= 1, start <= lines.count else { return nil }
        let last = min(max(end, start), lines.count)
        let normalised = lines.map(normalise)
        let block = Array(normalised[(start - 1)..<last])
        var count = 0
        for index in 0..<(start - 1) where index + block.count <= normalised.count
            && Array(normalised[index..<(index + block.count)]) == block {
            count += 1
        }
        return count
    }

    /// From the flagged lines' text, whitespace-normalised, and which occurrence of that text in
    /// the file it is: code that moves up or down keeps its fingerprint, and two identical lines
    /// in one file get different ones.
    static func computed(tool: String, rule: String, path: String, lines: [String]?, start: Int, end: Int) -> String? {
        guard let lines, let occurrence = occurrence(lines: lines, start: start, end: end) else { return nil }
        let block = lines[(start - 1)..<min(max(end, start), lines.count)].map(normalise)
        return "v1/code:" + digest([tool, rule, path, block.joined(separator: "\n"), String(occurrence)])
    }

    /// The last resort for results without a usable location: tool, rule, path and message.
    static func fromMessage(tool: String, rule: String, path: String?, message: String) -> String {
        "v1/message:" + digest([tool, rule, path ?? "", normalise(message)])
    }

    static func normalise(_ line: String) -> String {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }

    private static func digest(_ parts: [String]) -> String {
        let hash = SHA256.hash(data: Array(parts.joined(separator: "\u{0}").utf8))
        return hash.prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
