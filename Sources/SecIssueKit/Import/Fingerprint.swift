import Crypto
import Foundation

/// Versioned fingerprints (`v1/…`) that say which result is which across scans.
enum Fingerprint {
    /// From the scanner's own `fingerprints`, else its `partialFingerprints`; nil when it gave none.
    static func fromSARIF(_ fingerprints: [String: String]?, partial: [String: String]?) -> String? {
        if let fingerprints, !fingerprints.isEmpty {
            return "v1/sarif:" + digest(fingerprints.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        }
        if let partial, !partial.isEmpty {
            return "v1/partial:" + digest(partial.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        }
        return nil
    }

    /// From the flagged lines' text, whitespace-normalised, and which occurrence of that text in
    /// the file it is: code that moves up or down keeps its fingerprint, and two identical lines
    /// in one file get different ones.
    static func computed(tool: String, rule: String, path: String, lines: [String]?, start: Int, end: Int) -> String? {
        guard let lines, start >= 1, start <= lines.count else { return nil }
        let last = min(max(end, start), lines.count)
        let normalised = lines.map(normalise)
        let block = Array(normalised[(start - 1)..<last])
        var occurrence = 0
        var index = 0
        while index < start - 1 {
            if index + block.count <= normalised.count, Array(normalised[index..<(index + block.count)]) == block { occurrence += 1 }
            index += 1
        }
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
