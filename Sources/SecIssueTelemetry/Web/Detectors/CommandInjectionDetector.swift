import SecIssueKit
/// OS command injection (CWE-78) and its kin, code evaluation and template injection, in decoded
/// text: a shell separator (`;`, `|`, `||`, `&&`, `&`) followed by a command that proves
/// something (`id`, `whoami`, `cat /etc/passwd`, `sleep 5`, `ping -c 3 …`), `$(…)` and backtick
/// substitution of a command, the `$IFS` space trick, Shellshock's `() { :; };`, template
/// expressions that compute (`{{7*7}}`, `${7*7}`, `<%= 7*7 %>`) or reach objects (`{{config}}`,
/// `{{''.__class__}}`, `${jndi:…}`), and calls of eval-like functions with a literal or a decoder
/// (`system('id')`, `eval(base64_decode(…))`).
///
/// Words alone decide nothing: "Q&A; cat videos", "cats | dogs" and "use `ls -la` to list files"
/// are prose. A command counts when its argument is shell syntax (an option, a path, a variable,
/// a number, a URL) or when it stands alone after a separator that follows a value rather than
/// a word.
enum CommandInjectionDetector {
    static func matches(_ text: ScanText) -> Bool { evidence(text) != nil }

    /// 1 for the bytes where a command injection can show (`;` `|` `&` a line break `` ` `` `$`
    /// `(` `{` `<` `@` `/` and quotes): the scan skips the rest in a tight loop, as most of a
    /// request is letters, digits and `=`.
    private static let interesting: [UInt8] = (0...255).map { byte in
        "\n;|&`$({<@/'\"".utf8.contains(UInt8(byte)) ? 1 : 0
    }

    static func evidence(_ text: ScanText) -> Evidence? {
        interesting.withUnsafeBufferPointer { table in scan(text, table) }
    }

    private static func scan(_ text: ScanText, _ table: UnsafeBufferPointer<UInt8>) -> Evidence? {
        var index = 0
        let count = text.count
        let bytes = text.bytes
        while index < count {
            while index < count && table[Int(bytes[index])] == 0 { index += 1 }
            guard index < count else { return nil }
            let byte = bytes[index]
            switch byte {
            case ASCII.semicolon, ASCII.bar, ASCII.ampersand, ASCII.newline:
                var after = index + 1
                let doubled = (byte == ASCII.bar || byte == ASCII.ampersand) && text[after] == byte
                if doubled { after += 1 }
                if commandFollows(text, separator: index, from: after, doubled: doubled) {
                    return Evidence(byte == ASCII.semicolon ? "a ; followed by a shell command" : byte == ASCII.bar ? "a | or || followed by a shell command"
                                    : byte == ASCII.newline ? "a line break followed by a shell command" : "an & or && followed by a shell command", at: index)
                }
            case ASCII.backtick:
                if substitutes(text, backtick: index) { return Evidence("backtick substitution of a shell command", at: index) }
            case ASCII.dollar:
                let inside = text.skipSpace(index + 2)
                if text[index + 1] == ASCII.openParen && (commandAt(text, inside) != nil || (text[inside] == ASCII.openBrace && commandAt(text, inside + 1) != nil)) {
                    return Evidence("$( ) substitution of a shell command", at: index)
                }
                if text.word("ifs", at: index + 1) != nil || (text[index + 1] == ASCII.openBrace && text.has("ifs}", at: index + 2)) {
                    return Evidence("the $IFS space trick", at: index)
                }
                if text[index + 1] == ASCII.openBrace, let reason = templateExpression(text, open: index + 2, close: ASCII.closeBrace) { return Evidence(reason, at: index) }
            case ASCII.at:
                if text[index + 1] == ASCII.openParen, let reason = templateExpression(text, open: index + 2, close: ASCII.closeParen) { return Evidence(reason, at: index) }
            case ASCII.openParen:
                if definesFunction(text, index) { return Evidence("a Shellshock function definition () {", at: index) }
                // A call: the word before the bracket (`system(`, `eval (`, `.getRuntime(`).
                var end = index
                if text[end - 1] == ASCII.space { end -= 1 }
                var start = end
                while ScanText.isWordByte(text[start - 1]) { start -= 1 }
                // Only the names of `evaluates` can start a call that counts: `s`, `e`, `p`, `a`, `g`, `_`.
                let initial = text[start]
                if start < end && (initial == ASCII.s || initial == ASCII.e || initial == ASCII.p || initial == ASCII.a || initial == ASCII.g || initial == ASCII.underscore),
                   let reason = evaluates(text, start, end) {
                    return Evidence(reason, at: start)
                }
            case ASCII.apostrophe, ASCII.quote:
                if text.word("child_process", at: index + 1) != nil { return Evidence("require('child_process')", at: index + 1) }
            case ASCII.slash where text[index + 1] == ASCII.b || text[index + 1] == ASCII.u || text[index + 1] == ASCII.s:
                // `/bin/cat /etc/passwd` anywhere: a shell binary named by its path, with a shell argument.
                if text.has("/bin/", at: index) || text.has("/usr/", at: index) || text.has("/sbin/", at: index),
                   let (end, _) = commandAt(text, index), hasShellArgument(text, end) || [0, ASCII.semicolon, ASCII.bar, ASCII.ampersand, ASCII.backtick, ASCII.newline].contains(text[end]) {
                    return Evidence("a shell binary by its path, with an argument", at: index)
                }
            case ASCII.openBrace:
                if text[index + 1] == ASCII.openBrace, let reason = templateExpression(text, open: index + 2, close: ASCII.closeBrace) { return Evidence(reason, at: index) }
                if text[index - 1] == ASCII.hash || text[index - 1] == ASCII.asterisk, let reason = templateExpression(text, open: index + 1, close: ASCII.closeBrace) {
                    return Evidence(reason, at: index - 1)
                }
            case ASCII.lessThan:
                if text[index + 1] == ASCII.percent {
                    var open = index + 2
                    if text[open] == ASCII.equals { open += 1 }
                    if let reason = templateExpression(text, open: open, close: ASCII.percent) { return Evidence(reason, at: index) }
                }
                if text.has("<?php", at: index) { return Evidence("PHP code <?php", at: index) }
            default:
                break
            }
            index += 1
        }
        return nil
    }

