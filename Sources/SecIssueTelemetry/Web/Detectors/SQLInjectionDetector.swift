import SecIssueKit
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
}
