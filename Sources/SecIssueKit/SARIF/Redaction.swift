import Crypto
import Foundation

/// Keeps secrets found by secret scanners out of every git object: each is replaced by
/// `[redacted sha256:<12 hex>]`, which still tells two secrets apart.
enum Redaction {
    static let secretTools: Set<String> = ["gitleaks", "detect-secrets", "trufflehog", "ggshield"]

    /// CWEs of hard-coded or exposed credentials.
    static let secretCWEs: Set<Int> = [259, 260, 312, 315, 321, 522, 798]

    /// True for a secret scanner's output (by the log's own tool name or the one given), a rule
    /// tagged or named as being about secrets, or one whose CWEs are about credentials. Wide on
    /// purpose: a secret that reaches git cannot be taken back.
    static func isSecret(tools: [String], rule: String, ruleName: String?, tags: [String], cwe: [Int]) -> Bool {
        if tools.contains(where: { secretTools.contains($0.lowercased()) }) { return true }
        if tags.contains(where: { ["secret", "secrets", "credential", "credentials"].contains($0.lowercased()) }) { return true }
        if cwe.contains(where: secretCWEs.contains) { return true }
        let words = (rule + " " + (ruleName ?? "")).lowercased()
        return ["secret", "password", "passwd", "token", "credential", "api-key", "api_key", "apikey", "private-key", "private_key"]
            .contains { words.contains($0) }
    }

    /// Everything that may be the secret: the region's columns on its line, the snippet, and the
    /// quoted values on the flagged line and in the message and title.
    static func candidates(line: String?, startColumn: Int?, endColumn: Int?, snippet: String?, texts: [String]) -> [String] {
        var found = [secret(line: line, startColumn: startColumn, endColumn: endColumn, snippet: snippet)].compactMap { $0 }
        if let snippet = snippet?.trimmingCharacters(in: .whitespacesAndNewlines), !snippet.isEmpty { found.append(snippet) }
        for text in texts + [line ?? ""] {
            found += quoted(in: text).filter { $0.count >= 6 }
        }
        return Array(Set(found))
    }

    /// The contents of '...' and "..." in `text`.
    static func quoted(in text: String) -> [String] {
        var values: [String] = []
        for quote in ["'", "\""] {
            let parts = text.components(separatedBy: quote)
            stride(from: 1, to: parts.count - 1, by: 2).forEach { values.append(parts[$0]) }
        }
        return values
    }

    static func marker(_ secret: String) -> String {
        let hash = SHA256.hash(data: Array(secret.utf8))
        return "[redacted sha256:" + Hex.string(hash.prefix(6)) + "]"
    }

    /// The secret a region points at: the columns of its line (1-based, end exclusive), or the
    /// whole snippet when the region has no columns.
    static func secret(line: String?, startColumn: Int?, endColumn: Int?, snippet: String?) -> String? {
        if let line, let startColumn, startColumn >= 1 {
            let scalars = Array(line.unicodeScalars)
            let start = startColumn - 1
            // A column below 1 is "unknown", as for lines (ResultMapper): the rest of the line, the wider
            // guess. Checked before subtracting: a hostile log can write Int64.min, and `- 1` would trap.
            let end = min(endColumn.flatMap { $0 >= 1 ? $0 - 1 : nil } ?? scalars.count, scalars.count)
            if start < end {
                let text = String(String.UnicodeScalarView(scalars[start..<end])).trimmingCharacters(in: .whitespaces)
                if text.count >= 4 { return text }
            }
        }
        let trimmed = snippet?.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed?.isEmpty == false ? trimmed : nil
    }

    /// `text` with every occurrence of each secret replaced by its marker.
    static func redact(_ text: String, secrets: [String]) -> String {
        secrets.filter { !$0.isEmpty }.sorted { $0.count > $1.count }.reduce(text) { result, secret in
            result.replacingOccurrences(of: secret, with: marker(secret))
        }
    }
}
