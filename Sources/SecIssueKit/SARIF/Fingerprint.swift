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
    /// Secrets in the lines are replaced by the redaction marker first, which holds nothing of
    /// them, so the fingerprint cannot be used to test guesses of the secret.
    static func computed(tool: String, rule: String, path: String, file: SourceFile?, start: Int, end: Int, redacting secrets: [String] = []) -> String? {
        guard let file, let occurrence = file.occurrence(start: start, end: end) else { return nil }
        let block = file.normalised[(start - 1)..<min(max(end, start), file.normalised.count)].joined(separator: "\n")
        return "v1/code:" + digest([tool, rule, path, Redaction.redact(block, secrets: secrets), String(occurrence)])
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
        return Hex.string(hash.prefix(16))
    }
}

/// A source file of the scanned commit, split into lines once, with an index of where each
/// (whitespace-normalised) line occurs, so occurrence counts cost a binary search, not a scan.
final class SourceFile {
    let lines: [String]
    let normalised: [String]
    private let positions: [String: [Int]]

    init(bytes: [UInt8]) {
        lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == 13 ? line.dropLast() : line, as: UTF8.self)
        }
        normalised = lines.map(Fingerprint.normalise)
        var positions: [String: [Int]] = [:]
        for (index, line) in normalised.enumerated() { positions[line, default: []].append(index) }
        self.positions = positions
    }

    /// The 0-based count of earlier places in the file whose lines read the same as `start...end`.
    func occurrence(start: Int, end: Int) -> Int? {
        guard start >= 1, start <= normalised.count else { return nil }
        let last = min(max(end, start), normalised.count)
        let candidates = positions[normalised[start - 1]] ?? []
        var low = 0, high = candidates.count
        while low < high {
            let middle = (low + high) / 2
            if candidates[middle] < start - 1 { low = middle + 1 } else { high = middle }
        }
        if last == start { return low }
        let length = last - start + 1
        return candidates[..<low].filter { first in
            first + length <= normalised.count && normalised[first..<(first + length)].elementsEqual(normalised[(start - 1)..<last])
        }.count
    }
}