    // MARK: Commands

    /// Commands that prove the injection by themselves (they print who and where the process is).
    private static let standalone: [StaticString] = [
        "id", "whoami", "uname", "ifconfig", "ipconfig", "netstat", "systeminfo", "hostname", "pwd", "ps", "env", "ls", "dir",
        "ver", "tasklist", "printenv", "getuid",
    ]
    /// Commands that need a shell-like argument to count.
    private static let withArguments: [StaticString] = [
        "cat", "ping", "nslookup", "dig", "wget", "curl", "sleep", "echo", "nc", "ncat", "netcat", "bash", "sh", "zsh", "ksh",
        "cmd", "powershell", "pwsh", "python", "python3", "perl", "ruby", "php", "net", "type", "rm", "chmod", "touch",
        "timeout", "certutil", "busybox", "telnet", "tftp", "nohup", "head", "tail", "more", "find", "base64", "kill", "cp",
        "mv", "mkdir", "xterm", "uname", "ls", "dir", "id", "ps", "whoami", "set", "exec", "eval", "read", "nmap", "socat",
    ]

    /// The directories a command may be named in (`/bin/cat`).
    static let binaryDirectories: [StaticString] = ["/usr/local/bin/", "/usr/bin/", "/bin/", "/usr/sbin/", "/sbin/"]

    /// Every command this detector knows; `AttackTriggers` looks for them after an `&`.
    static var commands: [StaticString] { standalone + withArguments }

    /// The commands by first letter, standalone ones first: a request holds many words and `&`s,
    /// and each is compared with the few names that start like it.
    private static let byInitial: [[(name: StaticString, standalone: Bool)]] = (0..<26).map { letter in
        (standalone.map { ($0, true) } + withArguments.map { ($0, false) }).filter { $0.0.utf8Start[0] == UInt8(97 + letter) }
    }

