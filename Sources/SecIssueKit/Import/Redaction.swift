import Crypto
import Foundation

/// Keeps secrets found by secret scanners out of every git object: each is replaced by
/// `[redacted sha256:<12 hex>]`, which still tells two secrets apart.
enum Redaction {
    static let secretTools: Set<String> = ["gitleaks", "detect-secrets", "trufflehog", "ggshield"]

    /// True for a secret scanner's tool name, a rule tagged as being about secrets, or a rule
    /// whose id says so (Checkov's CKV_SECRET_*).
    static func isSecret(tool: String, rule: String, tags: [String]) -> Bool {
        secretTools.contains(tool.lowercased()) || tags.contains { ["secret", "secrets"].contains($0.lowercased()) }
            || rule.lowercased().contains("secret")
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
            let end = min(endColumn.map { $0 - 1 } ?? scalars.count, scalars.count)
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
