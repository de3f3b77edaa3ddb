import SecIssueKit
/// The quick test that clears a request target without decoding it, made from the detectors' own
/// tables: a target that holds none of these triggers cannot be flagged by any detector.
///
/// Why that holds. The trigger bytes are every byte the decoder changes (escapes `%` and `\`, `+`, `&#` and
/// `&name;` references through `#` and `;`, comments through `*` and `#`, white space, control
/// bytes and non-ASCII) and every byte a detector starts at besides letters, digits and
/// `. - & / = :` (quotes, brackets, `;`, `|`, `` ` ``, `$`, `@`, `#`, `!`, `*`, `{`, `}`). A target
/// without them decodes to itself lower-cased (but for MySQL's `1.e.`, looked for below), so the
/// detectors read the lower-cased target, where they can only fire at:
/// - a word start, at a word of `SQLInjectionDetector.keywords` or `CrossSiteScriptingDetector.keywords`;
/// - a number of four digits or more before `=` or `-` (sqlmap's `8104=9824` and `1028-1027`),
///   or a number glued to `union` (`1e0union`);
/// - `..`, `--` and `&&`;
/// - `&` before a command of `CommandInjectionDetector` (`&id`), a directory of
///   `CommandInjectionDetector.binaryDirectories` (`/bin/cat`);
/// - a file of `PathTraversalDetector.sensitiveFiles` at the start or after `/`, `=` or `:`, and
///   `c:` (a Windows path).
/// The same holds for the decoded text itself, where non-ASCII bytes are no trigger (the decoder
/// has folded what it folds, and no detector starts at one): the detectors are skipped for a
/// request whose decoded text holds no trigger (`/download?file=r%C3%A9sum%C3%A9.pdf`).
/// The differential tests (`AttackTriggerTests`) hold the detectors to it on generated targets
/// made of every literal the detectors hold.
enum AttackTriggers {
    /// A word a detector fires at: whole (not followed by a letter, digit or `_`) or as a prefix.
    struct Word: ExpressibleByStringLiteral, Sendable {
        let text: StaticString
        let whole: Bool

        init(stringLiteral text: StaticString) {
            self.text = text
            whole = true
        }

        private init(text: StaticString, whole: Bool) {
            self.text = text
            self.whole = whole
        }

        static func prefix(_ text: StaticString) -> Word { Word(text: text, whole: false) }

        func matches(_ text: ScanText, at index: Int) -> Bool {
            whole ? text.word(self.text, at: index) != nil : text.has(self.text, at: index)
        }
    }

    /// For each byte: 1 for a trigger byte, 2 for `. - & / = :` (looked at with their neighbours),
    /// 3 for a byte of a word (letters, digits, `_`), 0 for the rest (`?`, `,`, `~`, `[`, `]`, `^`).
    private static let kinds: [UInt8] = (0...255).map { byte in
        if byte < ASCII.exclamation || byte >= ASCII.delete { return 1 }
        if "%'\"<>()\\;*+`@#!|{}$".utf8.contains(UInt8(byte)) { return 1 }
        if ".-&/=:".utf8.contains(UInt8(byte)) { return 2 }
        return ScanText.isWordByte(UInt8(byte)) ? 3 : 0
    }

    /// `kinds` for decoded text: non-ASCII bytes are 0.
    private static let decodedKinds: [UInt8] = kinds.enumerated().map { $0.offset >= 0x80 ? 0 : $0.element }

    /// The words of the detectors by first letter.
    private static let words: [[Word]] = (0..<26).map { letter in
        (SQLInjectionDetector.keywords + CrossSiteScriptingDetector.keywords).filter { $0.text.utf8Start[0] == UInt8(97 + letter) }
    }

    /// For each first letter, the lengths of its whole words (a bit per length) and the shortest
    /// run of word bytes a prefix word starts with (4 for `data:text/html`): most words of a
    /// request are ruled out by their length alone.
    private static let shapes: [(lengths: UInt64, shortestPrefix: Int)] = words.map { list in
        (list.filter(\.whole).reduce(0) { $0 | 1 << UInt64(min($1.text.utf8CodeUnitCount, 63)) },
         list.filter { !$0.whole }.map { word in
             (0..<word.text.utf8CodeUnitCount).first { !ScanText.isWordByte(word.text.utf8Start[$0]) } ?? word.text.utf8CodeUnitCount
         }.min() ?? Int.max)
    }

