/// The attacks a request target can show; one request may show several.
struct AttackKinds: OptionSet, Sendable {
    let rawValue: UInt8
    static let sqlInjection = AttackKinds(rawValue: 1)
    static let crossSiteScripting = AttackKinds(rawValue: 2)
    static let pathTraversal = AttackKinds(rawValue: 4)
}

/// Finds attacks in request targets. `mayHoldAttack` clears most benign requests from the raw
/// bytes alone; the rest are decoded (`RequestDecoder`) and read by the three detectors, each a
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
    mutating func scan(_ target: UnsafeBufferPointer<UInt8>) -> AttackKinds {
        decoder.decode(target)
        return decoder.text.withUnsafeBufferPointer { Self.detect(ScanText($0)) }
    }

    static func detect(_ text: ScanText) -> AttackKinds {
        var kinds: AttackKinds = []
        if SQLInjectionDetector.matches(text) { kinds.insert(.sqlInjection) }
        if CrossSiteScriptingDetector.matches(text) { kinds.insert(.crossSiteScripting) }
        if PathTraversalDetector.matches(text) { kinds.insert(.pathTraversal) }
        return kinds
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
                    // (sqlmap's arithmetic probe).
                    if byte == 46 && previous == 46 { return true }
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

    /// For each byte: 1 for one that attacks need and plain paths and queries rarely hold (`%` `'`
    /// `"` `<` `>` `(` `)` `\` `;` `*` `+` `` ` `` `@` `#` `!` `|` `{` `}`, space, control bytes and
    /// non-ASCII), 2 for `.`, `/` and `=`, which need a look at their neighbours, 0 for the rest.
    private static let byteKinds: [UInt8] = (0...255).map { byte in
        if byte < 33 || byte >= 127 { return 1 }
        if "%'\"<>()\\;*+`@#!|{}".utf8.contains(UInt8(byte)) { return 1 }
        return "./=".utf8.contains(UInt8(byte)) ? 2 : 0
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

/// Decoded request text with reads past either end giving 0, so that patterns can look ahead and
/// behind without bounds checks of their own.
struct ScanText {
    let bytes: UnsafeBufferPointer<UInt8>
    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var count: Int { bytes.count }

    @inline(__always)
    subscript(_ index: Int) -> UInt8 { index >= 0 && index < bytes.count ? bytes[index] : 0 }

    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 95 || (byte >= 65 && byte <= 90)
    }

    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 97 && (byte | 0x20) <= 122 }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    static func isQuote(_ byte: UInt8) -> Bool { byte == 39 || byte == 34 }

    func startsWord(_ index: Int) -> Bool { !Self.isWordByte(self[index - 1]) }

    /// True when `literal` is at `index`.
    @inline(__always)
    func has(_ literal: StaticString, at index: Int) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard index >= 0, index + length <= bytes.count else { return false }
        let start = literal.utf8Start
        for offset in 0..<length where bytes[index + offset] != start[offset] { return false }
        return true
    }

    /// The end of `word` when it is at `index` as a whole word (not followed by a letter, digit or `_`).
    @inline(__always)
    func word(_ word: StaticString, at index: Int) -> Int? {
        guard has(word, at: index), !Self.isWordByte(self[index + word.utf8CodeUnitCount]) else { return nil }
        return index + word.utf8CodeUnitCount
    }

    /// The first index at or after `index` that is not a space (the decoder leaves single spaces).
    func skipSpace(_ index: Int) -> Int { self[index] == 32 ? index + 1 : index }

    /// The index after a run of word bytes starting at `index`.
    func wordEnd(_ index: Int) -> Int {
        var end = index
        while end < bytes.count && Self.isWordByte(bytes[end]) { end += 1 }
        return end
    }

    /// The first index of `literal` in `range`, if any.
    func find(_ literal: StaticString, in range: Range<Int>) -> Int? {
        let first = literal.utf8Start[0]
        var index = max(range.lowerBound, 0)
        let last = min(range.upperBound, bytes.count) - literal.utf8CodeUnitCount
        while index <= last {
            if bytes[index] == first && has(literal, at: index) { return index }
            index += 1
        }
        return nil
    }
}

