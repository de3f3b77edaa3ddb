import SecIssueKit
// The clause-level checks of `SQLInjectionDetector`: calls, UNION, tautologies, quotes, comments, stacked queries.

extension SQLInjectionDetector {
    /// After a word: `(` and the index just inside it.
    static func callArguments(_ text: ScanText, _ end: Int) -> Int? {
        let open = text.skipSpace(end)
        return text[open] == ASCII.openParen ? open + 1 : nil
    }

    /// `sleep(5)`, `benchmark(5000000,…)`, `char(113)`: a call whose first argument is a number.
    static func isNumericCall(_ text: ScanText, _ end: Int) -> Bool {
        guard let arguments = callArguments(text, end) else { return false }
        return ScanText.isDigit(text[text.skipSpace(arguments)])
    }

    /// `cast(… as int)` and the other types error-based probes cast to.
    static func castsToType(_ text: ScanText, _ arguments: Int) -> Bool {
        guard let keyword = text.find(" as ", in: arguments..<(arguments + 200)) else { return false }
        let type = keyword + 4
        for name: StaticString in ["int", "integer", "numeric", "char", "varchar", "nvarchar", "text", "signed", "unsigned",
                                   "decimal", "bigint", "binary"] where text.word(name, at: type) != nil {
            return true
        }
        return false
    }

    /// `union [all|distinct] select`, with brackets or comments (now spaces) between, after a
    /// quote that closed a value.
    static func unionSelects(_ text: ScanText, _ end: Int) -> Bool { unionSelectEnd(text, end) != nil }

    /// The end of `[all|distinct] select` after `union`.
    private static func unionSelectEnd(_ text: ScanText, _ end: Int) -> Int? {
        var index = skipBrackets(text, text.skipSpace(end))
        if let after = text.word("all", at: index) ?? text.word("distinct", at: index) {
            index = skipBrackets(text, text.skipSpace(after))
        }
        return text.word("select", at: index)
    }

    /// `union select` as SQL: after a value that ends (a quote, a bracket, a number), or before a
    /// column list that is SQL (a number, `null`, `*`, a bracket, a quote, `@@`, a call, a comma).
    /// "credit union select savings" and "union meeting: select committee from…" are English.
    static func unionSelects(_ text: ScanText, _ start: Int, _ end: Int) -> Bool {
        guard let select = unionSelectEnd(text, end) else { return false }
        var before = start - 1
        if text[before] == ASCII.space { before -= 1 }
        let previous = text[before]
        if ScanText.isQuote(previous) || previous == ASCII.closeParen || (ScanText.isDigit(previous) && isNumberStart(text, before)) { return true }
        let index = text.skipSpace(select)
        let first = text[index]
        if ScanText.isDigit(first) || first == ASCII.asterisk || first == ASCII.openParen || first == ASCII.at || ScanText.isQuote(first)
            || (first == ASCII.minus && ScanText.isDigit(text[index + 1])) { return true }
        if text.word("null", at: index) != nil { return true }
        guard ScanText.isLetter(first) else { return false }
        var after = index
        while ScanText.isWordByte(text[after]) || text[after] == ASCII.dot { after += 1 }
        let next = text.skipSpace(after)
        return text[next] == ASCII.comma || text[next] == ASCII.openParen
    }

    /// True when the digit at `index` ends a number that stands alone (`1 union`, not `b12 union`).
    private static func isNumberStart(_ text: ScanText, _ index: Int) -> Bool {
        var start = index
        while ScanText.isDigit(text[start - 1]) { start -= 1 }
        return !ScanText.isLetter(text[start - 1]) && text[start - 1] != ASCII.underscore
    }

    /// After `and`, `or`, `xor` or `having`: a comparison that needs no table, or a literal that is
    /// a condition by itself (`or true`, `or 1#`) with a comment after it or a closed value before.
    static func logical(_ text: ScanText, _ start: Int, _ end: Int) -> StaticString? {
        // The first word inside a quotation that opens after a space is prose: "what does 'or 1=1' mean".
        if ScanText.isQuote(text[start - 1]) && (text[start - 2] == ASCII.space || text[start - 2] == 0 && start >= 2) { return nil }
        if isTautology(text, after: end) {
            return smallOrdering(text, start, end) ? nil : "and/or with a comparison that needs no table"
        }
        let operand = text.skipSpace(end)
        var after = operand
        var isBoolean = false
        if let literal = text.word("true", at: operand) ?? text.word("false", at: operand) {
            after = literal
            isBoolean = true
        } else {
            while ScanText.isDigit(text[after]) { after += 1 }
            guard after > operand, !ScanText.isWordByte(text[after]) else { return nil }
        }
        while text[after] == ASCII.closeParen { after += 1 }
        let next = text.skipSpace(after)
        if isComment(text, next) || text[next] == ASCII.hash { return "and/or with a literal condition, then a comment" }
        var before = start - 1
        if text[before] == ASCII.space { before -= 1 }
        if isBoolean && (ScanText.isQuote(text[before]) || text[before] == ASCII.closeParen) { return "a closed value, then and/or true/false" }
        return nil
    }

