import Foundation

/// Literals one of which every match of a secret rule holds, as gitleaks' keywords are: a rule's
/// regular expression only runs on (and only needs compiling for) text that holds one. Most
/// added lines hold none, so a commit usually compiles and runs few rules or none.
///
/// Each keyword has to be a literal the rule's pattern requires, or the rule would miss secrets:
/// `exact` for a literal matched as written (case matters, or it has no case: `://`), `anyCase`
/// for one inside `(?i:…)`. ICU folds case beyond ASCII (the Kelvin sign is a `k`), so text with
/// any non-ASCII byte always passes an `anyCase` rule.
struct SecretKeywords: Sendable {
    let words: [[UInt8]]
    let ignoringCase: Bool

    static func exact(_ words: String...) -> SecretKeywords {
        SecretKeywords(words: words.map { Array($0.utf8) }, ignoringCase: false)
    }

    static func anyCase(_ words: String...) -> SecretKeywords {
        SecretKeywords(words: words.map { Array($0.lowercased().utf8) }, ignoringCase: true)
    }

    /// False only when no match of the rule can lie in `text`.
    func mayOccur(in text: KeywordText) -> Bool {
        guard ignoringCase else { return words.contains { text.bytes.contains(bytes: $0) } }
        guard let lowered = text.lowered else { return true }
        return words.contains { lowered.contains(bytes: $0) }
    }
}

/// A text as keywords are looked up in: its UTF-8 bytes and, when they are all ASCII, the same
/// with the letters lowered for `anyCase` keywords (made once, however many rules look).
struct KeywordText {
    let bytes: [UInt8]
    let lowered: [UInt8]?

    init(_ text: String) {
        bytes = Array(text.utf8)
        lowered = bytes.allSatisfy { $0 < 0x80 } ? bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } : nil
    }
}

extension [UInt8] {
    /// Whether `needle` occurs in these bytes, by memchr and memcmp: the generic collection
    /// search is far too slow for thousands of files or lines.
    public func contains(bytes needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard needle.count <= count else { return false }
        return withUnsafeBytes { hay in
            needle.withUnsafeBytes { pin in
                guard let base = hay.baseAddress, let pattern = pin.baseAddress else { return false }
                var offset = 0
                while offset + needle.count <= hay.count {
                    guard let hit = memchr(base + offset, Int32(first), hay.count - offset - needle.count + 1) else { return false }
                    let position = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + position, pattern, needle.count) == 0 { return true }
                    offset = position + 1
                }
                return false
            }
        }
    }
}
