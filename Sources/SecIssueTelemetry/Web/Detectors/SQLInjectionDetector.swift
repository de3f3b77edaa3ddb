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
        /// A quote, bracket, `;`, `#` or `-` was seen: only then can a value be a probe.
        var metacharacters = false
    }

    static func matches(_ text: ScanText) -> Bool { evidence(text) != nil }

    /// The first evidence of SQL injection in `text`, or a probe when that is all there is.
    static func evidence(_ text: ScanText) -> Evidence? {
        var seen = Seen()
        var index = 0
        let count = text.count
        var firstCharacterCall = 0
        while index < count {
            let byte = text[index]
            if isProbeByte(byte) {
                // sqlmap starts with ten characters of '"(),. holding one of each quote.
                seen.probeLength += 1
                seen.probeMarks |= byte == ASCII.apostrophe ? 1 : byte == ASCII.quote ? 2 : (byte == ASCII.openParen || byte == ASCII.closeParen) ? 4 : 0
                if byte == ASCII.apostrophe || byte == ASCII.quote || byte == ASCII.openParen || byte == ASCII.closeParen { seen.metacharacters = true }
                if seen.probeLength >= 6 && seen.probeMarks == 7 { return Evidence("a run of quotes and brackets (sqlmap's first probe)", at: index - 5) }
            } else {
                seen.probeLength = 0
                seen.probeMarks = 0
            }
            switch byte {
            case ASCII.apostrophe, ASCII.quote:
                if closesValue(text, index) { return Evidence("a quote closes the value, then SQL, an operator or a comment", at: index) }
            case ASCII.semicolon:
                seen.metacharacters = true
                if stacksQuery(text, index) { return Evidence("a stacked query after ;", at: index) }
            case ASCII.hash, ASCII.minus, ASCII.backtick:
                seen.metacharacters = true
            case ASCII.lessThan:
                // sqlmap's check for a reflected value, `<'">`, sent along with its first probes.
                if ScanText.isQuote(text[index + 1]) && ScanText.isQuote(text[index + 2]) && text[index + 3] == ASCII.greaterThan {
                    return Evidence("sqlmap's reflection probe <'\">", at: index)
                }
            case ASCII.at:
                if text[index + 1] == ASCII.at && ScanText.isLetter(text[index + 2]) { return Evidence("a server variable @@name", at: index) }
            case ASCII.bar, ASCII.ampersand:
                if text[index + 1] == byte && isTautology(text, after: index + 2) {
                    return Evidence("|| or && with a comparison that needs no table", at: index)
                }
            case ASCII.a...ASCII.z where text.startsWord(index):
                let end = text.wordEnd(index)
                let calls = seen.characterCalls
                if let reason = keyword(text, index, end, &seen) { return Evidence(reason, at: index) }
                if calls == 0 && seen.characterCalls > 0 { firstCharacterCall = index }
                index = end
                continue
            case ASCII.zero...ASCII.nine where text.startsWord(index):
                let end = text.wordEnd(index)
                if let evidence = number(text, index, end) { return evidence }
                index = end
                continue
            default:
                break
            }
            index += 1
        }
        if seen.characterCalls >= 2 || (seen.select && (seen.characterCalls > 0 || seen.concat)) {
            return Evidence("characters built with char() or concat() beside select", at: firstCharacterCall)
        }
        return seen.metacharacters ? probe(text) : nil
    }

    /// What a number at `start..<end` (a word that starts with a digit) shows: sqlmap's arithmetic
    /// and boolean probes, or `union select` glued to it. `AttackTriggers` asks this too.
    static func number(_ text: ScanText, _ start: Int, _ end: Int) -> Evidence? {
        if isArithmeticProbe(text, start) { return Evidence("sqlmap's arithmetic probe (n+r)-r", at: start) }
        if comparesLiterals(text, start) { return Evidence("two long numbers compared (a boolean probe)", at: start) }
        // `1e0union select`: sqlmap's 0eunion glues the keyword to a number in exponent form.
        if let union = text.find("union", in: start..<end), union > start, ScanText.isDigit(text[union - 1]),
           unionSelects(text, union + 5) {
            return Evidence("union select glued to a number (1e0union)", at: union)
        }
        return nil
    }

    /// False when the word at `start..<end` adds nothing to any evidence: `keyword` gives no
    /// reason there and leaves what it counts (`select`, `char()`, `concat()`) alone. This is the
    /// detector's own decision at a word, which `AttackTriggers` asks for the words of `keywords`.
    static func mayFire(_ text: ScanText, atWord start: Int, _ end: Int) -> Bool {
        var seen = Seen()
        return keyword(text, start, end, &seen) != nil || seen.select || seen.characterCalls > 0 || seen.concat
    }

    /// A whole parameter value `(n+r)-r` for a four-digit `r`, such as `1028-1027`: sqlmap asks
    /// whether the database computes the value. A range is written low to high, so this reads
    /// only a four-digit pair whose first number is the larger.
    private static func isArithmeticProbe(_ text: ScanText, _ start: Int) -> Bool {
        guard text[start - 1] == ASCII.equals else { return false }
        func number(_ from: Int) -> Int? {
            var value = 0
            for offset in 0..<4 {
                guard ScanText.isDigit(text[from + offset]) else { return nil }
                value = value * 10 + Int(text[from + offset] - 48)
            }
            return ScanText.isDigit(text[from + 4]) ? nil : value
        }
        guard let left = number(start), text[start + 4] == ASCII.minus, let right = number(start + 5) else { return false }
        let after = text[start + 9]
        return left > right && (after == 0 || after == ASCII.ampersand || after == ASCII.hash)
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
        case ASCII.equals: guard second != ASCII.equals else { return false }
        case ASCII.lessThan: if second == ASCII.greaterThan { right += 1 }
        case ASCII.greaterThan: break
        case ASCII.exclamation: guard second == ASCII.equals else { return false }; right += 1
        case ASCII.l:
            // `5357 like 7192` (sqlmap's equaltolike).
            guard let end = text.word("like", at: operator_) else { return false }
            right = end
        default: return false
        }
        return longNumber(text.skipSpace(right)) != nil
    }

    private static func isProbeByte(_ byte: UInt8) -> Bool {
        byte == ASCII.apostrophe || byte == ASCII.quote || byte == ASCII.openParen || byte == ASCII.closeParen || byte == ASCII.comma || byte == ASCII.dot
    }

    /// The words `keyword` looks closer at, and `dbms_`/`utl_` that start its packages: in text
    /// without a trigger byte of `AttackTriggers`, a word start is where this detector can fire, and
    /// only at one of these (`AttackTriggers` looks for them). Keep it in step with `keyword`.
    static let keywords: [AttackTriggers.Word] = [
        "and", "benchmark", "char", "chr", "concat", "concat_ws", "convert", "cast", .prefix("dbms_"), "extractvalue", "elt",
        "group_concat", "get_lock", "having", "information_schema", "iif", "into", "load_file", "make_set", "or", "order",
        "pg_sleep", "procedure", "randomblob", "select", "sleep", "sp_password", "sqlite_master", "sysobjects", "syscolumns",
        "union", "updatexml", .prefix("utl_"), "when", "where", "waitfor", "xor", "xp_cmdshell", "xmltype",
    ]

    /// A word at `start..<end` that begins an attack, or adds to the evidence in `seen`.
    private static func keyword(_ text: ScanText, _ start: Int, _ end: Int, _ seen: inout Seen) -> StaticString? {
        func isWord(_ word: StaticString) -> Bool { text.word(word, at: start) != nil }
        switch text[start] {
        case ASCII.a: // a
            if isWord("and") { return logical(text, start, end) }
        case ASCII.b: // b
            if isWord("benchmark") { return isProbingCall(text, start, end) ? "benchmark() in an expression" : nil }
        case ASCII.c: // c
            if isWord("char") || isWord("chr") {
                if isNumericCall(text, end) { seen.characterCalls += 1 }
            } else if isWord("concat") || isWord("concat_ws") {
                if callArguments(text, end) != nil { seen.concat = true }
            } else if isWord("convert"), let arguments = callArguments(text, end) {
                return text.word("int", at: text.skipSpace(arguments)) != nil ? "convert(int, …), an error-based probe" : nil
            } else if isWord("cast"), let arguments = callArguments(text, end) {
                return castsToType(text, arguments) ? "cast(… as type), an error-based probe" : nil
            }
        case ASCII.d: // d
            return text.has("dbms_pipe.", at: start) || text.has("dbms_lock.", at: start) ? "an Oracle delay package" : nil
        case ASCII.e: // e
            if isWord("extractvalue") { return callArguments(text, end) != nil ? "extractvalue(), an error-based probe" : nil }
            if isWord("elt") { return isProbingCall(text, start, end) ? "elt() in an expression" : nil }
        case ASCII.g: // g
            if isWord("group_concat"), callArguments(text, end) != nil { seen.concat = true }
            if isWord("get_lock") { return callArguments(text, end) != nil && inExpressionCall(text, start, end) ? "get_lock() in an expression (a delay)" : nil }
        case ASCII.h: // h
            if isWord("having") { return logical(text, start, end) }
        case ASCII.i: // i
            if isWord("information_schema") { return "the information_schema catalog" }
            if isWord("iif") { return isProbingCall(text, start, end) ? "iif() in an expression" : nil }
            if isWord("into") {
                let next = text.skipSpace(end)
                return text.word("outfile", at: next) != nil || text.word("dumpfile", at: next) != nil ? "into outfile" : nil
            }
        case ASCII.l: // l
            if isWord("load_file") { return callArguments(text, end) != nil ? "load_file()" : nil }
        case ASCII.m: // m
            if isWord("make_set") { return isProbingCall(text, start, end) ? "make_set() in an expression" : nil }
        case ASCII.o: // o
            if isWord("or") { return logical(text, start, end) }
            if isWord("order") { return ordersByColumn(text, start, end) ? "order by a column number (column count probe)" : nil }
        case ASCII.p: // p
            if isWord("pg_sleep") { return isProbingCall(text, start, end) ? "pg_sleep() in an expression" : nil }
            if isWord("procedure") { return text.word("analyse", at: text.skipSpace(end)) != nil ? "procedure analyse" : nil }
        case ASCII.r: // r
            if isWord("randomblob") { return callArguments(text, end) != nil ? "randomblob()" : nil }
        case ASCII.s: // s
            if isWord("select") {
                seen.select = true
                return selectsSomething(text, start, end) ? "select with a column list of SQL and from" : nil
            }
            if isWord("sleep") { return isProbingCall(text, start, end) ? "sleep() in an expression" : nil }
            if isWord("sp_password") { return "sp_password (hides a query from SQL Server's logs)" }
            return isWord("sqlite_master") || isWord("sysobjects") || isWord("syscolumns") ? "a catalog table" : nil
        case ASCII.u: // u
            if isWord("union") { return unionSelects(text, start, end) ? "union select with evidence of a column list or a closed value" : nil }
            if isWord("updatexml") { return callArguments(text, end) != nil ? "updatexml(), an error-based probe" : nil }
            return text.has("utl_inaddr.", at: start) || text.has("utl_http.", at: start) ? "an Oracle network package" : nil
        case ASCII.w: // w
            if isWord("when") || isWord("where") { return isTautology(text, after: end) ? "when/where with a comparison that needs no table" : nil }
            if isWord("waitfor") {
                let next = text.skipSpace(end)
                return text.word("delay", at: next) != nil || text.word("time", at: next) != nil ? "waitfor delay" : nil
            }
        case ASCII.x: // x
            if isWord("xor") { return logical(text, start, end) }
            if isWord("xp_cmdshell") { return "xp_cmdshell" }
            if isWord("xmltype") { return callArguments(text, end) != nil ? "xmltype()" : nil }
        default:
            break
        }
        return nil
    }
}
