import SecIssueKit
/// The route a request was aimed at, as the resource of its finding: the path without the query,
/// decoded, with identifiers (all digits, UUIDs, long hex) replaced by `{id}` so that
/// `/users/17` and `/users/42` are one route. A path that climbs out with `..` is cut where the
/// climb starts: `/static/../../etc/passwd` is aimed at `/static/`. So is a path that carries the
/// attack itself (markup, quotes, control bytes): `/blog/<script>…` is aimed at `/blog/`, which
/// also keeps attacker-written text out of finding titles.
struct RequestRoute {
    static let limit = 200
    private var decoder = RequestDecoder()
    private var bytes: [UInt8] = []

    mutating func name(_ target: UnsafeBufferPointer<UInt8>) -> String {
        var start = 0
        if let scheme = Self.schemeEnd(target) {
            // An absolute-form target (`GET http://host/path`, as proxies get): the path only.
            start = scheme
            while start < target.count && target[start] != ASCII.slash { start += 1 }
        }
        var end = start
        while end < target.count && target[end] != ASCII.question && target[end] != ASCII.hash { end += 1 }
        let path = UnsafeBufferPointer(rebasing: target[start..<end])
        var route: [UInt8] = []
        swap(&route, &bytes)
        defer { swap(&route, &bytes) }
        route.removeAll(keepingCapacity: true)
        // Most paths have nothing to decode, and are read as they are.
        if path.contains(where: { $0 == ASCII.percent || $0 >= 0xC0 }) {
            decoder.decodePath(path)
            Self.build(decoder.text, into: &route)
        } else {
            Self.build(path, into: &route)
        }
        if route.count > Self.limit {
            var cut = Self.limit
            while cut > 0 && route[cut] & 0xC0 == 0x80 { cut -= 1 }
            route.removeSubrange(cut...)
        }
        return route.isEmpty ? "/" : String(decoding: route, as: UTF8.self)
    }

    /// The route of a decoded path: segments copied, identifiers replaced, cut at a climb or markup.
    private static func build(_ path: UnsafeBufferPointer<UInt8>, into route: inout [UInt8]) {
        var index = 0
        while index < path.count && route.count < limit {
            let byte = path[index]
            if byte == ASCII.slash || byte == ASCII.backslash {
                route.append(byte)
                index += 1
                continue
            }
            var segmentEnd = index
            while segmentEnd < path.count && path[segmentEnd] != ASCII.slash && path[segmentEnd] != ASCII.backslash { segmentEnd += 1 }
            let segment = UnsafeBufferPointer(rebasing: path[index..<segmentEnd])
            if climbs(segment) || segment.contains(where: isForeign) { break }
            if isIdentifier(segment) {
                route.append(contentsOf: "{id}".utf8)
            } else {
                route.append(contentsOf: segment)
            }
            index = segmentEnd
        }
    }

    private static func schemeEnd(_ target: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = target.first, first != ASCII.slash else { return nil }
        var index = 0
        while index < min(target.count, 10) && ScanText.isLetter(target[index]) { index += 1 }
        guard index > 0, index + 2 < target.count, target[index] == ASCII.colon, target[index + 1] == ASCII.slash, target[index + 2] == ASCII.slash else { return nil }
        return index + 3
    }

    /// `..`, `....` (which a filter that strips `../` once turns into `../`), `..;jsessionid=…`.
    private static func climbs(_ segment: UnsafeBufferPointer<UInt8>) -> Bool {
        var dots = 0
        for byte in segment {
            if byte == ASCII.dot { dots += 1 } else if byte == ASCII.semicolon || byte == 0 { break } else { return false }
        }
        return dots >= 2
    }

    /// All digits, a UUID, or 16 or more hex digits.
    static func isIdentifier(_ segment: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !segment.isEmpty else { return false }
        if segment.allSatisfy(ScanText.isDigit) { return true }
        if segment.count == 36 {
            return segment.indices.allSatisfy { index in
                let isDash = index == 8 || index == 13 || index == 18 || index == 23
                return isDash ? segment[index] == ASCII.minus : RequestDecoder.hexValue(segment[index]) != nil
            }
        }
        return segment.count >= 16 && segment.allSatisfy { RequestDecoder.hexValue($0) != nil }
    }

    /// Bytes no route of a site holds but injected markup and SQL do: `<` `>` `"` `'` `` ` `` `{`
    /// `}` `|` and control bytes. A segment holding one is where the attack starts, not a route.
    private static func isForeign(_ byte: UInt8) -> Bool {
        byte < ASCII.space || byte == ASCII.delete || byte == ASCII.lessThan || byte == ASCII.greaterThan || byte == ASCII.quote || byte == ASCII.apostrophe || byte == ASCII.backtick || byte == ASCII.openBrace
            || byte == ASCII.closeBrace || byte == ASCII.bar
    }
}
