import Crypto
import Foundation

/// Finding IDs: `PREFIX-` and 10 Crockford base32 characters (50 bits), so clones never
/// collide without a server. Manual findings get random IDs; imported ones derive theirs
/// from a key, so two branches importing the same result create the same file.
public enum FindingID {
    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")
    static let length = 10

    /// A fresh random ID.
    public static func random(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + "-" + String((0..<length).map { _ in alphabet[Int(generator.next() % 32)] })
    }

    /// The ID for `key`: the first 50 bits of its SHA-256, so the same key always gives the same ID.
    public static func derived(prefix: String, key: String) -> String {
        fromDigest(prefix: prefix, digest: Array(SHA256.hash(data: Array(key.utf8))))
    }

    /// The ID whose 50 bits are the first of `digest` (a hash, or a keyed one: `IDKey`).
    static func fromDigest(prefix: String, digest: [UInt8]) -> String {
        var bits: UInt64 = 0
        for byte in digest.prefix(8) { bits = bits << 8 | UInt64(byte) }
        let characters = (0..<length).map { index in alphabet[Int((bits >> UInt64(59 - 5 * index)) & 31)] }
        return prefix + "-" + String(characters)
    }

    /// True for `PREFIX-xxxxxxxxxx` with a letter-led alphanumeric prefix and 10 base32 characters.
    public static func isValid(_ id: String) -> Bool {
        guard let dash = id.firstIndex(of: "-") else { return false }
        let prefix = id[..<dash], suffix = id[id.index(after: dash)...]
        return !prefix.isEmpty && prefix.first!.isLetter && prefix.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            && suffix.count == length && suffix.allSatisfy { alphabet.contains($0) }
    }

    /// The part after `PREFIX-`, lowercased: what prefixes on the command line are matched against.
    static func suffix(of id: String) -> Substring {
        guard let dash = id.firstIndex(of: "-") else { return Substring(id.lowercased()) }
        return Substring(id[id.index(after: dash)...].lowercased())
    }
}

/// Resolves what a user typed to one finding ID, as git accepts short hashes.
public struct FindingIndex: Sendable {
    public let ids: [String]
    /// Each ID's suffix, sorted, with the ID and its place in `ids`.
    private let sortedSuffixes: [(suffix: Substring, id: String, index: Int)]

    public init(ids: [String]) {
        self.ids = ids
        self.sortedSuffixes = ids.enumerated().map { (FindingID.suffix(of: $1), $1, $0) }.sorted { $0.suffix < $1.suffix }
    }

    /// The one ID that `input` (4+ characters of the ID, with or without `PREFIX-`, any case) names.
    public func resolve(_ input: String) throws -> String {
        let (typedPrefix, typed) = normalise(input)
        guard typed.count >= 4 else {
            throw SecIssueError.usage("finding ID '\(input)' is too short: give at least 4 characters of it (see git secissue list)")
        }
        let matches = sortedSuffixes.filter { entry in
            entry.suffix.hasPrefix(typed) && typedPrefix.map { entry.id.lowercased().hasPrefix($0 + "-") } != false
        }.map(\.id)
        switch matches.count {
        case 1: return matches[0]
        case 0: throw SecIssueError("no finding matches '\(input)': check the ID with git secissue list --all", code: SecIssueError.Code.noSuchFinding)
        default:
            throw SecIssueError("finding ID '\(input)' is ambiguous: it matches \(matches.joined(separator: ", ")); give more characters",
                               code: SecIssueError.Code.ambiguousID)
        }
    }

    /// The shortest prefix (at least 4 characters) that names `id` alone, with its `PREFIX-`.
    public func shortest(_ id: String) -> String {
        let suffix = FindingID.suffix(of: id)
        guard let position = position(of: id, suffix: suffix) else { return id }
        return shortest(id, suffix: suffix, at: position)
    }

    /// `shortest(_:)` of every ID, in the order of `ids`: one pass over the sorted suffixes, each
    /// prefix from its two neighbours, with no search per ID (a table lists them all).
    public func shortestOfAll() -> [String] {
        if let prefixes = Self.prefixesInOrder(ids) { return prefixes }
        var prefixes = [String](repeating: "", count: ids.count)
        for (position, entry) in sortedSuffixes.enumerated() {
            prefixes[entry.index] = shortest(entry.id, suffix: entry.suffix, at: position)
        }
        return prefixes
    }

    /// `FindingIndex(ids: ids).shortestOfAll()`, without making the index when `ids` are as a
    /// listing gives them (`prefixesInOrder`).
    public static func shortestOfAll(_ ids: [String]) -> [String] {
        prefixesInOrder(ids) ?? FindingIndex(ids: ids).shortestOfAll()
    }