    /// The command at `index` (after an optional `/bin/`, `/usr/bin/` or `/usr/local/bin/`):
    /// its end and whether it stands alone.
    static func commandAt(_ text: ScanText, _ index: Int) -> (end: Int, standalone: Bool)? {
        var start = index
        if text[start] == ASCII.slash {
            for prefix in binaryDirectories where text.has(prefix, at: start) {
                start += prefix.utf8CodeUnitCount
                break
            }
        }
        let first = text[start]
        guard first >= ASCII.a && first <= ASCII.z else { return nil }
        for (name, alone) in byInitial[Int(first - 97)] { if let end = text.word(name, at: start) { return (end, alone) } }
        return nil
    }

    /// After a separator: a command with a shell argument, or one that stands alone and ends the
    /// value, after a separator that follows a value (not prose's "word; word").
    static func commandFollows(_ text: ScanText, separator: Int, from: Int, doubled: Bool) -> Bool {
        var start = text.skipSpace(from)
        // `&name=` is the next parameter, the commonest `&` of all: no command.
        if text[separator] == ASCII.ampersand && ScanText.isLetter(text[start]) && text[text.wordEnd(start)] == ASCII.equals { return false }
        // `{cat,/etc/passwd}`: bash's brace expansion runs a command without a space.
        if text[start] == ASCII.openBrace, let (end, _) = commandAt(text, start + 1), text[end] == ASCII.comma { return true }
        if text[start] == ASCII.dollar && text[start + 1] == ASCII.openParen { start = text.skipSpace(start + 2) }
        guard let (end, alone) = commandAt(text, start) else { return false }
        let next = text[end]
        // `;ls.txt`, `|id=`, `;sleep(5)` are a file, a parameter and SQL.
        if next == ASCII.equals || next == ASCII.dot || next == ASCII.openParen || next == ASCII.underscore || next == ASCII.minus { return false }
        if hasShellArgument(text, end) || (isNetworkCommand(text, start) && hasHostArgument(text, end)) { return true }
        var before = separator - 1
        if text[before] == ASCII.space { before -= 1 }
        // After `&&` or `||`, or after a separator that follows a value (a number, a quote, `=`),
        // any known command with any argument: `127.0.0.1 && echo vulnerable`, `=| echo x`.
        // After a word (prose's "Q&A; cat videos") it needs a shell argument, as above.
        if (doubled || !ScanText.isLetter(text[before])) && next == ASCII.space && ScanText.isWordByte(text[end + 1]) { return true }
        // Tools an attacker reaches for, with any argument: `; busybox telnetd`.
        if next == ASCII.space && ScanText.isLetter(text[end + 1]) {
            for tool: StaticString in ["busybox", "powershell", "pwsh", "certutil", "nc", "ncat", "netcat", "socat", "telnet", "tftp", "nmap"]
            where text.word(tool, at: start) != nil {
                return true
            }
        }
        // Prose puts a space after `;` and around `|`; a command glued to its separator is shell
        // (`x;echo vulnerable`, `1|id`), unless it is the next parameter (`&name=`).
        let glued = start == from && (text[separator] != ASCII.ampersand || doubled)
        if glued && (next == ASCII.space || next == 0 || next == ASCII.semicolon || next == ASCII.bar || next == ASCII.ampersand || next == ASCII.backtick || next == ASCII.hash || ScanText.isQuote(next)) {
            return true
        }
        // `net user`, `net localgroup`: Windows' account listing.
        if text.word("net", at: start) != nil && text[end] == ASCII.space {
            for what: StaticString in ["user", "users", "localgroup", "view", "share", "group"] where text.word(what, at: end + 1) != nil {
                return true
            }
        }
        guard alone else { return false }
        // `ps aux`, `uname a`: a standalone command with one short word of options is still alone.
        var last = end, following = next
        if next == ASCII.space && ScanText.isLetter(text[end + 1]) {
            let word = text.wordEnd(end + 1)
            let byte = text[word]
            let terminator = byte == ASCII.space ? text[word + 1] : byte
            if word - end - 1 <= 3 && (terminator == 0 || terminator == ASCII.semicolon || terminator == ASCII.bar || terminator == ASCII.ampersand || terminator == ASCII.hash
                                       || terminator == ASCII.backtick || terminator == ASCII.newline) {
                last = word
                following = byte
            }
        }
        // Alone and followed by another separator, a comment or a backtick (`; whoami;`) …
        let after = following == ASCII.space ? text[last + 1] : following
        if after == ASCII.semicolon || after == ASCII.bar || after == ASCII.ampersand || after == ASCII.backtick || after == ASCII.hash || after == ASCII.newline { return true }
        // … or ending the value, after a separator that follows a value rather than a word of prose ("we did it; id").
        let ends = after == 0 || following == ASCII.closeParen || ScanText.isQuote(following)
        guard ends else { return false }
        return doubled || start == from || !ScanText.isLetter(text[before])
    }

