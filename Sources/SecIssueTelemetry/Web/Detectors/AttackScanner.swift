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
    /// False to run the detectors on every decoded text, as the tests do to show that
    /// `AttackTriggers` skips none a detector flags.
    var prefilter = true

    /// The attacks in `target` (as sent, not decoded).
    mutating func scan(_ target: UnsafeBufferPointer<UInt8>) -> AttackKinds { detections(target).kinds }

    /// The evidence of each attack in `target`; `reason(_:)` then describes one for `--matches`.
    @inline(__always)
    mutating func detections(_ target: UnsafeBufferPointer<UInt8>) -> Detections {
        decoder.decode(target)
        if prefilter && !decoder.hadLineBreak && !AttackTriggers.present(in: decoder.text, decoded: true) {
            return Detections()
        }
        var found = Self.detect(ScanText(decoder.text))
        if found.commandInjection == nil && decoder.hadLineBreak {
            // A line break ends a shell command as `;` does: `127.0.0.1%0Aid`.
            found.commandInjection = CommandInjectionDetector.evidence(ScanText(decoder.lines))
            found.commandInjection?.inLines = true
        }
        return found
    }

    /// What `evidence` saw, with the decoded text of the last scan around it.
    func reason(_ evidence: Evidence) -> String {
        evidence.describe(ScanText(evidence.inLines ? decoder.lines : decoder.text))
    }

    @inline(__always)
    static func detect(_ text: ScanText) -> Detections {
        Detections(sqlInjection: SQLInjectionDetector.evidence(text), crossSiteScripting: CrossSiteScriptingDetector.evidence(text),
                   pathTraversal: PathTraversalDetector.evidence(text), commandInjection: CommandInjectionDetector.evidence(text))
    }

    /// False when the raw target cannot hold an attack the detectors know (`AttackTriggers`): most
    /// requests of a normal site stop here, before anything is decoded.
    static func mayHoldAttack(_ target: UnsafeBufferPointer<UInt8>) -> Bool { AttackTriggers.present(in: target) }

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
}