/// SQL injection (CWE-89) in decoded text: UNION SELECT, sub-queries, `or 1=1` and its
/// relatives, a quote that closes a value and is followed by SQL or a comment, stacked queries,
/// the functions of time-based and error-based probes, catalog names, and the marks of sqlmap's
/// own probes (four-digit comparisons such as `8104=9824`, `1028-1027`, a run of quotes and
/// brackets, `<'">`).
enum SQLInjectionDetector {
    private struct Seen {
        var select = false
        var characterCalls = 0
        var concat = false
        var probeLength = 0
        var probeMarks: UInt8 = 0
    }

    static func matches(_ text: ScanText) -> Bool {
        var seen = Seen()
        var index = 0
        let count = text.count
        while index < count {
            let byte = text[index]
            if isProbeByte(byte) {
                // sqlmap starts with ten characters of '"(),. holding one of each quote.
                seen.probeLength += 1
                seen.probeMarks |= byte == 39 ? 1 : byte == 34 ? 2 : (byte == 40 || byte == 41) ? 4 : 0
                if seen.probeLength >= 6 && seen.probeMarks == 7 { return true }
            } else {
                seen.probeLength = 0
                seen.probeMarks = 0
            }
            switch byte {
            case 39, 34:
                if closesValue(text, index) { return true }
            case 59:
                if stacksQuery(text, index) { return true }
            case 60:
                // sqlmap's check for a reflected value, `<'">`, sent along with its first probes.
                if ScanText.isQuote(text[index + 1]) && ScanText.isQuote(text[index + 2]) && text[index + 3] == 62 { return true }
            case 64:
                if text[index + 1] == 64 && ScanText.isLetter(text[index + 2]) { return true }
            case 124, 38:
                if text[index + 1] == byte && isTautology(text, after: index + 2) { return true }
            case 97...122 where text.startsWord(index):
                let end = text.wordEnd(index)
                if keyword(text, index, end, &seen) { return true }
                index = end
                continue
            case 48...57 where text.startsWord(index):
                if isArithmeticProbe(text, index) || comparesLiterals(text, index) { return true }
                index = text.wordEnd(index)
                continue
            default:
                break
            }
            index += 1
        }
        return seen.characterCalls >= 2 || (seen.select && (seen.characterCalls > 0 || seen.concat))
    }

    /// A whole parameter value `(n+r)-r` for a four-digit `r`, such as `1028-1027`: sqlmap asks
    /// whether the database computes the value. A range is written low to high, so this reads
    /// only a four-digit pair whose first number is the larger.
    private static func isArithmeticProbe(_ text: ScanText, _ start: Int) -> Bool {
        guard text[start - 1] == 61 else { return false }
        func number(_ from: Int) -> Int? {
            var value = 0
            for offset in 0..<4 {
                guard ScanText.isDigit(text[from + offset]) else { return nil }
                value = value * 10 + Int(text[from + offset] - 48)
            }
            return ScanText.isDigit(text[from + 4]) ? nil : value
        }
        guard let left = number(start), text[start + 4] == 45, let right = number(start + 5) else { return false }
        let after = text[start + 9]
        return left > right && (after == 0 || after == 38 || after == 35)
    }

    /// `8104=9824`, `6488 = 6488`: two numbers of four digits or more compared, as in every
    /// boolean, time-based and error-based probe of sqlmap (people compare small numbers).
    private static func comparesLiterals(_ text: ScanText, _ start: Int) -> Bool {
        func longNumber(_ from: Int) -> Int? {
            var end = from
            while ScanText.isDigit(text[end]) { end += 1 }
            return end - from >= 4 && !ScanText.isWordByte(text[end]) ? end : nil
        }
        guard let left = longNumber(start) else { return false }
        let operator_ = text.skipSpace(left)
        // `=`, `<>`, `!=`, `<`, `>`, but not a programmer's `==`.
        let first = text[operator_], second = text[operator_ + 1]
        var right = operator_ + 1
        switch first {
        case 61: guard second != 61 else { return false }
        case 60: if second == 62 { right += 1 }
        case 62: break
        case 33: guard second == 61 else { return false }; right += 1
        default: return false
        }
        return longNumber(text.skipSpace(right)) != nil
    }