    /// A shell argument after a command: an option (`-la`), a path (`/etc/passwd`, `c:\`), a
    /// variable (`$HOME`, `${IFS}`), a number (`sleep 5`, `ping 10.0.0.1`), a URL, a brace list
    /// (`{cat,/etc/passwd}`), a redirection or a quote.
    private static func hasShellArgument(_ text: ScanText, _ end: Int) -> Bool {
        if text[end] == ASCII.dollar { return true }
        guard text[end] == ASCII.space else { return false }
        let argument = end + 1
        let first = text[argument]
        switch first {
        case ASCII.minus: return ScanText.isLetter(text[argument + 1]) || text[argument + 1] == ASCII.minus
        case ASCII.slash, ASCII.backslash, ASCII.dollar, ASCII.greaterThan, ASCII.lessThan, ASCII.openBrace: return true
        case ASCII.apostrophe, ASCII.quote: return ScanText.isLetter(text[argument + 1]) || text[argument + 1] == ASCII.slash
        case ASCII.zero...ASCII.nine: return true
        case ASCII.c: return text[argument + 1] == ASCII.colon && (text[argument + 2] == ASCII.backslash || text[argument + 2] == ASCII.slash)
        case ASCII.h: return text.has("http://", at: argument) || text.has("https://", at: argument)
        default: return text.has("..", at: argument)
        }
    }

    private static func isNetworkCommand(_ text: ScanText, _ start: Int) -> Bool {
        for name: StaticString in ["ping", "nslookup", "dig", "wget", "curl", "nc", "ncat", "telnet", "tftp", "host", "nmap"]
        where text.word(name, at: start) != nil {
            return true
        }
        return false
    }

    /// A host name or address as the argument: `attacker.example`, `10.0.0.1`.
    private static func hasHostArgument(_ text: ScanText, _ end: Int) -> Bool {
        guard text[end] == ASCII.space else { return false }
        var index = end + 1
        var dots = 0
        while ScanText.isWordByte(text[index]) || text[index] == ASCII.dot || text[index] == ASCII.minus {
            if text[index] == ASCII.dot { dots += 1 }
            index += 1
        }
        return dots > 0 && index > end + 3 && text[index - 1] != ASCII.dot
    }

    /// `` `id` ``, `` 1`cat /etc/passwd` ``: a backtick that does not follow a space (markdown in
    /// prose does), a command, and the closing backtick.
    private static func substitutes(_ text: ScanText, backtick: Int) -> Bool {
        if text[backtick - 1] == ASCII.space {
            // After a space only as a command's argument (`echo `id``), not in prose ("use `ls`").
            var word = backtick - 2
            while ScanText.isWordByte(text[word - 1]) { word -= 1 }
            guard let (end, _) = commandAt(text, word), end == backtick - 1 else { return false }
        }
        var start = text.skipSpace(backtick + 1)
        if text[start] == ASCII.openBrace { start += 1 }
        guard let (end, _) = commandAt(text, start) else { return false }
        var close = end
        while close < text.count && close - backtick < 160 && text[close] != ASCII.backtick { close += 1 }
        return text[close] == ASCII.backtick && (text[end] == ASCII.backtick || text[end] == ASCII.space || text[end] == ASCII.dollar || text[end] == ASCII.comma)
    }

    /// Shellshock: `() {` then a short body closed by `}` (`() { :; };`, `() { _; }`), where the
    /// brackets do not follow a word (`function () { return; }` is JavaScript).
    static func definesFunction(_ text: ScanText, _ open: Int) -> Bool {
        var index = text.skipSpace(open + 1)
        guard text[index] == ASCII.closeParen else { return false }
        index = text.skipSpace(index + 1)
        guard text[index] == ASCII.openBrace else { return false }
        var before = open - 1
        if text[before] == ASCII.space { before -= 1 }
        guard !ScanText.isWordByte(text[before]) else { return false }
        let body = index + 1
        var close = body
        while close < text.count && close - body < 24 && text[close] != ASCII.closeBrace { close += 1 }
        guard text[close] == ASCII.closeBrace else { return false }
        return (body..<close).contains { text[$0] == ASCII.semicolon || text[$0] == ASCII.colon }
    }

