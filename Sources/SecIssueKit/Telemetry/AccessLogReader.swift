/// Reads a web access log (combined, common or JSON lines) and turns attack traffic into
/// observations: `sqli`, `xss` and `path-traversal` per request, and bursts of 4xx and 5xx
/// responses per route. Benign requests cost a parse and a byte scan, nothing more.
public struct AccessLogReader: TelemetryReader {
    public private(set) var stats = IngestStats()
    private let format: LogFormat
    private var splitter = LineSplitter()
    private var record = AccessLogRecord()
    private var json: AccessLogJSON
    private var scanner = AttackScanner()
    private var routes = RequestRoute()
    private var bursts: BurstTracker

    /// `format` is `combined`, `common` or `jsonl`; any other is read as `combined`.
    public init(format: LogFormat, policy: TelemetryPolicy) {
        self.format = [.combined, .common, .jsonl].contains(format) ? format : .combined
        json = AccessLogJSON(fields: policy.fields)
        bursts = BurstTracker(policy: policy)
    }

    public mutating func consume(_ chunk: UnsafeRawBufferPointer, into aggregate: inout TelemetryAggregate) throws {
        var lines = LineSplitter()
        swap(&lines, &splitter)
        defer { swap(&lines, &splitter) }
        lines.feed(chunk) { line, number, overlong in
            read(line, number: number, overlong: overlong, into: &aggregate)
        }
    }

    public mutating func finish(into aggregate: inout TelemetryAggregate) throws {
        var lines = LineSplitter()
        swap(&lines, &splitter)
        defer { swap(&lines, &splitter) }
        lines.finish { line, number, overlong in
            read(line, number: number, overlong: overlong, into: &aggregate)
        }
        bursts.finish(into: &aggregate)
    }

    private mutating func read(_ line: UnsafeRawBufferPointer, number: Int, overlong: Bool, into aggregate: inout TelemetryAggregate) {
        guard !overlong else {
            stats.skip("line \(number): longer than \(LineSplitter.limit) bytes, so not read")
            return
        }
        guard line.contains(where: { $0 != 32 && $0 != 9 }) else { return }
        do {
            switch format {
            case .jsonl: try json.parse(line, into: &record)
            case .common: try AccessLogSyntax.parse(line, combined: false, into: &record)
            default: try AccessLogSyntax.parse(line, combined: true, keepUserAgent: false, into: &record)
            }
        } catch {
            stats.skip("line \(number): \(error.message)")
            return
        }
        stats.records += 1
        let isError = record.status >= 400 && record.status < 600
        let kinds: AttackKinds = record.bytes.withUnsafeBufferPointer { bytes in
            let target = UnsafeBufferPointer(rebasing: bytes[record.target])
            return AttackScanner.mayHoldAttack(target) ? scanner.scan(target) : []
        }
        guard isError || !kinds.isEmpty else { return }
        let route = record.bytes.withUnsafeBufferPointer { routes.name(UnsafeBufferPointer(rebasing: $0[record.target])) }
        let client = record.string(record.client)
        if isError {
            bursts.record(route: route, client: client, status: record.status, time: record.time, line: number, into: &aggregate)
        }
        guard !kinds.isEmpty else { return }
        let sample = RequestSample.of(method: record.bytes[record.method], target: record.bytes[record.target], status: record.status)
        for (kind, rule, cwe, severity, what) in Self.rules where kinds.contains(kind) {
            aggregate.add(Observation(rule: rule, resource: route, time: record.time, source: client, sample: sample,
                                      severity: severity, cwe: cwe, title: "\(what) attempts on \(route)", line: number))
        }
    }