    private static func isProbeByte(_ byte: UInt8) -> Bool {
        byte == 39 || byte == 34 || byte == 40 || byte == 41 || byte == 44 || byte == 46
    }

    /// A word at `start..<end` that begins an attack, or adds to the evidence in `seen`.
    private static func keyword(_ text: ScanText, _ start: Int, _ end: Int, _ seen: inout Seen) -> Bool {
        func isWord(_ word: StaticString) -> Bool { text.word(word, at: start) != nil }
        switch text[start] {
        case 97: // a
            if isWord("and") { return isTautology(text, after: end) }
        case 98: // b
            if isWord("benchmark") { return isNumericCall(text, end) }
        case 99: // c
            if isWord("char") || isWord("chr") {
                if isNumericCall(text, end) { seen.characterCalls += 1 }
            } else if isWord("concat") || isWord("concat_ws") {
                if callArguments(text, end) != nil { seen.concat = true }
            } else if isWord("convert"), let arguments = callArguments(text, end) {
                return text.word("int", at: text.skipSpace(arguments)) != nil
            } else if isWord("cast"), let arguments = callArguments(text, end) {
                return castsToType(text, arguments)
            }
        case 100: // d
            return text.has("dbms_pipe.", at: start) || text.has("dbms_lock.", at: start)
        case 101: // e
            if isWord("extractvalue") { return callArguments(text, end) != nil }
            if isWord("elt") { return isNumericCall(text, end) }
        case 103: // g
            if isWord("group_concat"), callArguments(text, end) != nil { seen.concat = true }
        case 104: // h
            if isWord("having") { return isTautology(text, after: end) }
        case 105: // i
            if isWord("information_schema") { return true }
            if isWord("iif") { return isNumericCall(text, end) }
            if isWord("into") {
                let next = text.skipSpace(end)
                return text.word("outfile", at: next) != nil || text.word("dumpfile", at: next) != nil
            }
        case 108: // l
            if isWord("load_file") { return callArguments(text, end) != nil }
        case 109: // m
            if isWord("make_set") { return isNumericCall(text, end) }
        case 111: // o
            if isWord("or") { return isTautology(text, after: end) }
            if isWord("order") { return ordersByColumn(text, start, end) }
        case 112: // p
            if isWord("pg_sleep") { return isNumericCall(text, end) }
            if isWord("procedure") { return text.word("analyse", at: text.skipSpace(end)) != nil }
        case 114: // r
            if isWord("randomblob") { return callArguments(text, end) != nil }
        case 115: // s
            if isWord("select") {
                seen.select = true
                return selectsSomething(text, start, end)
            }
            if isWord("sleep") { return isNumericCall(text, end) }
            return isWord("sqlite_master") || isWord("sysobjects") || isWord("syscolumns")
        case 117: // u
            if isWord("union") { return unionSelects(text, end) }
            if isWord("updatexml") { return callArguments(text, end) != nil }
            return text.has("utl_inaddr.", at: start) || text.has("utl_http.", at: start)
        case 119: // w
            if isWord("when") || isWord("where") { return isTautology(text, after: end) }
            if isWord("waitfor") {
                let next = text.skipSpace(end)
                return text.word("delay", at: next) != nil || text.word("time", at: next) != nil
            }
        case 120: // x
            if isWord("xor") { return isTautology(text, after: end) }
            if isWord("xp_cmdshell") { return true }
            if isWord("xmltype") { return callArguments(text, end) != nil }
        default:
            break
        }
        return false
    }

