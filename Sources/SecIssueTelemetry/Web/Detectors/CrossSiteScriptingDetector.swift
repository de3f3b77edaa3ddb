import SecIssueKit
/// Cross-site scripting (CWE-79) in decoded text: script-capable tags, event handlers inside a
/// tag or after a quote that breaks out of an attribute, `javascript:` and `vbscript:` URLs with
/// code after them, `data:text/html`, `document.cookie` and its kin, and `alert(`, `prompt(` or
/// `confirm(` once a tag or quote has been seen.
enum CrossSiteScriptingDetector {
    static func matches(_ text: ScanText) -> Bool { evidence(text) != nil }

    static func evidence(_ text: ScanText) -> Evidence? {
        var context = false
        var index = 0
        let count = text.count
        while index < count {
            let byte = text[index]
            switch byte {
            case ASCII.lessThan:
                if opensScriptTag(text, index) { return Evidence("a tag that runs script", at: index) }
                if tagHasHandler(text, index) { return Evidence("a tag with an on… event handler", at: index) }
                // sqlmap's check for reflected markup: `<'">`.
                if ScanText.isQuote(text[index + 1]) && ScanText.isQuote(text[index + 2]) && text[index + 3] == ASCII.greaterThan {
                    return Evidence("a reflection probe <'\">", at: index)
                }
                // The filter-locator tag of XSS cheat sheets: `<XSS>`, `'';!--"<XSS>=&{()}`.
                if text.word("xss", at: index + 1) != nil { return Evidence("the filter-locator tag <xss", at: index) }
                context = true
            case ASCII.apostrophe, ASCII.quote, ASCII.backtick:
                if handlerFollows(text, index + 1, limit: index + 120) { return Evidence("a quote breaks out of an attribute into an event handler", at: index) }
                context = true
            case ASCII.greaterThan, ASCII.openBrace:
                if byte == ASCII.openBrace && text[index - 1] == ASCII.ampersand && text[index + 1] == ASCII.openParen && text[index + 2] == ASCII.closeParen && text[index + 3] == ASCII.closeBrace {
                    return Evidence("the filter-locator string &{()}", at: index - 1)
                }
                context = true
            case ASCII.a...ASCII.z where text.startsWord(index):
                let end = text.wordEnd(index)
                if let reason = keyword(text, index, end, context: context) { return Evidence(reason, at: index) }
                index = end
                continue
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// The words `keyword` fires at without a tag or quote before them (`alert(` and its kin need
    /// one, a trigger byte of `AttackTriggers`): every word that starts like one. `java` and `vb`
    /// stand for `javascript` and `vbscript`, which the decoder may leave split by a space
    /// (`java%09script:`). Keep it in step with `keyword`.
    static let keywords: [AttackTriggers.Word] = [
        .prefix("adw"), .prefix("data:text/html"), "document", "fromcharcode", .prefix("java"), .prefix("vb"),
    ]

    /// True when `keyword` fires at the word `start..<end` of text without a tag or quote before
    /// it: the detector's own decision, which `AttackTriggers` asks for the words of `keywords`.
    static func mayFire(_ text: ScanText, atWord start: Int, _ end: Int) -> Bool {
        keyword(text, start, end, context: false) != nil
    }

    private static func keyword(_ text: ScanText, _ start: Int, _ end: Int, context: Bool) -> StaticString? {
        switch text[start] {
        case ASCII.a, ASCII.c, ASCII.p: // alert, confirm, prompt; adw- (UTF-7 for <)
            if text[start] == ASCII.a && isUTF7Tag(text, start) { return "a UTF-7 encoded tag (+ADw-)" }
            guard context, text.word("alert", at: start) != nil || text.word("confirm", at: start) != nil
                    || text.word("prompt", at: start) != nil else { return nil }
            let next = text.skipSpace(end)
            return text[next] == ASCII.openParen || text[next] == ASCII.backtick ? "alert(), confirm() or prompt() after markup or a quote" : nil
        case ASCII.d: // document.cookie, data:text/html
            if text.has("data:text/html", at: start) { return "a data:text/html URL" }
            guard text.word("document", at: start) != nil, text[end] == ASCII.dot else { return nil }
            return text.word("cookie", at: end + 1) != nil || text.word("domain", at: end + 1) != nil
                || text.word("write", at: end + 1) != nil || text.word("location", at: end + 1) != nil ? "document.cookie and its kin" : nil
        case ASCII.f:
            return text.word("fromcharcode", at: start) != nil ? "String.fromCharCode" : nil
        case ASCII.j: // javascript:, also split by white space
            return schemeWithCode(text, start, first: "java") ? "a javascript: URL with code after it" : nil
        case ASCII.v:
            return schemeWithCode(text, start, first: "vb") ? "a vbscript: URL with code after it" : nil
        default:
            return nil
        }
    }

    /// UTF-7's `+ADw-` (`<`), which the decoder reads as ` adw-` (a `+` is a space): followed by a
    /// tag name or `/`, or the start of a longer UTF-7 run such as `+ADwAcwBj…-`.
    private static func isUTF7Tag(_ text: ScanText, _ start: Int) -> Bool {
        guard text.has("adw", at: start) else { return false }
        if text[start + 3] == ASCII.minus { return ScanText.isLetter(text[start + 4]) || text[start + 4] == ASCII.slash }
        var end = start + 3
        while ScanText.isWordByte(text[end]) || text[end] == ASCII.slash { end += 1 }
        return end - start >= 8 && text[end] == ASCII.minus && text.has("adwa", at: start)
    }

    /// `javascript:` (or `java script:` as the decoder leaves `java\tscript:`) followed by code:
    /// a call, a template, an assignment or `//`. "javascript: the good parts" is a book.
    private static func schemeWithCode(_ text: ScanText, _ start: Int, first: StaticString) -> Bool {
        guard text.has(first, at: start) else { return false }
        var index = text.skipSpace(start + first.utf8CodeUnitCount)
        guard text.has("script", at: index) else { return false }
        index = text.skipSpace(index + 6)
        guard text[index] == ASCII.colon else { return false }
        index = text.skipSpace(index + 1)
        if text[index] == ASCII.slash { return true }
        // A call further on in the same value (`javascript:[]/ alert(1)`, what a polyglot leaves once
        // its comments are gone): a name glued to `(` or a backtick.
        var scan = index
        while scan < text.count && scan - index < 200 && text[scan] != ASCII.ampersand {
            if (text[scan] == ASCII.openParen || text[scan] == ASCII.backtick) && ScanText.isLetter(text[scan - 1]) { return true }
            scan += 1
        }
        while ScanText.isWordByte(text[index]) || text[index] == ASCII.dot || text[index] == ASCII.dollar || text[index] == ASCII.openBracket || text[index] == ASCII.closeBracket
                || ScanText.isQuote(text[index]) {
            index += 1
        }
        return text[index] == ASCII.openParen || text[index] == ASCII.backtick || text[index] == ASCII.equals
    }

    /// `<script`, `</script`, `<svg`, `<iframe` and the other tags that run script by themselves.
    private static func opensScriptTag(_ text: ScanText, _ open: Int) -> Bool {
        var index = open + 1
        if text[index] == ASCII.slash { index += 1 }
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
        while index < end && text[index] != ASCII.greaterThan && text[index] != ASCII.lessThan {
            let before = text[index - 1]
            if text[index] == ASCII.o && text[index + 1] == ASCII.n && (before == ASCII.space || before == ASCII.slash || ScanText.isQuote(before)) {
                var name = index + 2
                while ScanText.isLetter(text[name]) { name += 1 }
                if name - index >= 5 && text[text.skipSpace(name)] == ASCII.equals { return true }
            }
            index += 1
        }
        return false
    }
}
