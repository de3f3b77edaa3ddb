import SecIssueKit
/// The request as a finding shows it: `METHOD TARGET STATUS`, at most 200 characters, with the
/// values of query parameters named like secrets, and anything shaped like a JWT or a long
/// generated token, replaced by `[redacted]`. Findings live in git, where a leaked token stays.
enum RequestSample {
    static let limit = 200
    static let redacted = Array("[redacted]".utf8)

    static func of(method: ArraySlice<UInt8>, target: ArraySlice<UInt8>, status: Int) -> String {
        var query = target.firstIndex(of: ASCII.question) ?? target.endIndex
        var text = Array(target[..<query])
        while query < target.endIndex {
            // One `name=value` pair, with the `?`, `&` or `;` before it.
            text.append(target[query])
            var end = query + 1
            while end < target.endIndex && target[end] != ASCII.ampersand && target[end] != ASCII.semicolon { end += 1 }
            let pair = target[(query + 1)..<end]
            if let equals = pair.firstIndex(of: ASCII.equals), isSecretName(pair[..<equals]), equals + 1 < end {
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
                out.append(ASCII.space)
                for byte in clean {
                    guard byte < ASCII.space || byte == ASCII.delete else { out.append(byte); continue }
                    out.append(ASCII.backslash)
                    out.append(ASCII.x)
                    out.append(hexDigit(byte >> 4))
                    out.append(hexDigit(byte & 15))
                }
                out.append(ASCII.space)
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
        for index in name.indices where name[index] >= ASCII.upperA && name[index] <= ASCII.upperZ { name[index] |= ASCII.caseBit }
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
            let isJWT = index + 2 < text.count && text[index] == ASCII.e && text[index + 1] == ASCII.y && text[index + 2] == ASCII.upperJ
            var end = index
            while end < text.count && (isTokenByte(text[end]) || (isJWT && text[end] == ASCII.dot)) { end += 1 }
            while end < text.count && end - index >= 32 && text[end] == ASCII.equals { end += 1 }
            let run = UnsafeBufferPointer(rebasing: text[index..<end])
            let secret = isJWT ? run.count >= 24 && run.lazy.filter({ $0 == ASCII.dot }).count >= 2 : looksGenerated(run)
            if secret {
                for byte in redacted { out.append(byte) }
            } else {
                for byte in run { out.append(byte) }
            }
            index = end
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 { value < 10 ? ASCII.zero + value : ASCII.a - 10 + value }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        ScanText.isWordByte(byte) || byte == ASCII.minus || byte == ASCII.plus
    }

    private static func looksGenerated(_ run: UnsafeBufferPointer<UInt8>) -> Bool {
        guard run.count >= 32 else { return false }
        if run.allSatisfy({ RequestDecoder.hexValue($0) != nil || $0 == ASCII.minus }), run.count(where: { $0 != ASCII.minus }) >= 32 { return true }
        func kind(_ byte: UInt8) -> Int {
            ScanText.isDigit(byte) ? 1 : byte >= ASCII.upperA && byte <= ASCII.upperZ ? 2 : byte >= ASCII.a && byte <= ASCII.z ? 3 : 0
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
