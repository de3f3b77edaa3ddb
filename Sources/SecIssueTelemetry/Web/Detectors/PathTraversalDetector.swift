import SecIssueKit
/// Path traversal (CWE-22) in decoded text: a `..` segment in the path; in the query, two in a
/// row (`../../`), one that starts a value and leads to a hidden file (`file=../.env`), or one
/// that leads to a sensitive file; a sensitive file named directly (`/etc/passwd`,
/// `c:\windows\win.ini`) but not in prose (`how to edit /etc/hosts`); a NUL byte after a file
/// name. Encodings (`%2e%2e%2f`, `%252e`, `..%c0%af`, `....//`) are undone or kept as dot runs
/// by the decoder.
enum PathTraversalDetector {
    static func matches(_ text: ScanText) -> Bool { evidence(text) != nil }

    static func evidence(_ text: ScanText) -> Evidence? {
        if sensitive(text, 0) { return Evidence("a sensitive file named as the path", at: 0) }
        var inPath = true
        var index = 0
        let count = text.count
        while index < count {
            let byte = text[index]
            switch byte {
            case ASCII.question:
                inPath = false
            case ASCII.dot where text[index + 1] == ASCII.dot:
                var end = index + 2
                while text[end] == ASCII.dot { end += 1 }
                // Three dots or more climb only where a filter strips `../` (`....//`): before a slash.
                // IIS reads `..%\` as `..\`: a stray `%` before the slash changes nothing.
                if text[end] == ASCII.percent && (text[end + 1] == ASCII.slash || text[end + 1] == ASCII.backslash) { end += 1 }
                let ends = end - index == 2 || text[end - 1] == ASCII.percent ? endsSegment(text[end]) : text[end] == ASCII.slash || text[end] == ASCII.backslash
                if isSeparator(text[index - 1]) && ends {
                    if inPath { return Evidence("a .. segment in the path", at: index) }
                    var next = end
                    while text[next] == ASCII.slash || text[next] == ASCII.backslash || (text[next] == ASCII.percent && (text[next + 1] == ASCII.slash || text[next + 1] == ASCII.backslash)) { next += 1 }
                    // A value that climbs out of its directory to a hidden file (`file=../.env`, `../.git/config`).
                    if text[index - 1] == ASCII.equals && next > end && text[next] == ASCII.dot && text[next + 1] != ASCII.dot {
                        return Evidence("a value that climbs to a hidden file", at: index)
                    }
                    if text[next] == ASCII.dot && text[next + 1] == ASCII.dot { return Evidence("two .. segments in a row", at: index) }
                    if namesSensitiveFile(text, from: next) { return Evidence("a .. segment that leads to a sensitive file", at: index) }
                }
                index = end
                continue
            case ASCII.slash, ASCII.backslash, ASCII.equals, ASCII.colon:
                // After a space the slash begins a path in prose (`how to edit /etc/hosts`), not a file to open.
                // So is a value with spaces in it ("win.ini missing after update", "c:/windows/win.ini location").
                let inProse = (byte == ASCII.slash || byte == ASCII.backslash) && (text[index - 1] == ASCII.space || text[index - 1] == ASCII.tab)
                if !inProse && sensitive(text, index + 1) && !valueHasSpace(text, index) {
                    return Evidence("a sensitive file named as a value", at: index + 1)
                }
            case ASCII.c where text[index + 1] == ASCII.colon && !ScanText.isWordByte(text[index - 1]) && text[index - 1] != ASCII.space:
                let path = index + 2
                if (text[path] == ASCII.slash || text[path] == ASCII.backslash) && (text.has("windows", at: path + 1) || text.has("winnt", at: path + 1)
                        || text.has("boot.ini", at: path + 1) || text.has("inetpub", at: path + 1)) && !valueHasSpace(text, index) {
                    return Evidence("a Windows system path as a value", at: index)
                }
            case 0:
                if nullEndsFileName(text, index) { return Evidence("a NUL byte after a file name", at: index) }
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// True when the query value around `index` (between `=` and `&`) holds a space: prose that
    /// names a file, not a file name.
    private static func valueHasSpace(_ text: ScanText, _ index: Int) -> Bool {
        var back = index
        while back > 0 && text[back - 1] != ASCII.equals && text[back - 1] != ASCII.ampersand && text[back - 1] != ASCII.question {
            if text[back - 1] == ASCII.space { return true }
            back -= 1
        }
        guard back > 0 else { return false }
        var forward = index
        while forward < text.count && text[forward] != ASCII.ampersand {
            if text[forward] == ASCII.space { return true }
            forward += 1
        }
        return false
    }

    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte == ASCII.slash || byte == ASCII.backslash || byte == ASCII.equals || byte == 0 || byte == ASCII.colon
    }

    /// What may follow the dots of a `..` segment: a slash, a backslash, Tomcat's `;`, a NUL or the end.
    private static func endsSegment(_ byte: UInt8) -> Bool {
        byte == ASCII.slash || byte == ASCII.backslash || byte == ASCII.semicolon || byte == 0 || byte == ASCII.question
    }

    private static func namesSensitiveFile(_ text: ScanText, from start: Int) -> Bool {
        var index = start
        while index < text.count {
            if (index == start || isSeparator(text[index - 1])) && sensitive(text, index) { return true }
            index += 1
        }
        return false
    }

    /// The files attackers read (a slash may be a backslash); `AttackTriggers` looks for them too.
    static let sensitiveFiles: [StaticString] = [
        "etc/passwd", "etc/shadow", "etc/group", "etc/hosts", "etc/issue", "proc/self/", "proc/version", "win.ini",
        "windows/system32", "windows/win.ini", "winnt/", "web-inf/web.xml", "boot.ini", "system.ini", ".htpasswd", ".ssh/", "id_rsa",
    ]

    /// The files of `sensitiveFiles` by first byte.
    private static let byInitial: [[StaticString]] = (0...255).map { byte in sensitiveFiles.filter { $0.utf8Start[0] == UInt8(byte) } }

    /// A file attackers read, named from `index`: compared only with the files that start with its
    /// first byte, as this runs at every separator of every request scanned.
    static func sensitive(_ text: ScanText, _ index: Int) -> Bool {
        for file in byInitial[Int(text[index])] where path(text, index, file) { return true }
        return false
    }

    private static func path(_ text: ScanText, _ index: Int, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard index + length <= text.count else { return false }
        for offset in 0..<length {
            let expected = literal.utf8Start[offset]
            let actual = text[index + offset]
            guard actual == expected || (expected == ASCII.slash && actual == ASCII.backslash) else { return false }
        }
        return true
    }

    /// A NUL byte ending a value that holds a file name or path (`page=index.php%00`).
    private static func nullEndsFileName(_ text: ScanText, _ index: Int) -> Bool {
        var back = index - 1
        while back >= 0 && index - back < 200 {
            let byte = text[back]
            if byte == ASCII.equals || byte == ASCII.ampersand || byte == ASCII.question { return false }
            if byte == ASCII.dot || byte == ASCII.slash || byte == ASCII.backslash { return true }
            back -= 1
        }
        return false
    }
}