    /// `1<2 and 3>2`: small numbers ordered, as in arithmetic, with no quote closed before the
    /// `and` and no comment after: not evidence. sqlmap's boolean probes compare with `=`, long numbers or `between`.
    private static func smallOrdering(_ text: ScanText, _ start: Int, _ end: Int) -> Bool {
        var index = text.skipSpace(end)
        if let after = text.word("not", at: index) { index = text.skipSpace(after) }
        let number = index
        while ScanText.isDigit(text[index]) { index += 1 }
        guard index > number, index - number < 4 else { return false }
        index = text.skipSpace(index)
        guard (text[index] == ASCII.lessThan || text[index] == ASCII.greaterThan) && text[index + 1] != ASCII.greaterThan && text[index + 1] != ASCII.equals else { return false }
        var right = text.skipSpace(index + 1)
        let digits = right
        while ScanText.isDigit(text[right]) { right += 1 }
        guard right > digits, right - digits < 4 else { return false }
        var before = start - 1
        if text[before] == ASCII.space { before -= 1 }
        let next = text.skipSpace(right)
        return !ScanText.isQuote(text[before]) && text[before] != ASCII.closeParen && !isComment(text, next) && text[next] != ASCII.hash
    }

    /// `sleep(5)`, `benchmark(…)`: a delay or probe function called with a number where an
    /// expression stands (after an operator, a bracket, a comma, a quote or an SQL word), or
    /// followed by a comment. A man page search, `sleep(3)`, is neither.
    static func isProbingCall(_ text: ScanText, _ start: Int, _ end: Int) -> Bool {
        isNumericCall(text, end) && inExpressionCall(text, start, end)
    }

    /// The call of the word at `start..<end` stands where an expression does, or a comment follows it.
    static func inExpressionCall(_ text: ScanText, _ start: Int, _ end: Int) -> Bool {
        var before = start - 1
        if text[before] == ASCII.space { before -= 1 }
        let previous = text[before]
        switch previous {
        case ASCII.openParen, ASCII.comma, ASCII.apostrophe, ASCII.quote, ASCII.bar, ASCII.ampersand, ASCII.semicolon, ASCII.asterisk, ASCII.minus, ASCII.closeParen, ASCII.lessThan, ASCII.greaterThan, ASCII.exclamation: return true
        case ASCII.equals:
            var left = before - 1
            if text[left] == ASCII.space { left -= 1 }
            if ScanText.isDigit(text[left]) || ScanText.isQuote(text[left]) || text[left] == ASCII.closeParen { return true }
        case ASCII.a...ASCII.z:
            var wordStart = before
            while ScanText.isWordByte(text[wordStart - 1]) { wordStart -= 1 }
            for word: StaticString in ["and", "or", "xor", "not", "select", "from", "then", "else", "when", "if", "by", "rlike",
                                       "like", "regexp", "in", "return", "where", "having"] where text.word(word, at: wordStart) == before + 1 {
                return true
            }
        default:
            break
        }
        // Followed by a comment: `sleep(5)#`, `sleep(5)-- -`.
        var close = text.skipSpace(end)
        var depth = 0
        while close < text.count && close - end < 80 {
            if text[close] == ASCII.openParen { depth += 1 }
            if text[close] == ASCII.closeParen { depth -= 1; if depth == 0 { break } }
            close += 1
        }
        let next = text.skipSpace(close + 1)
        return depth == 0 && close < text.count && (isComment(text, next) || text[next] == ASCII.hash)
    }

    /// A parameter value that is only SQL metacharacters after an optional plain value: `'`,
    /// `1'`, `"`, `')`, `1)`, `--`, `admin'#`. Fuzzers send these to see what breaks; they are
    /// reported as probes (low severity). `O'Brien`, `5' 10"`, `C#` and `:)` are not.
    static func probe(_ text: ScanText) -> Evidence? {
        var index = 0
        while index < text.count {
            if text[index] == ASCII.equals {
                let start = index + 1
                var end = start
                while end < text.count && text[end] != ASCII.ampersand { end += 1 }
                if isProbeValue(text, start, end) {
                    return Evidence("a value made only of SQL metacharacters (a fuzzer's probe)", at: start, probe: true)
                }
                index = end
            }
            index += 1
        }
        return nil
    }