    /// After a word: `(` and the index just inside it.
    private static func callArguments(_ text: ScanText, _ end: Int) -> Int? {
        let open = text.skipSpace(end)
        return text[open] == 40 ? open + 1 : nil
    }

    /// `sleep(5)`, `benchmark(5000000,…)`, `char(113)`: a call whose first argument is a number.
    private static func isNumericCall(_ text: ScanText, _ end: Int) -> Bool {
        guard let arguments = callArguments(text, end) else { return false }
        return ScanText.isDigit(text[text.skipSpace(arguments)])
    }

    /// `cast(… as int)` and the other types error-based probes cast to.
    private static func castsToType(_ text: ScanText, _ arguments: Int) -> Bool {
        guard let keyword = text.find(" as ", in: arguments..<(arguments + 200)) else { return false }
        let type = keyword + 4
        for name: StaticString in ["int", "integer", "numeric", "char", "varchar", "nvarchar", "text", "signed", "unsigned",
                                   "decimal", "bigint", "binary"] where text.word(name, at: type) != nil {
            return true
        }
        return false
    }

    /// `union [all|distinct] select`, with brackets or comments (now spaces) between.
    private static func unionSelects(_ text: ScanText, _ end: Int) -> Bool {
        var index = skipBrackets(text, text.skipSpace(end))
        if let after = text.word("all", at: index) ?? text.word("distinct", at: index) {
            index = skipBrackets(text, text.skipSpace(after))
        }
        return text.word("select", at: index) != nil
    }

    private static func skipBrackets(_ text: ScanText, _ start: Int) -> Int {
        var index = start
        while text[index] == 40 { index = text.skipSpace(index + 1) }
        return index
    }

    /// `(select …`, or `select` followed by a column list that is SQL (`*`, commas, numbers,
    /// calls, quotes, null) and then `from`; "select committee from" is English.
    private static func selectsSomething(_ text: ScanText, _ start: Int, _ end: Int) -> Bool {
        var before = start - 1
        if text[before] == 32 { before -= 1 }
        if text[before] == 40 { return true }
        var index = end
        let limit = min(text.count, end + 120)
        var looksLikeSQL = false
        while index < limit {
            let byte = text[index]
            if ScanText.isLetter(byte) && text.startsWord(index) {
                if text.word("from", at: index) != nil { return looksLikeSQL }
                if text.word("null", at: index) != nil { looksLikeSQL = true }
                index = text.wordEnd(index)
                continue
            }
            if byte == 42 || byte == 44 || byte == 40 || byte == 64 || byte == 39 || byte == 34 || ScanText.isDigit(byte) {
                looksLikeSQL = true
            }
            index += 1
        }
        return false
    }

    /// `order by 3` after a value (a number or a closing quote) or before a comment: the column
    /// count probe. "order by date" is not one.
    private static func ordersByColumn(_ text: ScanText, _ start: Int, _ end: Int) -> Bool {
        guard let by = text.word("by", at: text.skipSpace(end)) else { return false }
        let digits = text.skipSpace(by)
        guard ScanText.isDigit(text[digits]) else { return false }
        var after = digits
        while ScanText.isDigit(text[after]) { after += 1 }
        guard !ScanText.isWordByte(text[after]) else { return false }
        var before = start - 1
        if text[before] == 32 { before -= 1 }
        while text[before] == 41 { before -= 1 }
        if ScanText.isDigit(text[before]) || ScanText.isQuote(text[before]) { return true }
        let next = text.skipSpace(after)
        return (text[next] == 45 && text[next + 1] == 45) || text[next] == 35 || text[next] == 59
    }

