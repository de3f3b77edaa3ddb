import Foundation

/// Opens one file given to `import`: refuses what is missing or too large, and tells SARIF from
/// the native formats by shape. SARIF is left to `SARIFReader`, whose messages say what is wrong
/// with a log; a file that is not JSON at all is too, as it was meant to be SARIF more often than not.
enum ScanInput {
    static func open(_ path: String, limitMB: Int, tool: String?) throws -> (format: ScanFormat, json: Any?) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              (attributes[.type] as? FileAttributeType) == .typeRegular else {
            throw SecIssueError("\(path): no such file: give the SARIF file (or other scanner output) a scanner wrote")
        }
        let size = (attributes[.size] as? Int) ?? 0
        if size > limitMB << 20 {
            throw SecIssueError(String(format: "%@: %.1f MB is over the %d MB limit for a SARIF file: split the scan, or raise import.max_sarif_mb in .security/config.yml",
                                       path, Double(size) / 1_048_576, limitMB))
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        // SARIF is by far the most common input and can be tens of megabytes: known from its
        // opening bytes without parsing it twice.
        let head = String(decoding: data.prefix(4096), as: UTF8.self)
        if head.range(of: #""runs"\s*:|"\$schema"\s*:\s*"[^"]*sarif"#, options: [.regularExpression, .caseInsensitive]) != nil {
            return (.sarif, nil)
        }
        guard let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            if head.drop(while: \.isWhitespace).hasPrefix("<") {
                throw SecIssueError("\(path): XML, not JSON: import reads SARIF 2.1.0 and the JSON of the scanners in docs/ci.md; export SARIF from the scanner")
            }
            return (.sarif, nil)
        }
        if let object = json as? [String: Any], object["version"] is String,
           Set(object.keys).isSubset(of: ["version", "$schema", "runs", "inlineExternalProperties", "properties"]) {
            return (.sarif, nil)
        }
        return (try ScanFormat.detect(json, path: path, tool: tool), json)
    }
}