    private static let rules: [(AttackKinds, String, Int, Severity, String)] = [
        (.sqlInjection, "sqli", 89, .high, "SQL injection"),
        (.crossSiteScripting, "xss", 79, .medium, "Cross-site scripting"),
        (.pathTraversal, "path-traversal", 22, .high, "Path traversal"),
    ]
}

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
            while start < target.count && target[start] != 47 { start += 1 }
        }
        var end = start
        while end < target.count && target[end] != 63 && target[end] != 35 { end += 1 }
        let path = UnsafeBufferPointer(rebasing: target[start..<end])
        var route: [UInt8] = []
        swap(&route, &bytes)
        defer { swap(&route, &bytes) }
        route.removeAll(keepingCapacity: true)
        // Most paths have nothing to decode, and are read as they are.
        if path.contains(where: { $0 == 37 || $0 >= 0xC0 }) {
            decoder.decodePath(path)
            decoder.text.withUnsafeBufferPointer { Self.build($0, into: &route) }
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
            if byte == 47 || byte == 92 {
                route.append(byte)
                index += 1
                continue
            }
            var segmentEnd = index
            while segmentEnd < path.count && path[segmentEnd] != 47 && path[segmentEnd] != 92 { segmentEnd += 1 }
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
        guard let first = target.first, first != 47 else { return nil }
        var index = 0
        while index < min(target.count, 10) && ScanText.isLetter(target[index]) { index += 1 }
        guard index > 0, index + 2 < target.count, target[index] == 58, target[index + 1] == 47, target[index + 2] == 47 else { return nil }
        return index + 3
    }

    /// `..`, `....` (which a filter that strips `../` once turns into `../`), `..;jsessionid=…`.
    private static func climbs(_ segment: UnsafeBufferPointer<UInt8>) -> Bool {
        var dots = 0
        for byte in segment {
            if byte == 46 { dots += 1 } else if byte == 59 || byte == 0 { break } else { return false }
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
                return isDash ? segment[index] == 45 : RequestDecoder.hexValue(segment[index]) != nil
            }
        }
        return segment.count >= 16 && segment.allSatisfy { RequestDecoder.hexValue($0) != nil }
    }

    /// Bytes no route of a site holds but injected markup and SQL do: `<` `>` `"` `'` `` ` `` `{`
    /// `}` `|` and control bytes. A segment holding one is where the attack starts, not a route.
    private static func isForeign(_ byte: UInt8) -> Bool {
        byte < 32 || byte == 127 || byte == 60 || byte == 62 || byte == 34 || byte == 39 || byte == 96 || byte == 123
            || byte == 125 || byte == 124
    }
}

/// The request as a finding shows it: `METHOD TARGET STATUS`, at most 200 characters, with the
/// values of query parameters named like secrets, and anything shaped like a JWT or a long
/// generated token, replaced by `[redacted]`. Findings live in git, where a leaked token stays.
enum RequestSample {
    static let limit = 200
    static let redacted = Array("[redacted]".utf8)

    static func of(method: ArraySlice<UInt8>, target: ArraySlice<UInt8>, status: Int) -> String {
        var query = target.firstIndex(of: 63) ?? target.endIndex
        var text = Array(target[..<query])
        while query < target.endIndex {
            // One `name=value` pair, with the `?`, `&` or `;` before it.
            text.append(target[query])
            var end = query + 1
            while end < target.endIndex && target[end] != 38 && target[end] != 59 { end += 1 }
            let pair = target[(query + 1)..<end]
            if let equals = pair.firstIndex(of: 61), isSecretName(pair[..<equals]), equals + 1 < end {
                text.append(contentsOf: pair[...equals])
                text.append(contentsOf: redacted)
            } else {
                text.append(contentsOf: pair)
            }
            query = end
        }
        // Tokens redacted (never longer than before), then the line put together with control
        // bytes shown as `\xHH` (at most four bytes for one).
        var line: [UInt8] = []
        text.withUnsafeBufferPointer { text in
            var clean: [UInt8] = []
            RequestDecoder.write(&clean, capacity: text.count) { redactTokens(text, into: &$0) }
            RequestDecoder.write(&line, capacity: method.count + 4 * clean.count + 24) { out in
                for byte in method { out.append(byte) }
                out.append(32)
                for byte in clean {
                    guard byte < 32 || byte == 127 else { out.append(byte); continue }
                    out.append(92)
                    out.append(120)
                    out.append(hexDigit(byte >> 4))
                    out.append(hexDigit(byte & 15))
                }
                out.append(32)
                for byte in String(status).utf8.prefix(20) { out.append(byte) }
            }
        }
        if line.count > limit && !line.contains(where: { $0 >= 0x80 }) {
            // ASCII: one byte, one character.
            return String(decoding: line[..<(limit - 1)], as: UTF8.self) + "…"
        }
        let sample = String(decoding: line, as: UTF8.self)
        // Cut by Unicode scalars, which are never fewer than characters: counting characters costs
        // more than building the sample.
        let scalars = sample.unicodeScalars
        guard line.count > limit, scalars.count > limit else { return sample }
        return String(sample[..<scalars.index(scalars.startIndex, offsetBy: limit - 1)]) + "…"
    }