    /// After `and`, `or`, `xor`, `having`, `when`, `where`, `&&` or `||`: a comparison that needs no table, such as
    /// `1=1`, `5432=5433`, `'a'='a`, `"" = "`, `not 1=2`, `1234 in (select`, `x=x`.
    static func isTautology(_ text: ScanText, after end: Int) -> Bool {
        var index = text.skipSpace(end)
        if let after = text.word("not", at: index) { index = text.skipSpace(after) }
        index = skipBrackets(text, index)
        guard let left = operand(text, index) else { return false }
        index = text.skipSpace(left.end)
        guard let comparison = comparison(text, index) else { return false }
        index = skipBrackets(text, text.skipSpace(comparison))
        let first = text[index]
        if left.isName {
            // `x=x`: a name compared with itself.
            let length = left.end - left.start
            guard text.wordEnd(index) - index == length else { return false }
            return (0..<length).allSatisfy { text[left.start + $0] == text[index + $0] }
        }
        if ScanText.isDigit(first) || ScanText.isQuote(first) || (first == 45 && ScanText.isDigit(text[index + 1])) { return true }
        guard ScanText.isLetter(first) else { return false }
        // A literal, a sub-query, or a call such as cast(…) or dbms_pipe.receive_message(…).
        if text.word("null", at: index) != nil || text.word("true", at: index) != nil || text.word("false", at: index) != nil
            || text.word("select", at: index) != nil { return true }
        var call = index
        while ScanText.isWordByte(text[call]) || text[call] == 46 { call += 1 }
        return text[text.skipSpace(call)] == 40
    }

    /// A number, a quoted string, a hex literal, a literal word, or a name (for `x=x`).
    private static func operand(_ text: ScanText, _ start: Int) -> (start: Int, end: Int, isName: Bool)? {
        let first = text[start]
        if ScanText.isDigit(first) || (first == 45 && ScanText.isDigit(text[start + 1])) {
            var end = start + 1
            while ScanText.isWordByte(text[end]) || text[end] == 46 { end += 1 }
            return (start, end, false)
        }
        if ScanText.isQuote(first) {
            var end = start + 1
            while end < text.count && text[end] != first { end += 1 }
            return end < text.count ? (start, end + 1, false) : nil
        }
        guard ScanText.isLetter(first) else { return nil }
        let end = text.wordEnd(start)
        let literal = text.word("null", at: start) != nil || text.word("true", at: start) != nil || text.word("false", at: start) != nil
        return (start, end, !literal)
    }

    /// The end of a comparison operator at `index`.
    private static func comparison(_ text: ScanText, _ index: Int) -> Int? {
        switch text[index] {
        case 61: return text[index + 1] == 61 ? index + 2 : index + 1
        case 60: return text[index + 1] == 62 || text[index + 1] == 61 ? (text[index + 2] == 62 ? index + 3 : index + 2) : index + 1
        case 62: return text[index + 1] == 61 ? index + 2 : index + 1
        case 33: return text[index + 1] == 61 ? index + 2 : nil
        default:
            for word: StaticString in ["like", "rlike", "regexp", "is", "between"] {
                if let end = text.word(word, at: index) { return end }
            }
            if let end = text.word("in", at: index), text[text.skipSpace(end)] == 40 { return end }
            return nil
        }
    }

