import Foundation

/// Reads a SARIF 2.1.0 file, refusing anything that is not one with a sentence that says why.
public enum SARIFReader {
    /// Reads the log at `path`, or standard input when `path` is `-`. Logs over `limitMB` are
    /// refused before parsing (config.yml `import.max_sarif_mb` raises it).
    static func read(_ path: String, limitMB: Int = Config.defaultMaxSARIFMB) throws -> SARIF.Log {
        try decode(try data(path, limitMB: limitMB), path: path == "-" ? "standard input" : path)
    }

    /// The bytes of `path` (`-`: standard input), refused when missing or over the limit.
    static func data(_ path: String, limitMB: Int) throws -> Data {
        let limit = limitMB << 20
        if path == "-" {
            guard let data = try StandardInput.read(limit: limit) else { throw tooLarge("standard input", size: nil, limitMB: limitMB) }
            return data
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              (attributes[.type] as? FileAttributeType) == .typeRegular else {
            throw SecIssueError("\(path): no such file: give the SARIF file (or other scanner output) a scanner wrote, or - for standard input",
                                code: SecIssueError.Code.invalidInput)
        }
        let size = (attributes[.size] as? Int) ?? 0
        if size > limit { throw tooLarge(path, size: size, limitMB: limitMB) }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// `size` is nil for standard input, read only as far as the limit.
    private static func tooLarge(_ name: String, size: Int?, limitMB: Int) -> SecIssueError {
        let amount = size.map { String(format: "%.1f MB is", Double($0) / 1_048_576) } ?? "more was given than"
        return SecIssueError("\(name): \(amount) over the \(limitMB) MB limit for a SARIF file: split the scan, or raise import.max_sarif_mb in .security/config.yml",
                             code: SecIssueError.Code.invalidInput)
    }

    static func decode(_ data: Data, path: String) throws -> SARIF.Log {
        let log: SARIF.Log
        do {
            log = try JSONDecoder().decode(SARIF.Log.self, from: data)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty, let problem = JSONLimits.problem(in: data) {
                throw SecIssueError("\(path): not a SARIF 2.1.0 log: \(problem)", code: SecIssueError.Code.invalidInput)
            }
            throw SecIssueError("\(path): not a SARIF 2.1.0 log: \(describe(error))", code: SecIssueError.Code.invalidInput)
        } catch {
            throw SecIssueError("\(path): not valid JSON (\(error.localizedDescription)): is the file complete and is it SARIF?", code: SecIssueError.Code.invalidInput)
        }
        guard let version = log.version else {
            throw SecIssueError("\(path): no \"version\": a SARIF log starts with \"version\": \"2.1.0\"", code: SecIssueError.Code.invalidInput)
        }
        guard version == "2.1.0" else {
            throw SecIssueError("\(path): SARIF version \(version) is not supported: export SARIF 2.1.0 from the scanner", code: SecIssueError.Code.invalidInput)
        }
        guard log.runs != nil else {
            throw SecIssueError("\(path): no \"runs\" array: the log has no scanner runs to import", code: SecIssueError.Code.invalidInput)
        }
        return log
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let components = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return components.isEmpty ? "the top level" : String(components.drop { $0 == "." })
        }
        switch error {
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "not valid JSON (truncated or not JSON at all)" }
            return "\(path(context)): \(context.debugDescription)"
        case .keyNotFound(let key, let context): return "\(path(context)): missing \"\(key.stringValue)\""
        case .typeMismatch(let type, let context): return "\(path(context)): expected \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)): expected \(type), found null"
        @unknown default: return "\(error)"
        }
    }
}
