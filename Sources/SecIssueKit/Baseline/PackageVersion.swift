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