    /// A quote that ends a value (`admin'`, `1')`) and is followed by a comment, a statement
    /// separator, or SQL. A quote after a space opens a quotation, as in prose, and is left alone.
    private static func closesValue(_ text: ScanText, _ quote: Int) -> Bool {
        let before = text[quote - 1]
        guard quote > 0, before != 32 else { return false }
        var index = quote + 1
        while text[index] == 41 { index += 1 }
        index = text.skipSpace(index)
        let next = text[index]
        if before != 61 && before != 38 && before != 63 && before != 40 {
            // Only a value that has started can be ended by a comment or a separator: a quote
            // right after `=` opens one (`q="--help"`). A `;` must lead somewhere, as a
            // statement ends code too (`console.log('x');`).
            if isComment(text, index) || next == 35 { return true }
            if next == 59 {
                let after = text.skipSpace(index + 1)
                if isComment(text, after) || text[after] == 35 || stacksQuery(text, index) { return true }
            }
        }
        if (next == 124 && text[index + 1] == 124) || (next == 38 && text[index + 1] == 38) { return true }
        // A hex literal right after the value: `'0x31303235` (a string written without quotes).
        if next == 48 && text[index + 1] == 120 && (index + 2..<index + 6).allSatisfy({ RequestDecoder.hexValue(text[$0]) != nil }) {
            return true
        }
        guard ScanText.isLetter(next) else { return false }
        func isWord(_ word: StaticString) -> Int? { text.word(word, at: index) }
        if let end = isWord("and") ?? isWord("or") ?? isWord("xor") ?? isWord("having") {
            let operand = text.skipSpace(end)
            return text.word("true", at: operand) != nil || text.word("false", at: operand) != nil
        }
        if let end = isWord("union") { return unionSelects(text, end) }
        if let end = isWord("order") ?? isWord("group") { return text.word("by", at: text.skipSpace(end)) != nil }
        if let end = isWord("limit") { return ScanText.isDigit(text[text.skipSpace(end)]) }
        if let end = isWord("procedure") { return text.word("analyse", at: text.skipSpace(end)) != nil }
        return isWord("select") != nil || isWord("waitfor") != nil || isWord("rlike") != nil || isWord("regexp") != nil
    }

    /// A SQL line comment at `index`: `--` then a space, the end, or `-- -`; not a `-----` rule
    /// or a `--option`.
    private static func isComment(_ text: ScanText, _ index: Int) -> Bool {
        guard text[index] == 45 && text[index + 1] == 45 else { return false }
        let after = text[index + 2]
        return after == 0 || after == 32 || after == 38
    }

    /// `;` after a value (not a word), then a statement: `1;select pg_sleep(5)`, `x';drop table t`.
    private static func stacksQuery(_ text: ScanText, _ semicolon: Int) -> Bool {
        var before = semicolon - 1
        if text[before] == 32 { before -= 1 }
        let previous = text[before]
        // After a word, `;` ends a sentence ("hello; select a size"), not a value.
        guard before < 0 || !ScanText.isLetter(previous) else { return false }
        let start = text.skipSpace(semicolon + 1)
        guard ScanText.isLetter(text[start]) else { return false }
        for statement: StaticString in ["select", "insert", "update", "delete", "drop", "declare", "exec", "execute", "waitfor",
                                        "shutdown", "create", "alter", "truncate"] where text.word(statement, at: start) != nil {
            return true
        }
        // `;if(…)` and `;call name(…)`, whose words are common in prose and code, need their brackets.
        if let end = text.word("if", at: start) ?? text.word("iif", at: start) { return text[text.skipSpace(end)] == 40 }
        if let end = text.word("call", at: start) {
            let name = text.skipSpace(end)
            return ScanText.isLetter(text[name]) && text[text.skipSpace(text.wordEnd(name))] == 40
        }
        return false
    }
}

/// Cross-site scripting (CWE-79) in decoded text: script-capable tags, event handlers inside a
/// tag or after a quote that breaks out of an attribute, `javascript:` and `vbscript:` URLs with
/// code after them, `data:text/html`, `document.cookie` and its kin, and `alert(`, `prompt(` or
/// `confirm(` once a tag or quote has been seen.
enum CrossSiteScriptingDetector {
    static func matches(_ text: ScanText) -> Bool {
        var context = false
        var index = 0
        let count = text.count
        while index < count {
            let byte = text[index]
            switch byte {
            case 60:
                if opensScriptTag(text, index) || tagHasHandler(text, index) { return true }
                // sqlmap's check for reflected markup: `<'">`.
                if ScanText.isQuote(text[index + 1]) && ScanText.isQuote(text[index + 2]) && text[index + 3] == 62 { return true }
                context = true
            case 39, 34, 96:
                if handlerFollows(text, index + 1, limit: index + 120) { return true }
                context = true
            case 62, 123:
                context = true
            case 97...122 where text.startsWord(index):
                let end = text.wordEnd(index)
                if keyword(text, index, end, context: context) { return true }
                index = end
                continue
            default:
                break
            }
            index += 1
        }
        return false
    }