    private static func isProbeValue(_ text: ScanText, _ start: Int, _ end: Int) -> Bool {
        var index = start
        // `'sqlattempt1`: one quote, then a plain word to the end of the value.
        if ScanText.isQuote(text[start]) && text.wordEnd(start + 1) == end && end > start + 1 { return true }
        while index < end && (ScanText.isWordByte(text[index]) || text[index] == ASCII.dot || text[index] == ASCII.at) { index += 1 }
        guard index < end else { return false }
        let plainPrefix = index > start && (start..<index).contains { ScanText.isLetter(text[$0]) }
        var quotes = 0, opening = 0, closing = 0, comment = false, semicolon = false
        while index < end {
            switch text[index] {
            case ASCII.apostrophe, ASCII.quote, ASCII.backtick: quotes += 1
            case ASCII.openParen: opening += 1
            case ASCII.closeParen: closing += 1
            case ASCII.minus:
                guard text[index + 1] == ASCII.minus || text[index - 1] == ASCII.minus else { return false }
                comment = true
            case ASCII.hash:
                // `#` ends MySQL statements, but `C#` is a language.
                if !plainPrefix { comment = true }
            case ASCII.semicolon: semicolon = true
            case ASCII.space, ASCII.backslash, ASCII.percent, ASCII.equals, ASCII.lessThan, ASCII.greaterThan, ASCII.asterisk, ASCII.comma, ASCII.exclamation, ASCII.bar: break
            default: return false
            }
            index += 1
        }
        return quotes > 0 || comment || opening != closing || (semicolon && !plainPrefix)
    }

    private static func skipBrackets(_ text: ScanText, _ start: Int) -> Int {
        var index = start
        while text[index] == ASCII.openParen { index = text.skipSpace(index + 1) }
        return index
    }

