import Foundation

/// Reads a SARIF 2.1.0 file, refusing anything that is not one with a sentence that says why.
public enum SARIFReader {
    /// Larger logs are refused before parsing (config.yml `import.max_sarif_mb` raises it).

    static func read(_ path: String, limitMB: Int = Config.defaultMaxSARIFMB) throws -> SARIF.Log {
        let url = URL(fileURLWithPath: path)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              (attributes[.type] as? FileAttributeType) == .typeRegular else {
            throw SecIssueError("\(path): no such file: give the SARIF file a scanner wrote")
        }
        let size = (attributes[.size] as? Int) ?? 0
        if size > limitMB << 20 {
            throw SecIssueError(String(format: "%@: %.1f MB is over the %d MB limit for a SARIF file: split the scan, or raise import.max_sarif_mb in .security/config.yml",
                                       path, Double(size) / 1_048_576, limitMB))
        }
        return try decode(try Data(contentsOf: url), path: path)
    }

    static func decode(_ data: Data, path: String) throws -> SARIF.Log {
        let log: SARIF.Log
        do {
            log = try JSONDecoder().decode(SARIF.Log.self, from: data)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty, let problem = JSONLimits.problem(in: data) {
                throw SecIssueError("\(path): not a SARIF 2.1.0 log: \(problem)")
            }
            throw SecIssueError("\(path): not a SARIF 2.1.0 log: \(describe(error))")
        } catch {
            throw SecIssueError("\(path): not valid JSON (\(error.localizedDescription)): is the file complete and is it SARIF?")
        }
        guard let version = log.version else {
            throw SecIssueError("\(path): no \"version\": a SARIF log starts with \"version\": \"2.1.0\"")
        }
        guard version == "2.1.0" else {
            throw SecIssueError("\(path): SARIF version \(version) is not supported: export SARIF 2.1.0 from the scanner")
        }
        guard log.runs != nil else {
            throw SecIssueError("\(path): no \"runs\" array: the log has no scanner runs to import")
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