    /// Parameter names that hold credentials: the usual short names exactly, longer ones by a part
    /// (`client_secret`, `refresh_token`, `X-Api-Key`, `user_password`). Compared as bytes: this
    /// runs for every parameter of every attack request.
    static func isSecretName(_ raw: ArraySlice<UInt8>) -> Bool {
        var name: [UInt8] = []
        name.reserveCapacity(raw.count)
        _ = raw.withUnsafeBufferPointer { RequestDecoder.percentDecode($0, into: &name, plusIsSpace: true) }
        for index in name.indices where name[index] >= 65 && name[index] <= 90 { name[index] |= 0x20 }
        return name.withUnsafeBufferPointer { bytes in
            let text = ScanText(bytes)
            for word in exactNames where word.utf8CodeUnitCount == text.count && text.has(word, at: 0) { return true }
            for part in nameParts where text.find(part, in: 0..<text.count) != nil { return true }
            return false
        }
    }

    private static let exactNames: [StaticString] = [
        "password", "passwd", "pass", "pwd", "token", "secret", "key", "apikey", "api_key", "auth", "session", "sid", "jwt",
        "access_token", "code", "passphrase", "credentials", "signature", "sig",
    ]
    private static let nameParts: [StaticString] = [
        "passw", "secret", "token", "apikey", "api_key", "api-key", "sessionid", "session_id", "sessid", "jwt", "private_key",
        "access_key", "auth_key", "authorization",
    ]

    /// Writes `text` with JWTs and long generated tokens replaced. A token is a run of letters,
    /// digits, `_`, `-` and `+` (and `=` padding) of 32 or more that is hex (32 hex digits or
    /// more, dashes allowed) or switches between upper case, lower case and digits as random text
    /// does (a slug such as `2024-Annual-Report-…` does not).
    static func redactTokens(_ text: UnsafeBufferPointer<UInt8>, into out: inout RequestDecoder.Writer) {
        var index = 0
        while index < text.count {
            guard isTokenByte(text[index]) else {
                out.append(text[index])
                index += 1
                continue
            }
            let isJWT = index + 2 < text.count && text[index] == 101 && text[index + 1] == 121 && text[index + 2] == 74
            var end = index
            while end < text.count && (isTokenByte(text[end]) || (isJWT && text[end] == 46)) { end += 1 }
            while end < text.count && end - index >= 32 && text[end] == 61 { end += 1 }
            let run = UnsafeBufferPointer(rebasing: text[index..<end])
            let secret = isJWT ? run.count >= 24 && run.lazy.filter({ $0 == 46 }).count >= 2 : looksGenerated(run)
            if secret {
                for byte in redacted { out.append(byte) }
            } else {
                for byte in run { out.append(byte) }
            }
            index = end
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 { value < 10 ? 48 + value : 87 + value }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        ScanText.isWordByte(byte) || byte == 45 || byte == 43
    }

    private static func looksGenerated(_ run: UnsafeBufferPointer<UInt8>) -> Bool {
        guard run.count >= 32 else { return false }
        if run.allSatisfy({ RequestDecoder.hexValue($0) != nil || $0 == 45 }), run.count(where: { $0 != 45 }) >= 32 { return true }
        func kind(_ byte: UInt8) -> Int {
            ScanText.isDigit(byte) ? 1 : byte >= 65 && byte <= 90 ? 2 : byte >= 97 && byte <= 122 ? 3 : 0
        }
        // Switches between kinds of adjacent letters and digits: about six in ten for random
        // text, one or two a word for names and slugs.
        var switches = 0
        var alphanumerics = 0
        var previous = 0
        for byte in run {
            let current = kind(byte)
            if current != 0 {
                alphanumerics += 1
                if previous != 0 && previous != current { switches += 1 }
            }
            previous = current
        }
        return switches * 4 >= alphanumerics
    }
}
