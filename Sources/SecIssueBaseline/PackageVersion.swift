import SecIssueKit
/// Orders package versions the way Debian does (`[epoch:]upstream[-revision]`), to tell an upgrade
/// from a downgrade. Alpine versions (`1.2.3-r4`) sort the same way in their usual forms; apk's
/// pre-release suffixes (`_rc1`) are the exception, and count as later here.
public enum PackageVersion {
    /// Negative when `a` is older than `b`, zero when equal, positive when newer.
    public static func compare(_ a: String, _ b: String) -> Int {
        let (epochA, upstreamA, revisionA) = split(a)
        let (epochB, upstreamB, revisionB) = split(b)
        if epochA != epochB { return epochA < epochB ? -1 : 1 }
        let upstream = compareParts(Array(upstreamA.utf8), Array(upstreamB.utf8))
        return upstream != 0 ? upstream : compareParts(Array(revisionA.utf8), Array(revisionB.utf8))
    }

    private static func split(_ version: String) -> (Int, Substring, Substring) {
        var rest = Substring(version)
        var epoch = 0
        if let colon = rest.firstIndex(of: ":"), let number = Int(rest[..<colon]) {
            epoch = number
            rest = rest[rest.index(after: colon)...]
        }
        guard let dash = rest.lastIndex(of: "-") else { return (epoch, rest, "") }
        return (epoch, rest[..<dash], rest[rest.index(after: dash)...])
    }

    /// Alternating runs: non-digits compared character by character (`~` before anything, even the
    /// end; letters before other symbols), then digits compared as numbers.
    private static func compareParts(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var i = 0, j = 0
        func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
        func weight(_ bytes: [UInt8], _ index: Int) -> Int {
            guard index < bytes.count else { return 0 }
            let byte = bytes[index]
            if byte == UInt8(ascii: "~") { return -1 }
            if isDigit(byte) { return 0 }
            let isLetter = (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
            return isLetter ? Int(byte) : Int(byte) + 256
        }
        while i < a.count || j < b.count {
            while (i < a.count && !isDigit(a[i])) || (j < b.count && !isDigit(b[j])) {
                let left = weight(a, i), right = weight(b, j)
                if left != right { return left < right ? -1 : 1 }
                if i < a.count { i += 1 }
                if j < b.count { j += 1 }
            }
            while i < a.count && a[i] == 48 { i += 1 }
            while j < b.count && b[j] == 48 { j += 1 }
            var firstDifference = 0
            while i < a.count && isDigit(a[i]) && j < b.count && isDigit(b[j]) {
                if firstDifference == 0 && a[i] != b[j] { firstDifference = a[i] < b[j] ? -1 : 1 }
                i += 1
                j += 1
            }
            // A longer run of digits is the larger number.
            if i < a.count && isDigit(a[i]) { return 1 }
            if j < b.count && isDigit(b[j]) { return -1 }
            if firstDifference != 0 { return firstDifference }
        }
        return 0
    }
}

extension PackageVersion {
    /// Compares two versions of one manager's package: rpm's rules for rpm, Debian's otherwise.
    public static func compare(_ a: String, _ b: String, manager: PackageDatabase.Manager) -> Int {
        manager == .rpm ? compareRPM(a, b) : compare(a, b)
    }

    /// Orders `[epoch:]version-release` the way rpm does: epochs as numbers (none is 0), then the
    /// versions, then the releases, each split into runs of digits and runs of letters. Any other
    /// character only separates runs (`1.0` equals `1_0`); digits beat letters (`1.1` is newer than
    /// `1.a`), numbers compare by value, letters by byte; `~` sorts before anything, even the end
    /// (`1.0~rc1` is older than `1.0`), and `^` after the end but before anything else
    /// (`1.0^git1` is newer than `1.0`, older than `1.0.1`). Where the Debian order differs,
    /// only for such forms, it would misname an rpm upgrade as a downgrade or the reverse.
    public static func compareRPM(_ a: String, _ b: String) -> Int {
        let left = splitRPM(a), right = splitRPM(b)
        if left.epoch != right.epoch { return left.epoch < right.epoch ? -1 : 1 }
        let version = compareRPMPart(Array(left.version.utf8), Array(right.version.utf8))
        if version != 0 { return version }
        // A release, even an empty one, beats none.
        switch (left.release, right.release) {
        case (nil, nil): return 0
        case (_, nil): return 1
        case (nil, _): return -1
        case (let a?, let b?): return compareRPMPart(Array(a.utf8), Array(b.utf8))
        }
    }

    private static func splitRPM(_ text: String) -> (epoch: UInt64, version: Substring, release: Substring?) {
        var rest = Substring(text)
        var epoch: UInt64 = 0
        if let colon = rest.firstIndex(of: ":"), rest[..<colon].allSatisfy(\.isASCII), let number = UInt64(rest[..<colon]) {
            epoch = number
            rest = rest[rest.index(after: colon)...]
        }
        guard let dash = rest.lastIndex(of: "-") else { return (epoch, rest, nil) }
        return (epoch, rest[..<dash], rest[rest.index(after: dash)...])
    }

    private static func compareRPMPart(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a == b { return 0 }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
        func isLetter(_ byte: UInt8) -> Bool { (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) }
        let tilde = UInt8(ascii: "~"), caret = UInt8(ascii: "^")
        var i = 0, j = 0
        while i < a.count || j < b.count {
            while i < a.count && !isDigit(a[i]) && !isLetter(a[i]) && a[i] != tilde && a[i] != caret { i += 1 }
            while j < b.count && !isDigit(b[j]) && !isLetter(b[j]) && b[j] != tilde && b[j] != caret { j += 1 }
            let x: UInt8? = i < a.count ? a[i] : nil, y: UInt8? = j < b.count ? b[j] : nil
            if x == tilde || y == tilde {
                if x != tilde { return 1 }
                if y != tilde { return -1 }
                i += 1
                j += 1
                continue
            }
            if x == caret || y == caret {
                if x == nil { return -1 }
                if y == nil { return 1 }
                if x != caret { return 1 }
                if y != caret { return -1 }
                i += 1
                j += 1
                continue
            }
            guard let x, y != nil else { break }
            let numeric = isDigit(x)
            let kind = numeric ? isDigit : isLetter
            let startA = i, startB = j
            while i < a.count && kind(a[i]) { i += 1 }
            while j < b.count && kind(b[j]) { j += 1 }
            // A run of digits against a run of letters: the digits are newer.
            if j == startB { return numeric ? 1 : -1 }
            var runA = a[startA..<i], runB = b[startB..<j]
            if numeric {
                runA = runA.drop { $0 == 48 }
                runB = runB.drop { $0 == 48 }
                if runA.count != runB.count { return runA.count < runB.count ? -1 : 1 }
            }
            if !runA.elementsEqual(runB) { return runA.lexicographicallyPrecedes(runB) ? -1 : 1 }
        }
        if i >= a.count && j >= b.count { return 0 }
        return i < a.count ? 1 : -1
    }
}
