/// Whether a guide can apply to a finding, told from its front matter before its fields are parsed: a
/// guide applies when its `id` (its topic when it has none) is one of the finding's
/// `guidance:` topics or its `cwe` holds one of the finding's CWEs, and front matter can only
/// say either with the topic's or the number's own bytes in it, unless a double-quoted
/// escape (`\x38`) spells them. `show` parses the fields of one or two of the guides instead of all.
struct GuideFilter {
    private let topics: Set<String>
    /// The topics and the CWE numbers in decimal; nil when a topic has bytes that YAML can
    /// write otherwise (a quote doubled, a space folded from a line break): then every guide may match.
    private let needles: [[UInt8]]?

    init(_ finding: Finding) {
        topics = Set(finding.guidance)
        let plain = finding.guidance.allSatisfy { $0.utf8.allSatisfy(Self.isPlain) }
        needles = plain ? finding.guidance.map { Array($0.utf8) } + finding.cwe.map { Array(String($0).utf8) } : nil
    }

    func mayMatch(topic: String, document: MarkdownDocument) -> Bool {
        guard let needles else { return true }
        if topics.contains(topic) { return true }
        let frontMatter = Array(document.frontMatterText.utf8)[...]
        return frontMatter.contains(UInt8(ascii: "\\")) || needles.contains { Self.find($0, in: frontMatter) }
    }

    private static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."): true
        default: false
        }
    }

    private static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Bool {
        guard let head = needle.first, needle.count <= haystack.count else { return false }
        var index = haystack.startIndex
        while let found = haystack[index...].firstIndex(of: head) {
            if haystack[found...].starts(with: needle) { return true }
            index = found + 1
        }
        return false
    }
}
