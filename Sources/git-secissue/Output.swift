import ArgumentParser
import Foundation
import SecIssueKit

/// Results go to stdout; diagnostics, one line each, to stderr.
/// Text is escaped for a terminal on its way out: it holds titles, paths, rule ids, snippets and
/// file names from scanners and finding files, and an escape sequence in one of them must not
/// act on the terminal (or a CI log viewer). JSON keeps its meaning (`SafeText` escapes as JSON does).
enum Output {
    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data(SafeText.escape(text, for: .terminal).utf8))
    }

    static func print(bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// A table as `Listing` lays it out: its cells are escaped for the terminal already, and the
    /// rest is spaces and line breaks, so it is written as it is rather than scanned again.
    static func print(table listing: Listing, width: Int?) {
        print(bytes: listing.tableBytes(width: width))
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data((SafeText.escape(text, for: .terminal) + "\n").utf8))
    }

    static func error(_ text: String) {
        note("git secissue: error: \(text)")
    }

    static func warning(_ text: String) {
        note("git secissue: warning: \(text)")
    }

    /// Prints the error that ends the command, as text or JSON (`ErrorFormat`); `hint` follows
    /// the text form on a line of its own.
    static func fail(_ error: ErrorBoundary.Description, hint: String? = nil, extra: [(String, JSONValue)] = []) {
        switch ErrorFormat.current {
        case .json:
            FileHandle.standardError.write(Data(ErrorBoundary.json(code: error.code, message: error.message, extra: extra).renderedBytes()))
        case .text:
            self.error(error.message)
            if let hint { note(hint) }
        }
    }

    /// Prints `value` as JSON on standard output.
    static func json(_ value: JSONValue) {
        print(bytes: value.renderedBytes())
    }

    /// Reports a filing: its notes and skipped results, its counts (on stdout, or as a note
    /// after `countsLabel`), and where the write landed.
    static func filed(_ filed: Filed, countsLabel: String? = nil) {
        filed.report.notes.forEach { note("note: \($0)") }
        filed.report.warnings.forEach { warning($0) }
        filed.report.skipped.forEach { warning("skipped \($0)") }
        if let countsLabel {
            note("\(countsLabel): \(filed.report.counts)")
        } else {
            print(filed.report.counts + "\n")
        }
        if filed.outcome != .unchanged { report(filed.outcome, message: filed.message) }
        if !filed.report.live.isEmpty {
            note("live values of \(filed.report.live.count) finding(s) updated in \(LiveState.reference) (no commit)")
        }
    }

    /// Fails the command with exit status 2: the gate's reasons as notes, then `summary` as the error.
    static func failGate(_ reasons: [String], summary: String) throws -> Never {
        if ErrorFormat.current == .text { reasons.forEach { note("gate: " + SafeText.escape($0, for: .terminalLine)) } }
        fail(ErrorBoundary.Description(message: summary, status: 2, code: SecIssueError.Code.gateFailed), extra: [("reasons", .strings(reasons))])
        throw ExitCode(2)
    }

    /// Says where a write landed, as `git commit` does.
    static func report(_ outcome: WriteOutcome, message: String) {
        let subject = message.prefix { $0 != "\n" }
        switch outcome {
        case .unchanged: note("nothing to change")
        case .committed(let commit, let ref):
            let name = ref.hasPrefix("refs/heads/") ? String(ref.dropFirst(11)) : ref
            note("[\(name) \(commit.short())] \(subject)")
        case .staged(let paths): note("staged \(paths.joined(separator: ", ")) (not committed)")
        }
    }

    /// Shows long text through the pager as git does (GIT_PAGER, core.pager, PAGER, else `less -R`),
    /// only on a terminal; the pager command is the user's own setting, run through /bin/sh like git's.
    static func page(_ text: String, noPager: Bool, repository workspace: Workspace) {
        let environment = ProcessInfo.processInfo.environment
        let pager = [environment["GIT_PAGER"], (try? workspace.configString("core.pager")) ?? nil, environment["PAGER"]]
            .compactMap { $0 }.first ?? "less -R"
        guard !noPager, isatty(STDOUT_FILENO) == 1, !pager.isEmpty, pager != "cat" else { return print(text) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", pager]
        var environmentForPager = environment
        if environmentForPager["LESS"] == nil { environmentForPager["LESS"] = "FRX" }
        process.environment = environmentForPager
        let input = Pipe()
        process.standardInput = input
        do {
            try process.run()
            input.fileHandleForWriting.write(Data(SafeText.escape(text, for: .terminal).utf8))
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        } catch {
            print(text)
        }
    }

    /// Today in UTC, for overdue marks.
    static var today: String { Timestamp.day(Date()) }

    static var isTerminal: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// The width tables are fitted to when standard output is a terminal: `COLUMNS`, else the
    /// terminal's own (`ioctl(TIOCGWINSZ)`); nil when it is not a terminal, so a pipe or a file
    /// gets every cell whole.
    static var terminalWidth: Int? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap({ Int($0) }), columns > 0 { return columns }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
