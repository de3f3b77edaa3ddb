import Foundation
import SecIssueKit
/// The attacks a request target can show; one request may show several.
struct AttackKinds: OptionSet, Sendable {
    let rawValue: UInt8
    static let sqlInjection = AttackKinds(rawValue: 1)
    static let crossSiteScripting = AttackKinds(rawValue: 2)
    static let pathTraversal = AttackKinds(rawValue: 4)
    static let commandInjection = AttackKinds(rawValue: 8)
}

/// Finds attacks in request targets. `mayHoldAttack` clears most benign requests from the raw
/// bytes alone; the rest are decoded (`RequestDecoder`) and read by the four detectors, each a
/// single pass that only looks closer where a keyword or a quote starts. The detectors read the
/// decoded text only: read raw, `%20'` looks like a quote closing a value, and on sqlmap's
/// traffic the raw text found nothing the decoded one missed.
///
/// The detectors look for shapes that only attacks have (a quote that closes a value and is
/// followed by SQL, `or 1=1`, a tag with an event handler, two `../` in a row) rather than for
/// single words, so that a search for "union station" or "O'Brien" stays quiet.
struct AttackScanner {
    private var decoder = RequestDecoder()

    /// The attacks in `target` (as sent, not decoded).
    mutating func scan(_ target: UnsafeBufferPointer<UInt8>) -> AttackKinds { detections(target).kinds }

    /// The evidence of each attack in `target`; `reason(_:)` then describes one for `--matches`.
    @inline(__always)
    mutating func detections(_ target: UnsafeBufferPointer<UInt8>) -> Detections {
        decoder.decode(target)
        var found = decoder.text.withUnsafeBufferPointer { Self.detect(ScanText($0)) }
        if found.commandInjection == nil && decoder.hadLineBreak {
            // A line break ends a shell command as `;` does: `127.0.0.1%0Aid`.
            found.commandInjection = decoder.lines.withUnsafeBufferPointer { CommandInjectionDetector.evidence(ScanText($0)) }
            found.commandInjection?.inLines = true
        }
        return found
    }

    /// What `evidence` saw, with the decoded text of the last scan around it.
    func reason(_ evidence: Evidence) -> String {
        (evidence.inLines ? decoder.lines : decoder.text).withUnsafeBufferPointer { evidence.describe(ScanText($0)) }
    }

    @inline(__always)
    static func detect(_ text: ScanText) -> Detections {
        Detections(sqlInjection: SQLInjectionDetector.evidence(text), crossSiteScripting: CrossSiteScriptingDetector.evidence(text),
                   pathTraversal: PathTraversalDetector.evidence(text), commandInjection: CommandInjectionDetector.evidence(text))
    }

    /// False when the raw target cannot hold an attack the detectors know: no escape, quote,
    /// bracket, space or other punctuation that attacks need, no `..`, and no path segment that
    /// starts like a sensitive file. Most requests of a normal site stop here.
    static func mayHoldAttack(_ target: UnsafeBufferPointer<UInt8>) -> Bool {
        if !target.isEmpty && startsSensitiveName(target, 0) { return true }
        return byteKinds.withUnsafeBufferPointer { kinds in
            var previous: UInt8 = 47
            for index in target.indices {
                let byte = target[index]
                switch kinds[Int(byte)] {
                case 0:
                    break
                case 1:
                    return true
                default:
                    // `.`, `/` and `=`, and what follows them: `..`, a sensitive name, `=1028-1027`
                    // (sqlmap's arithmetic probe); `--` (a comment) and `&&`.
                    if (byte == 46 || byte == 45 || byte == 38) && previous == byte { return true }
                    if (byte == 47 || byte == 61) && index + 1 < target.count {
                        if startsSensitiveName(target, index + 1) { return true }
                        if byte == 61 && index + 5 < target.count && target[index + 5] == 45 && ScanText.isDigit(target[index + 1]) {
                            return true
                        }
                    }
                }
                previous = byte
            }
            return false
        }
    }

    /// True when a header (`range` of `line`, as logged) holds Shellshock's `() {`. Bash reads an
    /// environment value as a function only when it starts with `() {`, so a header that does not
    /// start with `(` is ruled out at its first byte: this runs on every line.
    @inline(__always)
    static func definesFunction(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        var first = range.lowerBound
        while first < range.upperBound && line[first] == 32 { first += 1 }
        guard first < range.upperBound, line[first] == 40, let base = line.baseAddress else { return false }
        var from = range.lowerBound
        while from < range.upperBound, let found = memchr(base + from, 123, range.upperBound - from) {
            let brace = base.distance(to: UnsafeRawPointer(found))
            var index = brace - 1
            while index >= range.lowerBound && line[index] == 32 { index -= 1 }
            if index > range.lowerBound && line[index] == 41 {
                index -= 1
                while index >= range.lowerBound && line[index] == 32 { index -= 1 }
                if index >= range.lowerBound && line[index] == 40 {
                    let header = UnsafeBufferPointer(rebasing: line.bindMemory(to: UInt8.self)[range])
                    if CommandInjectionDetector.definesFunction(ScanText(header), index - range.lowerBound) { return true }
                }
            }
            from = brace + 1
        }
        return false
    }

    /// For each byte: 1 for one that attacks need and plain paths and queries rarely hold (`%` `'`
    /// `"` `<` `>` `(` `)` `\` `;` `*` `+` `` ` `` `@` `#` `!` `|` `{` `}` `$`, space, control bytes
    /// and non-ASCII), 2 for `.`, `/`, `=`, `-` and `&`, which need a look at their neighbours, 0
    /// for the rest.
    private static let byteKinds: [UInt8] = (0...255).map { byte in
        if byte < 33 || byte >= 127 { return 1 }
        if "%'\"<>()\\;*+`@#!|{}$".utf8.contains(UInt8(byte)) { return 1 }
        return "./=-&".utf8.contains(UInt8(byte)) ? 2 : 0
    }

    /// The start of a name `PathTraversalDetector` looks for, in any case: `etc/`, `proc/`,
    /// `win.ini`, `windows`, `winnt`, `web-inf`, `boot.ini`, `system.ini`, `.ht…`, `.ssh`, `id_rsa`, `c:`.
    private static func startsSensitiveName(_ target: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        func at(_ offset: Int) -> UInt8 { index + offset < target.count ? target[index + offset] | 0x20 : 0 }
        switch at(0) {
        case 101: return at(1) == 116 && at(2) == 99 && at(3) == 47
        case 112: return at(1) == 114 && at(2) == 111 && at(3) == 99 && at(4) == 47
        case 119: return (at(1) == 105 && at(2) == 110 && (at(3) == 46 || at(3) == 100 || at(3) == 110))
            || (at(1) == 101 && at(2) == 98 && at(3) == 45)
        case 98: return at(1) == 111 && at(2) == 111 && at(3) == 116 && at(4) == 46
        case 115: return at(1) == 121 && at(2) == 115 && at(3) == 116 && at(4) == 101 && at(5) == 109 && at(6) == 46
        case 46: return (at(1) == 104 && at(2) == 116) || (at(1) == 115 && at(2) == 115 && at(3) == 104)
        case 105: return at(1) == 100 && index + 2 < target.count && target[index + 2] == 95
        case 99: return at(1) == 58
        default: return false
        }
    }
}