    /// `(select …`, or `select` followed by a column list that is SQL (`*`, commas, numbers,
    /// calls, quotes, null) and then `from`; "select committee from" is English.
    static func selectsSomething(_ text: ScanText, _ start: Int, _ end: Int) -> Bool {
        var before = start - 1
        if text[before] == ASCII.space { before -= 1 }
        if text[before] == ASCII.openParen { return true }
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
            if byte == ASCII.asterisk || byte == ASCII.comma || byte == ASCII.openParen || byte == ASCII.at || byte == ASCII.apostrophe || byte == ASCII.quote || ScanText.isDigit(byte) {
                looksLikeSQL = true
            }
            index += 1
        }
        return false
    }

    /// `order by 3` after a value (a number or a closing quote) or before a comment: the column
    /// count probe. "order by date" is not one.
    static func ordersByColumn(_ text: ScanText, _ start: Int, _ end: Int) -> Bool {
        guard let by = text.word("by", at: text.skipSpace(end)) else { return false }
        let digits = text.skipSpace(by)
        guard ScanText.isDigit(text[digits]) else { return false }
        var after = digits
        while ScanText.isDigit(text[after]) { after += 1 }
        guard !ScanText.isWordByte(text[after]) else { return false }
        var before = start - 1
        if text[before] == ASCII.space { before -= 1 }
        while text[before] == ASCII.closeParen { before -= 1 }
        if ScanText.isDigit(text[before]) || ScanText.isQuote(text[before]) { return true }
        let next = text.skipSpace(after)
        return (text[next] == ASCII.minus && text[next + 1] == ASCII.minus) || text[next] == ASCII.hash || text[next] == ASCII.semicolon
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
            // `username like '%`: a name matched against everything.
            if text.word("like", at: text.skipSpace(left.end)) != nil && ScanText.isQuote(first) && text[index + 1] == ASCII.percent { return true }
            // `x=x`: a name compared with itself.
            let length = left.end - left.start
            guard text.wordEnd(index) - index == length else { return false }
            return (0..<length).allSatisfy { text[left.start + $0] == text[index + $0] }
        }
        if ScanText.isDigit(first) || ScanText.isQuote(first) || (first == ASCII.minus && ScanText.isDigit(text[index + 1])) { return true }
        guard ScanText.isLetter(first) else { return false }
        // A literal, a sub-query, or a call such as cast(…) or dbms_pipe.receive_message(…).
        if text.word("null", at: index) != nil || text.word("true", at: index) != nil || text.word("false", at: index) != nil
            || text.word("select", at: index) != nil { return true }
        var call = index
        while ScanText.isWordByte(text[call]) || text[call] == ASCII.dot { call += 1 }
        return text[text.skipSpace(call)] == ASCII.openParen
    }

    /// A number, a quoted string, a hex literal, a literal word, or a name (for `x=x`).
    private static func operand(_ text: ScanText, _ start: Int) -> (start: Int, end: Int, isName: Bool)? {
        let first = text[start]
        if ScanText.isDigit(first) || (first == ASCII.minus && ScanText.isDigit(text[start + 1])) {
            var end = start + 1
            while ScanText.isWordByte(text[end]) || text[end] == ASCII.dot { end += 1 }
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
        case ASCII.equals: return text[index + 1] == ASCII.equals ? index + 2 : index + 1
        case ASCII.lessThan: return text[index + 1] == ASCII.greaterThan || text[index + 1] == ASCII.equals ? (text[index + 2] == ASCII.greaterThan ? index + 3 : index + 2) : index + 1
        case ASCII.greaterThan: return text[index + 1] == ASCII.equals ? index + 2 : index + 1
        case ASCII.exclamation: return text[index + 1] == ASCII.equals ? index + 2 : nil
        default:
            var index = index
            if let not = text.word("not", at: index) { index = text.skipSpace(not) }
            for word: StaticString in ["like", "rlike", "regexp", "is", "between"] {
                if let end = text.word(word, at: index) { return end }
            }
            if let end = text.word("in", at: index), text[text.skipSpace(end)] == ASCII.openParen { return end }
            return nil
        }
    }

    /// A quote that ends a value (`admin'`, `1')`) and is followed by a comment, a statement
    /// separator, or SQL. A quote after a space opens a quotation, as in prose, and is left alone.
    static func closesValue(_ text: ScanText, _ quote: Int) -> Bool {
        let before = text[quote - 1]
        guard quote > 0, before != ASCII.space else { return false }
        var index = quote + 1
        while text[index] == ASCII.closeParen { index += 1 }
        index = text.skipSpace(index)
        let next = text[index]
        if before != ASCII.equals && before != ASCII.ampersand && before != ASCII.question && before != ASCII.openParen {
            // Only a value that has started can be ended by a comment or a separator: a quote
            // right after `=` opens one (`q="--help"`). A `;` must lead somewhere, as a
            // statement ends code too (`console.log('x');`).
            if isComment(text, index) || next == ASCII.hash { return true }
            if next == ASCII.semicolon {
                let after = text.skipSpace(index + 1)
                if isComment(text, after) || text[after] == ASCII.hash || stacksQuery(text, index) { return true }
            }
        }
        if (next == ASCII.bar && text[index + 1] == ASCII.bar) || (next == ASCII.ampersand && text[index + 1] == ASCII.ampersand) { return true }
        // A hex literal right after the value: `'0x31303235` (a string written without quotes).
        if next == ASCII.zero && text[index + 1] == ASCII.x && (index + 2..<index + 6).allSatisfy({ RequestDecoder.hexValue(text[$0]) != nil }) {
            return true
        }
        guard ScanText.isLetter(next) else { return false }
        func isWord(_ word: StaticString) -> Int? { text.word(word, at: index) }
        if let end = isWord("and") ?? isWord("or") ?? isWord("xor") ?? isWord("having") {
            let operand = text.skipSpace(end)
            // `' or true`, `'or select *`, and `' or` that ends the value (`&apos; OR`).
            return text.word("true", at: operand) != nil || text.word("false", at: operand) != nil
                || text.word("select", at: operand) != nil || text[operand] == ASCII.openParen || (before != ASCII.space && (text[operand] == 0 || text[operand] == ASCII.ampersand))
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
        guard text[index] == ASCII.minus && text[index + 1] == ASCII.minus else { return false }
        let after = text[index + 2]
        return after == 0 || after == ASCII.space || after == ASCII.ampersand || after == ASCII.apostrophe || after == ASCII.quote
    }

    /// `;` after a value (not a word), then a statement: `1;select pg_sleep(5)`, `x';drop table t`.
    static func stacksQuery(_ text: ScanText, _ semicolon: Int) -> Bool {
        var before = semicolon - 1
        if text[before] == ASCII.space { before -= 1 }
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
        if let end = text.word("if", at: start) ?? text.word("iif", at: start) { return text[text.skipSpace(end)] == ASCII.openParen }
        if let end = text.word("call", at: start) {
            let name = text.skipSpace(end)
            return ScanText.isLetter(text[name]) && text[text.skipSpace(text.wordEnd(name))] == ASCII.openParen
        }
        return false
    }
}
