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
            case 63:
                inPath = false
            case 46 where text[index + 1] == 46:
                var end = index + 2
                while text[end] == 46 { end += 1 }
                // Three dots or more climb only where a filter strips `../` (`....//`): before a slash.
                // IIS reads `..%\` as `..\`: a stray `%` before the slash changes nothing.
                if text[end] == 37 && (text[end + 1] == 47 || text[end + 1] == 92) { end += 1 }
                let ends = end - index == 2 || text[end - 1] == 37 ? endsSegment(text[end]) : text[end] == 47 || text[end] == 92
                if isSeparator(text[index - 1]) && ends {
                    if inPath { return Evidence("a .. segment in the path", at: index) }
                    var next = end
                    while text[next] == 47 || text[next] == 92 || (text[next] == 37 && (text[next + 1] == 47 || text[next + 1] == 92)) { next += 1 }
                    // A value that climbs out of its directory to a hidden file (`file=../.env`, `../.git/config`).
                    if text[index - 1] == 61 && next > end && text[next] == 46 && text[next + 1] != 46 {
                        return Evidence("a value that climbs to a hidden file", at: index)
                    }
                    if text[next] == 46 && text[next + 1] == 46 { return Evidence("two .. segments in a row", at: index) }
                    if namesSensitiveFile(text, from: next) { return Evidence("a .. segment that leads to a sensitive file", at: index) }
                }
                index = end
                continue
            case 47, 92, 61, 58:
                // After a space the slash begins a path in prose (`how to edit /etc/hosts`), not a file to open.
                // So is a value with spaces in it ("win.ini missing after update", "c:/windows/win.ini location").
                let inProse = (byte == 47 || byte == 92) && (text[index - 1] == 32 || text[index - 1] == 9)
                if !inProse && sensitive(text, index + 1) && !valueHasSpace(text, index) {
                    return Evidence("a sensitive file named as a value", at: index + 1)
                }
            case 99 where text[index + 1] == 58 && !ScanText.isWordByte(text[index - 1]) && text[index - 1] != 32:
                let path = index + 2
                if (text[path] == 47 || text[path] == 92) && (text.has("windows", at: path + 1) || text.has("winnt", at: path + 1)
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
        while back > 0 && text[back - 1] != 61 && text[back - 1] != 38 && text[back - 1] != 63 {
            if text[back - 1] == 32 { return true }
            back -= 1
        }
        guard back > 0 else { return false }
        var forward = index
        while forward < text.count && text[forward] != 38 {
            if text[forward] == 32 { return true }
            forward += 1
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
