import SecIssueKit
/// Why a detector flagged a request: what it saw (`reason`, fixed text) and where in the decoded
/// text it saw it, so that `--matches` can show the tokens that decided. A probe is an attempt
/// made only of metacharacters (a lone quote, `--`): it says someone is looking, not that a
/// payload was sent, and is filed at low severity.
struct Evidence {
    let reason: StaticString
    let at: Int
    var probe = false
    /// True when found in the decoded text with line breaks kept (`RequestDecoder.lines`).
    var inLines = false

    init(_ reason: StaticString, at: Int, probe: Bool = false) {
        self.reason = reason
        self.at = at
        self.probe = probe
    }

    /// `reason: "…excerpt…"`: up to 12 bytes before the deciding token and 36 from it, made safe
    /// for a terminal (control bytes and quotes escaped), from the decoded text.
    func describe(_ text: ScanText) -> String {
        let start = max(0, at - 12), end = min(text.count, max(at, 0) + 36)
        var excerpt = ""
        if start > 0 { excerpt += "…" }
        var index = start
        while index < end {
            let byte = text[index]
            switch byte {
            case ASCII.space...ASCII.tilde where byte != ASCII.quote && byte != ASCII.backslash: excerpt.unicodeScalars.append(UnicodeScalar(byte))
            case ASCII.quote: excerpt += "\\\""
            case ASCII.backslash: excerpt += "\\\\"
            default: excerpt += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }
            index += 1
        }
        if end < text.count { excerpt += "…" }
        return "\(reason.description): \"\(excerpt)\""
    }
}

/// What the detectors found in one request, one piece of evidence per attack class.
struct Detections {
    var sqlInjection: Evidence?
    var crossSiteScripting: Evidence?
    var pathTraversal: Evidence?
    var commandInjection: Evidence?

    var isEmpty: Bool { sqlInjection == nil && crossSiteScripting == nil && pathTraversal == nil && commandInjection == nil }

    var kinds: AttackKinds {
        var kinds: AttackKinds = []
        if sqlInjection != nil { kinds.insert(.sqlInjection) }
        if crossSiteScripting != nil { kinds.insert(.crossSiteScripting) }
        if pathTraversal != nil { kinds.insert(.pathTraversal) }
        if commandInjection != nil { kinds.insert(.commandInjection) }
        return kinds
    }

    subscript(_ kind: AttackKinds) -> Evidence? {
        switch kind {
        case .sqlInjection: return sqlInjection
        case .crossSiteScripting: return crossSiteScripting
        case .pathTraversal: return pathTraversal
        default: return commandInjection
        }
    }
}