    /// The bytes a file of `PathTraversalDetector.sensitiveFiles` starts with, marked 1; the second
    /// bytes of `CommandInjectionDetector.binaryDirectories` (after the `/`), marked 2.
    private static let starts: [UInt8] = (0...255).map { byte in
        (PathTraversalDetector.sensitiveFiles.contains { $0.utf8Start[0] == UInt8(byte) } ? 1 : 0)
            | (CommandInjectionDetector.binaryDirectories.contains { $0.utf8Start[1] == UInt8(byte) } ? 2 : 0)
    }

    /// False when no detector can flag `target`: as sent, or `decoded` by `RequestDecoder`.
    static func present(in target: UnsafeBufferPointer<UInt8>, decoded: Bool = false) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, target.count)) { lower in
            for index in target.indices {
                let byte = target[index]
                lower[index] = byte >= ASCII.upperA && byte <= ASCII.upperZ ? byte | ASCII.caseBit : byte
            }
            let text = ScanText(UnsafeBufferPointer(rebasing: lower[..<target.count]))
            let shapes = shapes
            return (decoded ? decodedKinds : kinds).withUnsafeBufferPointer { kinds in
                starts.withUnsafeBufferPointer { starts in present(text, kinds, starts, shapes) }
            }
        }
    }

    private static func present(_ text: ScanText, _ kinds: UnsafeBufferPointer<UInt8>, _ starts: UnsafeBufferPointer<UInt8>,
                                _ shapes: [(lengths: UInt64, shortestPrefix: Int)]) -> Bool {
        if starts[Int(text[0])] & 1 != 0 && PathTraversalDetector.sensitive(text, 0) { return true }
        let count = text.count
        var index = 0
        while index < count {
            let byte = text.bytes[index]
            switch kinds[Int(byte)] {
            case 0:
                index += 1
            case 1:
                return true
            case 2:
                let next = text[index + 1]
                if next == byte && (byte == ASCII.dot || byte == ASCII.minus || byte == ASCII.ampersand) { return true }
                if byte == ASCII.ampersand && CommandInjectionDetector.commandAt(text, index + 1) != nil { return true }
                if byte == ASCII.slash && starts[Int(next)] & 2 != 0
                    && CommandInjectionDetector.binaryDirectories.contains(where: { text.has($0, at: index) }) { return true }
                if byte != ASCII.minus && byte != ASCII.ampersand && byte != ASCII.dot && starts[Int(next)] & 1 != 0
                    && PathTraversalDetector.sensitive(text, index + 1) { return true }
                index += 1
            default:
                let end = text.wordEnd(index)
                if wordTriggers(text, index, end, shapes) { return true }
                index = end
            }
        }
        return false
    }

    /// A word at `start..<end` (after a byte that is not of a word) that a detector may fire at.
    private static func wordTriggers(_ text: ScanText, _ start: Int, _ end: Int, _ shapes: [(lengths: UInt64, shortestPrefix: Int)]) -> Bool {
        let first = text[start]
        if first >= ASCII.a && first <= ASCII.z {
            if first == ASCII.c && text[start + 1] == ASCII.colon { return true }
            let shape = shapes[Int(first - ASCII.a)], length = end - start
            guard (length < 64 && shape.lengths & (1 << UInt64(length)) != 0) || length >= shape.shortestPrefix else { return false }
            return words[Int(first - ASCII.a)].contains { $0.matches(text, at: start) }
        }
        guard ScanText.isDigit(first) else { return false }
        var digits = start
        while ScanText.isDigit(text[digits]) { digits += 1 }
        if digits - start >= 4 && (text[digits] == ASCII.equals || text[digits] == ASCII.minus) { return true }
        // MySQL's `1.e.`, which the decoder drops.
        if text[end - 1] == ASCII.one && text[end] == ASCII.dot && text[end + 1] == ASCII.e { return true }
        return text.find("union", in: start..<end) != nil
    }
}