    // MARK: Templates and evaluation

    /// A template expression from `open` to `close`: arithmetic on numbers (`7*7`, `7*'7'`), a
    /// dunder (`__class__`), an object templates expose (`config`, `self`, `request`, `lipsum`),
    /// JNDI lookups (`jndi:`, `::-j`), or Spring's `T(…)`. `{{name}}` and `${HOME}` are neither.
    private static func templateExpression(_ text: ScanText, open: Int, close: UInt8) -> StaticString? {
        var index = text.skipSpace(open)
        if text.has("jndi:", at: index) || text.has("::-", at: index) || (text[index] == ASCII.dollar && text[index + 1] == ASCII.openBrace) {
            return "a JNDI lookup ${jndi:…}"
        }
        if text[index] == ASCII.t && text[index + 1] == ASCII.openParen { return "a template type expression T(…)" }
        for name: StaticString in ["config", "self", "request", "lipsum", "cycler", "joiner", "namespace", "range", "settings", "_self"] {
            if let end = text.word(name, at: index), [46, 40, 91, 124, close, 32].contains(text[end]) {
                return "a template expression that reaches an object"
            }
        }
        let limit = min(text.count, open + 200)
        while index < limit && text[index] != close {
            let byte = text[index]
            if byte == ASCII.underscore && text[index + 1] == ASCII.underscore { return "a dunder (__…__) in a template expression" }
            if byte == ASCII.asterisk, ScanText.isDigit(text[index - 1]) || (text[index - 1] == ASCII.space && ScanText.isDigit(text[index - 2])) {
                let right = text.skipSpace(index + 1)
                if ScanText.isDigit(text[right]) || (ScanText.isQuote(text[right]) && ScanText.isDigit(text[right + 1])) {
                    return "arithmetic in a template expression"
                }
            }
            index += 1
        }
        return nil
    }

    /// Calls that run code or commands, with what a payload passes them: `system('id')`,
    /// `eval(base64_decode(…))`, `__import__('os')`, `Runtime.getRuntime().exec`, `phpinfo()`.
    /// Called for the word `start..<end` before a `(`.
    private static func evaluates(_ text: ScanText, _ start: Int, _ end: Int) -> StaticString? {
        switch text[start] {
        case ASCII.underscore:
            return text.word("__import__", at: start) != nil && text[text.skipSpace(end)] == ASCII.openParen ? "__import__()" : nil
        case ASCII.g:
            return text.word("getruntime", at: start) != nil && text[end] == ASCII.openParen ? "Runtime.getRuntime()" : nil
        case ASCII.p:
            if text.word("phpinfo", at: start) != nil && text[text.skipSpace(end)] == ASCII.openParen { return "phpinfo()" }
        default:
            break
        }
        var isCall = false
        for name: StaticString in ["system", "exec", "passthru", "shell_exec", "popen", "proc_open", "pcntl_exec", "eval", "assert",
                                   "execsync", "spawnsync"] where text.word(name, at: start) != nil {
            isCall = true
            break
        }
        guard isCall, text[text.skipSpace(end)] == ASCII.openParen else { return nil }
        let argument = text.skipSpace(text.skipSpace(end) + 1)
        let first = text[argument]
        if ScanText.isQuote(first) || first == ASCII.backtick {
            // A literal argument that is a command or code: `system('id')`, `exec("cat /etc/passwd")`.
            let inside = text.skipSpace(argument + 1)
            if commandAt(text, inside) != nil || text[inside] == ASCII.slash { return "an eval-like call with a command" }
            return nil
        }
        if first == ASCII.dollar { return "an eval-like call with a request variable" }
        for decoder: StaticString in ["base64_decode", "atob", "gzinflate", "str_rot13", "string.fromcharcode", "chr", "request", "hex2bin"]
        where text.has(decoder, at: argument) {
            return "an eval-like call with decoded input"
        }
        return nil
    }
}