    private static func keyword(_ text: ScanText, _ start: Int, _ end: Int, context: Bool) -> Bool {
        switch text[start] {
        case 97, 99, 112: // alert, confirm, prompt
            guard context, text.word("alert", at: start) != nil || text.word("confirm", at: start) != nil
                    || text.word("prompt", at: start) != nil else { return false }
            let next = text.skipSpace(end)
            return text[next] == 40 || text[next] == 96
        case 100: // document.cookie, data:text/html
            if text.has("data:text/html", at: start) { return true }
            guard text.word("document", at: start) != nil, text[end] == 46 else { return false }
            return text.word("cookie", at: end + 1) != nil || text.word("domain", at: end + 1) != nil
                || text.word("write", at: end + 1) != nil || text.word("location", at: end + 1) != nil
        case 102:
            return text.word("fromcharcode", at: start) != nil
        case 106: // javascript:, also split by white space
            return schemeWithCode(text, start, first: "java")
        case 118:
            return schemeWithCode(text, start, first: "vb")
        default:
            return false
        }
    }

    /// `javascript:` (or `java script:` as the decoder leaves `java\tscript:`) followed by code:
    /// a call, a template, an assignment or `//`. "javascript: the good parts" is a book.
    private static func schemeWithCode(_ text: ScanText, _ start: Int, first: StaticString) -> Bool {
        guard text.has(first, at: start) else { return false }
        var index = text.skipSpace(start + first.utf8CodeUnitCount)
        guard text.has("script", at: index) else { return false }
        index = text.skipSpace(index + 6)
        guard text[index] == 58 else { return false }
        index = text.skipSpace(index + 1)
        if text[index] == 47 { return true }
        while ScanText.isWordByte(text[index]) || text[index] == 46 || text[index] == 36 || text[index] == 91 || text[index] == 93
                || ScanText.isQuote(text[index]) {
            index += 1
        }
        return text[index] == 40 || text[index] == 96 || text[index] == 61
    }

    /// `<script`, `</script`, `<svg`, `<iframe` and the other tags that run script by themselves.
    private static func opensScriptTag(_ text: ScanText, _ open: Int) -> Bool {
        var index = open + 1
        if text[index] == 47 { index += 1 }
        guard ScanText.isLetter(text[index]) else { return false }
        for tag: StaticString in ["script", "svg", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
                                  "isindex", "math"] where text.word(tag, at: index) != nil {
            return true
        }
        return false
    }

    /// `<img src=x onerror=…>`: an `on…=` attribute before the tag closes.
    private static func tagHasHandler(_ text: ScanText, _ open: Int) -> Bool {
        guard ScanText.isLetter(text[open + 1]) else { return false }
        return handlerFollows(text, open + 1, limit: open + 400)
    }

    /// An event handler attribute (`onload=`, `onmouseover =`) between `start` and the end of the
    /// tag, `limit` or the end of the text.
    private static func handlerFollows(_ text: ScanText, _ start: Int, limit: Int) -> Bool {
        var index = start
        let end = min(limit, text.count)
        while index < end && text[index] != 62 && text[index] != 60 {
            let before = text[index - 1]
            if text[index] == 111 && text[index + 1] == 110 && (before == 32 || before == 47 || ScanText.isQuote(before)) {
                var name = index + 2
                while ScanText.isLetter(text[name]) { name += 1 }
                if name - index >= 5 && text[text.skipSpace(name)] == 61 { return true }
            }
            index += 1
        }
        return false
    }
}