    /// The prefixes in the common case, as bytes: every ID printable ASCII with no upper case in
    /// its suffix (which so needs no lower-casing, and a character is a byte) and each suffix
    /// after the one before it, so that `ids` is already in the order of the sorted suffixes.
    /// Nil otherwise, and then the index sorts them.
    private static func prefixesInOrder(_ ids: [String]) -> [String]? {
        // ID i is bytes[starts[i]..<starts[i + 1]], and its suffix begins at suffixes[i].
        var bytes: [UInt8] = [], starts = [0], suffixes: [Int] = []
        bytes.reserveCapacity(ids.count * 16)
        starts.reserveCapacity(ids.count + 1)
        suffixes.reserveCapacity(ids.count)
        for id in ids {
            let start = bytes.count
            if id.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil { bytes.append(contentsOf: Array(id.utf8)) }
            let written = bytes[start...]
            let suffix = written.firstIndex(of: UInt8(ascii: "-")).map { $0 + 1 } ?? start
            guard written.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }), !bytes[suffix...].contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
                return nil
            }
            starts.append(bytes.count)
            suffixes.append(suffix)
        }
        var prefixes: [String] = []
        prefixes.reserveCapacity(ids.count)
        var before = 0 // how many bytes the suffix shares with the one before it
        for index in ids.indices {
            var after = 0
            if index + 1 < ids.count {
                let this = suffixes[index]..<starts[index + 1], next = suffixes[index + 1]..<starts[index + 2]
                while after < this.count, after < next.count, bytes[this.lowerBound + after] == bytes[next.lowerBound + after] { after += 1 }
                // Not strictly after the one before: the sorted suffixes are in another order.
                guard after < next.count, after == this.count || bytes[this.lowerBound + after] < bytes[next.lowerBound + after] else { return nil }
            }
            let end = min(starts[index + 1], suffixes[index] + max(4, before + 1, after + 1))
            prefixes.append(String(decoding: bytes[starts[index]..<end], as: UTF8.self))
            before = after
        }
        return prefixes
    }

    /// The shortest prefix of `id`, whose suffix sits at `position` in the sorted suffixes.
    private func shortest(_ id: String, suffix: Substring, at position: Int) -> String {
        var needed = 4
        for neighbour in [position - 1, position + 1] where sortedSuffixes.indices.contains(neighbour) {
            needed = max(needed, Self.commonLength(suffix, sortedSuffixes[neighbour].suffix) + 1)
        }
        if Self.isPrintableASCII(id.utf8) {
            // One byte a character: the prefix is cut as bytes.
            let dash = id.utf8.firstIndex(of: UInt8(ascii: "-")).map { id.utf8.distance(from: id.utf8.startIndex, to: $0) + 1 } ?? 0
            return String(decoding: id.utf8.prefix(dash + needed), as: UTF8.self)
        }
        let dash = id.firstIndex(of: "-").map { String(id[...$0]) } ?? ""
        return dash + String(id.dropFirst(dash.count).prefix(needed))
    }

    /// How many characters two suffixes share at their start; as bytes when both are printable
    /// ASCII, where each character is one byte.
    private static func commonLength(_ a: Substring, _ b: Substring) -> Int {
        guard isPrintableASCII(a.utf8), isPrintableASCII(b.utf8) else { return zip(a, b).prefix { $0 == $1 }.count }
        return zip(a.utf8, b.utf8).prefix { $0 == $1 }.count
    }

    private static func isPrintableASCII<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Bool {
        bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7f }
    }

    /// Where `id` sits in the sorted suffixes: a binary search for the first entry with its suffix,
    /// then the few entries sharing that suffix (IDs of other prefixes), so a table of N rows
    /// costs N log N rather than N².
    private func position(of id: String, suffix: Substring) -> Int? {
        var low = 0, high = sortedSuffixes.count
        while low < high {
            let middle = low + (high - low) / 2
            if sortedSuffixes[middle].suffix < suffix { low = middle + 1 } else { high = middle }
        }
        while low < sortedSuffixes.count, sortedSuffixes[low].suffix == suffix {
            if sortedSuffixes[low].id == id { return low }
            low += 1
        }
        return nil
    }

    /// The typed `PREFIX` (if any) and the rest, lowercased.
    private func normalise(_ input: String) -> (String?, Substring) {
        var text = input.trimmingCharacters(in: .whitespaces).lowercased()
        var prefix: String?
        if let dash = text.firstIndex(of: "-") {
            prefix = String(text[..<dash])
            text = String(text[text.index(after: dash)...])
        }
        // Crockford base32 reads the look-alikes i, l as 1 and o as 0.
        return (prefix, Substring(String(text.map { $0 == "i" || $0 == "l" ? "1" : $0 == "o" ? "0" : $0 })))
    }
}
