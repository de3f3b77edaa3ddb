import SecIssueKit
/// The quick test that clears a request target without decoding it, made from the detectors' own
/// tables and checks: a target that holds none of these triggers cannot be flagged by any detector.
///
/// Why that holds. The trigger bytes are every byte the decoder changes (escapes `%` and `\`, `+`, `&#` and
/// `&name;` references through `#` and `;`, comments through `*` and `#`, white space, control
/// bytes and non-ASCII) and every byte a detector starts at besides letters, digits and
/// `. - & / = :` (quotes, brackets, `;`, `|`, `` ` ``, `$`, `@`, `#`, `!`, `*`, `{`, `}`). A target
/// without them decodes to itself lower-cased (but for MySQL's `1.e.`, looked for below), so the
/// detectors read the lower-cased target, where they can only fire at:
/// - a word start: at a word of `SQLInjectionDetector.keywords` or `CrossSiteScriptingDetector.keywords`,
///   where the test asks the detector itself (`mayFire`: "union station" is cleared, "union select 1" is not);
/// - a number (sqlmap's `8104=9824`, `1028-1027`, `1e0union`), where the test asks `SQLInjectionDetector.number`;
/// - `..`, `--` and `&&`;
/// - `&`, where the test asks `CommandInjectionDetector.commandFollows` (`&id`, but not `&id=`),
///   a directory of `CommandInjectionDetector.binaryDirectories` (`/bin/cat`);
/// - a file of `PathTraversalDetector.sensitiveFiles` at the start or after `/`, `=` or `:`, and
///   `c:` (a Windows path).
/// The same holds for the decoded text itself, where non-ASCII bytes and spaces are no trigger
/// (the decoder has folded what it folds, and no detector starts at one): the detectors are
/// skipped for a request whose decoded text holds no trigger (`/download?file=r%C3%A9sum%C3%A9.pdf`,
/// `/search?q=red+dress`). A space only matters to a detector as what it skips between the
/// tokens of a check that starts at a word, a number or an `&` (`8104 = 9824`, `& id`,
/// `java script:`), and those checks are the detectors' own; between the others (`..`, `--`,
/// `&&`, a directory or a file) the detectors allow no space.
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

    /// `kinds` for decoded text: non-ASCII bytes and the space are 0.
    private static let decodedKinds: [UInt8] = kinds.enumerated().map { $0.offset >= 0x80 || $0.offset == Int(ASCII.space) ? 0 : $0.element }

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

    /// False when no detector can flag `target`: as sent, or `decoded` by `RequestDecoder` (which
    /// lower-cases it).
    static func present(in target: UnsafeBufferPointer<UInt8>, decoded: Bool = false) -> Bool {
        let shapes = shapes
        if decoded {
            return decodedKinds.withUnsafeBufferPointer { kinds in
                starts.withUnsafeBufferPointer { starts in present(ScanText(target), kinds, starts, shapes, decoded: true) }
            }
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, target.count)) { lower in
            for index in target.indices {
                let byte = target[index]
                lower[index] = byte >= ASCII.upperA && byte <= ASCII.upperZ ? byte | ASCII.caseBit : byte
            }
            let text = ScanText(UnsafeBufferPointer(rebasing: lower[..<target.count]))
            return kinds.withUnsafeBufferPointer { kinds in
                starts.withUnsafeBufferPointer { starts in present(text, kinds, starts, shapes, decoded: false) }
            }
        }
    }

    private static func present(_ text: ScanText, _ kinds: UnsafeBufferPointer<UInt8>, _ starts: UnsafeBufferPointer<UInt8>,
                                _ shapes: [(lengths: UInt64, shortestPrefix: Int)], decoded: Bool) -> Bool {
        if starts[Int(text[0])] & 1 != 0 && PathTraversalDetector.sensitive(text, 0) { return true }
        let count = text.count
        let bytes = text.bytes
        var index = 0
        while index < count {
            let byte = bytes[index]
            switch kinds[Int(byte)] {
            case 0:
                index += 1
            case 1:
                return true
            case 2:
                let next = text[index + 1]
                if next == byte && (byte == ASCII.dot || byte == ASCII.minus || byte == ASCII.ampersand) { return true }
                if byte == ASCII.ampersand && CommandInjectionDetector.commandFollows(text, separator: index, from: index + 1, doubled: false) { return true }
                if byte == ASCII.slash && starts[Int(next)] & 2 != 0
                    && CommandInjectionDetector.binaryDirectories.contains(where: { text.has($0, at: index) }) { return true }
                if byte != ASCII.minus && byte != ASCII.ampersand && byte != ASCII.dot && starts[Int(next)] & 1 != 0
                    && PathTraversalDetector.sensitive(text, index + 1) { return true }
                index += 1
            default:
                var end = index + 1
                while end < count && kinds[Int(bytes[end])] == 3 { end += 1 }
                if wordTriggers(text, index, end, shapes, decoded: decoded) { return true }
                index = end
            }
        }
        return false
    }

    /// A word at `start..<end` (after a byte that is not of a word) that a detector may fire at.
    private static func wordTriggers(_ text: ScanText, _ start: Int, _ end: Int, _ shapes: [(lengths: UInt64, shortestPrefix: Int)],
                                     decoded: Bool) -> Bool {
        let first = text[start]
        if first >= ASCII.a && first <= ASCII.z {
            if first == ASCII.c && text[start + 1] == ASCII.colon { return true }
            let shape = shapes[Int(first - ASCII.a)], length = end - start
            guard (length < 64 && shape.lengths & (1 << UInt64(length)) != 0) || length >= shape.shortestPrefix else { return false }
            guard words[Int(first - ASCII.a)].contains(where: { $0.matches(text, at: start) }) else { return false }
            return SQLInjectionDetector.mayFire(text, atWord: start, end) || CrossSiteScriptingDetector.mayFire(text, atWord: start, end)
        }
        guard ScanText.isDigit(first) else { return false }
        // MySQL's `1.e.`, which the decoder drops (so decoded text no longer holds it).
        if !decoded && text[end - 1] == ASCII.one && text[end] == ASCII.dot && text[end + 1] == ASCII.e { return true }
        // `SQLInjectionDetector.number` needs four digits, or `union` in the word.
        return end - start >= 4 && SQLInjectionDetector.number(text, start, end) != nil
    }
}