/// Path traversal (CWE-22) in decoded text: a `..` segment in the path; in the query, two in a
/// row (`../../`) or one that leads to a sensitive file; a sensitive file named directly
/// (`/etc/passwd`, `c:\windows\win.ini`); a NUL byte after a file name. Encodings (`%2e%2e%2f`,
/// `%252e`, `..%c0%af`, `....//`) are undone or kept as dot runs by the decoder.
enum PathTraversalDetector {
    static func matches(_ text: ScanText) -> Bool {
        if sensitive(text, 0) { return true }
        var inPath = true
        var index = 0
        let count = text.count
        while index < count {
            let byte = text[index]
            switch byte {
            case 63:
                inPath = false
            case 46 where text[index + 1] == 46:
                var end = index + 2
                while text[end] == 46 { end += 1 }
                // Three dots or more climb only where a filter strips `../` (`....//`): before a slash.
                let ends = end - index == 2 ? endsSegment(text[end]) : text[end] == 47 || text[end] == 92
                if isSeparator(text[index - 1]) && ends {
                    if inPath { return true }
                    var next = end
                    while text[next] == 47 || text[next] == 92 { next += 1 }
                    if text[next] == 46 && text[next + 1] == 46 { return true }
                    if namesSensitiveFile(text, from: next) { return true }
                }
                index = end
                continue
            case 47, 92, 61, 58:
                if sensitive(text, index + 1) { return true }
            case 99 where text[index + 1] == 58 && !ScanText.isWordByte(text[index - 1]):
                let path = index + 2
                if (text[path] == 47 || text[path] == 92) && (text.has("windows", at: path + 1) || text.has("winnt", at: path + 1)
                        || text.has("boot.ini", at: path + 1) || text.has("inetpub", at: path + 1)) {
                    return true
                }
            case 0:
                if nullEndsFileName(text, index) { return true }
            default:
                break
            }
            index += 1
        }
        return false
    }

    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte == 47 || byte == 92 || byte == 61 || byte == 0 || byte == 58
    }

    /// What may follow the dots of a `..` segment: a slash, a backslash, Tomcat's `;`, a NUL or the end.
    private static func endsSegment(_ byte: UInt8) -> Bool {
        byte == 47 || byte == 92 || byte == 59 || byte == 0 || byte == 63
    }

    private static func namesSensitiveFile(_ text: ScanText, from start: Int) -> Bool {
        var index = start
        while index < text.count {
            if (index == start || isSeparator(text[index - 1])) && sensitive(text, index) { return true }
            index += 1
        }
        return false
    }

    /// A file attackers read, named from `index` (a slash may be a backslash).
    private static func sensitive(_ text: ScanText, _ index: Int) -> Bool {
        switch text[index] {
        case 101: // e
            return path(text, index, "etc/passwd") || path(text, index, "etc/shadow") || path(text, index, "etc/group")
                || path(text, index, "etc/hosts") || path(text, index, "etc/issue")
        case 112: // p
            return path(text, index, "proc/self/") || path(text, index, "proc/version")
        case 119: // w
            return path(text, index, "win.ini") || path(text, index, "windows/system32") || path(text, index, "windows/win.ini")
                || path(text, index, "winnt/") || path(text, index, "web-inf/web.xml")
        case 98: // b
            return path(text, index, "boot.ini")
        case 115: // s
            return path(text, index, "system.ini")
        case 46: // .
            return path(text, index, ".htpasswd") || path(text, index, ".ssh/")
        case 105: // i
            return path(text, index, "id_rsa")
        default:
            return false
        }
    }

    private static func path(_ text: ScanText, _ index: Int, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard index + length <= text.count else { return false }
        for offset in 0..<length {
            let expected = literal.utf8Start[offset]
            let actual = text[index + offset]
            guard actual == expected || (expected == 47 && actual == 92) else { return false }
        }
        return true
    }

    /// A NUL byte ending a value that holds a file name or path (`page=index.php%00`).
    private static func nullEndsFileName(_ text: ScanText, _ index: Int) -> Bool {
        var back = index - 1
        while back >= 0 && index - back < 200 {
            let byte = text[back]
            if byte == 61 || byte == 38 || byte == 63 { return false }
            if byte == 46 || byte == 47 || byte == 92 { return true }
            back -= 1
        }
        return false
    }
}
