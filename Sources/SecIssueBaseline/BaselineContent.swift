import SecIssueKit

/// `baseline record --with-content`: small text files are kept beside the baseline, in
/// `.security/baselines/NAME.content/<path>`, with secrets redacted, so that `baseline check`
/// shows how a changed file differs (a unified diff) instead of two hashes.
public enum BaselineContent {
    /// Larger files keep their hash only: a recorded copy is for reading in a review.
    public static let maxBytes = 64 * 1024

    /// The directory of the recorded copies of baseline `name`.
    public static func directory(_ name: String) -> String { "\(Baseline.directory)/\(name).content" }

    /// The repository path of the copy of `file` (a path inside the root, `/etc/nginx/nginx.conf`).
    public static func path(_ name: String, file: String) -> String { directory(name) + file }

    /// The text of a regular file below `root` as it is kept (secrets redacted), or why it is not:
    /// missing, larger than `maxBytes`, or not text (a NUL byte, or not UTF-8).
    static func text(root: RootDirectory, file: String) -> Result<String, RootDirectory.Failure> {
        guard let bytes = root.readBytes(file.split(separator: "/").map(String.init), limit: maxBytes + 1) else {
            return .failure(.init(reason: "cannot be read"))
        }
        guard bytes.count <= maxBytes else { return .failure(.init(reason: "is larger than \(maxBytes / 1024) KiB")) }
        guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else { return .failure(.init(reason: "is not text")) }
        return .success(SecretRedaction.redact(text))
    }

    /// The copies to keep for `baseline`'s regular files, by repository path, and a warning for
    /// each file left out.
    public static func record(_ baseline: Baseline, root: String) throws -> (copies: [String: String], warnings: [String]) {
        let directory = try RootDirectory(root)
        var copies: [String: String] = [:]
        var warnings: [String] = []
        for file in baseline.files where file.kind == .file {
            switch text(root: directory, file: file.path) {
            case .success(let text): copies[path(baseline.name, file: file.path)] = text
            case .failure(let failure): warnings.append("\(file.path) \(failure.reason): its content is not kept, only its hash")
            }
        }
        return (copies, warnings)
    }

    /// Each drift whose content changed, with the diff from the recorded copy (read through
    /// `stored`) to the file's content now; drift without a copy is left as it is.
    public static func addDiffs(_ drift: [BaselineDrift], baseline: Baseline, root: String,
                                stored: (String) throws -> [UInt8]?) throws -> [BaselineDrift] {
        let directory = try RootDirectory(root)
        return try drift.map { item in
            guard item.rule == "file", item.kind == .changed, item.changes.contains("content"),
                  let copy = try stored(path(baseline.name, file: item.entry)) else { return item }
            var item = item
            switch text(root: directory, file: item.entry) {
            case .success(let now):
                item.diff = try UnifiedDiff.text(old: String(decoding: copy, as: UTF8.self), new: now, path: String(item.entry.dropFirst()))
            case .failure(let failure):
                item.diff = nil
                item.changes.append("no diff: the file now \(failure.reason)")
            }
            return item
        }
    }
}
