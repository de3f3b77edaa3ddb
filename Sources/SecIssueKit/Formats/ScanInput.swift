import Foundation

/// One file given to `import` or `ci` (`-` for standard input), read once: refused when missing
/// or too large, and told apart by shape into a SARIF log or a scanner's own JSON. SARIF is
/// decoded by `SARIFReader`, whose messages say what is wrong with a log; a file that is not JSON
/// at all is too, as it was meant to be SARIF more often than not.
enum ScanInput {
    case sarif(SARIF.Log)
    case native(ScanFormat, Any)

    static func open(_ path: String, limitMB: Int, tool: String?) throws -> ScanInput {
        let label = path == "-" ? "standard input" : path
        let data = try SARIFReader.data(path, limitMB: limitMB)
        // SARIF is by far the most common input and can be tens of megabytes: known from its
        // opening bytes without parsing it twice.
        let head = String(decoding: data.prefix(4096), as: UTF8.self)
        if head.range(of: #""runs"\s*:|"\$schema"\s*:\s*"[^"]*sarif"#, options: [.regularExpression, .caseInsensitive]) != nil {
            return .sarif(try SARIFReader.decode(data, path: label))
        }
        guard let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            if head.drop(while: \.isWhitespace).hasPrefix("<") {
                throw SecIssueError("\(label): XML, not JSON: import reads SARIF 2.1.0 and the JSON of the scanners in docs/ci.md; export SARIF from the scanner")
            }
            return .sarif(try SARIFReader.decode(data, path: label))
        }
        if let object = json as? [String: Any], object["version"] is String,
           Set(object.keys).isSubset(of: ["version", "$schema", "runs", "inlineExternalProperties", "properties"]) {
            return .sarif(try SARIFReader.decode(data, path: label))
        }
        return .native(try ScanFormat.detect(json, path: label, tool: tool), json)
    }

    var log: SARIF.Log? { if case .sarif(let log) = self { return log } else { return nil } }
}
