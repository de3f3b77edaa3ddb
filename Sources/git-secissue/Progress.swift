import Foundation
import SecIssueKit

/// A status line on standard error for work that runs long (an import of thousands of results,
/// gigabytes of logs). It appears only when standard error is a terminal and the work has taken
/// more than `delay` seconds, is redrawn at most ten times a second, and is erased when the work
/// ends, so pipes, files and CI logs never see it.
final class Progress {
    private let label: String
    private let delay: TimeInterval
    private let enabled: Bool
    private let start = Date()
    private var lastDrawn: TimeInterval = 0
    private var shown = false

    init(_ label: String, delay: TimeInterval = 1.5, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.delay = delay
        self.enabled = enabled
    }

    /// Shows `stage` (`reading scan.sarif: 120 MB`) once the delay has passed.
    func update(_ stage: String) {
        guard enabled else { return }
        let elapsed = Date().timeIntervalSince(start)
        guard elapsed >= delay, elapsed - lastDrawn >= 0.1 || !shown else { return }
        lastDrawn = elapsed
        shown = true
        var line = SafeText.escape("git secissue: \(label): \(stage) (\(Int(elapsed))s)", for: .terminal)
        if let width = Self.width, line.count >= width { line = String(line.prefix(width - 2)) + "…" }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
    }

    /// Erases the line, if one was shown.
    func finish() {
        guard shown else { return }
        shown = false
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private static var width: Int? {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
