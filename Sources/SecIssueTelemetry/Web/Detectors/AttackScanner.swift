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
                    if (byte == ASCII.dot || byte == ASCII.minus || byte == ASCII.ampersand) && previous == byte { return true }
                    if (byte == ASCII.slash || byte == ASCII.equals) && index + 1 < target.count {
                        if startsSensitiveName(target, index + 1) { return true }
                        if byte == ASCII.equals && index + 5 < target.count && target[index + 5] == ASCII.minus && ScanText.isDigit(target[index + 1]) {
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
        while first < range.upperBound && line[first] == ASCII.space { first += 1 }
        guard first < range.upperBound, line[first] == ASCII.openParen, let base = line.baseAddress else { return false }
        var from = range.lowerBound
        while from < range.upperBound, let found = memchr(base + from, Int32(ASCII.openBrace), range.upperBound - from) {
            let brace = base.distance(to: UnsafeRawPointer(found))
            var index = brace - 1
            while index >= range.lowerBound && line[index] == ASCII.space { index -= 1 }
            if index > range.lowerBound && line[index] == ASCII.closeParen {
                index -= 1
                while index >= range.lowerBound && line[index] == ASCII.space { index -= 1 }
                if index >= range.lowerBound && line[index] == ASCII.openParen {
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
        if byte < ASCII.exclamation || byte >= ASCII.delete { return 1 }
        if "%'\"<>()\\;*+`@#!|{}$".utf8.contains(UInt8(byte)) { return 1 }
        return "./=-&".utf8.contains(UInt8(byte)) ? 2 : 0
    }

    /// The start of a name `PathTraversalDetector` looks for, in any case: `etc/`, `proc/`,
    /// `win.ini`, `windows`, `winnt`, `web-inf`, `boot.ini`, `system.ini`, `.ht…`, `.ssh`, `id_rsa`, `c:`.
    private static func startsSensitiveName(_ target: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        func at(_ offset: Int) -> UInt8 { index + offset < target.count ? target[index + offset] | ASCII.caseBit : 0 }
        switch at(0) {
        case ASCII.e: return at(1) == ASCII.t && at(2) == ASCII.c && at(3) == ASCII.slash
        case ASCII.p: return at(1) == ASCII.r && at(2) == ASCII.o && at(3) == ASCII.c && at(4) == ASCII.slash
        case ASCII.w: return (at(1) == ASCII.i && at(2) == ASCII.n && (at(3) == ASCII.dot || at(3) == ASCII.d || at(3) == ASCII.n))
            || (at(1) == ASCII.e && at(2) == ASCII.b && at(3) == ASCII.minus)
        case ASCII.b: return at(1) == ASCII.o && at(2) == ASCII.o && at(3) == ASCII.t && at(4) == ASCII.dot
        case ASCII.s: return at(1) == ASCII.y && at(2) == ASCII.s && at(3) == ASCII.t && at(4) == ASCII.e && at(5) == ASCII.m && at(6) == ASCII.dot
        case ASCII.dot: return (at(1) == ASCII.h && at(2) == ASCII.t) || (at(1) == ASCII.s && at(2) == ASCII.s && at(3) == ASCII.h)
        case ASCII.i: return at(1) == ASCII.d && index + 2 < target.count && target[index + 2] == ASCII.underscore
        case ASCII.c: return at(1) == ASCII.colon
        default: return false
        }
    }
}
