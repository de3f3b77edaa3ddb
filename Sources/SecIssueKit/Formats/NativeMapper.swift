import Foundation

/// Turns the native JSON of scanners that are not SARIF into `ScanResult`s for the one filing
/// pipeline (which redacts every string by content before anything is written). Each format
/// maps to one scope, (tool, category); a finding of that scope missing from a later complete
/// import is fixed, as with SARIF.
struct NativeMapper {
    let format: ScanFormat
    let path: String
    let config: Config
    /// The working tree's top directory, for absolute paths in the output; nil in a bare repository.
    let root: String?
    let source: ResultMapper.SourceReader
    let toolOverride: String?
    let category: String?
    var results: [ScanResult] = []
    var skipped: [String] = []
    var notes: [String] = []

    var tool: String { toolOverride.map(Self.slug) ?? format.rawValue }

    /// A sentence naming the file and the format, for input that has the format's shape but not its content.
    func problem(_ what: String) -> SecIssueError { SecIssueError("\(path): \(format.name), but \(what)") }

    mutating func map(_ json: Any) throws {
        switch format {
        case .sarif: break
        case .osvScanner: try mapOSVScanner(json)
        case .pipAudit: try mapPipAudit(json)
        case .npmAudit: try mapNPMAudit(json)
        case .trivy: try mapTrivy(json)
        case .gitleaks: try mapGitleaks(json)
        case .detectSecrets: try mapDetectSecrets(json)
        case .cycloneDX: try mapCycloneDX(json)
        case .defectDojo: try mapDefectDojo(json)
        }
    }

    /// A result with the fields every format fills the same way.
    func result(rule: String, title: String, severity: Severity, cwe: [Int] = [], location: Finding.Location?, message: String,
                helpURI: String? = nil, fingerprint: String, version: String? = nil) -> ScanResult {
        var result = ScanResult(tool: tool, toolVersion: version, rule: rule, category: category ?? "default",
                                title: ResultMapper.title(rule: nil, ruleID: rule, message: title), severity: severity, cwe: cwe,
                                location: location, message: message,
                                helpURI: helpURI.flatMap { $0.hasPrefix("https://") || $0.hasPrefix("http://") ? $0 : nil },
                                fingerprint: fingerprint)
        if let override = config.severityOverrides.configured(tool: tool, rule: rule)?.severity { result.severity = override }
        return result
    }

    // MARK: Dependency scanners

    private mutating func mapOSVScanner(_ json: Any) throws {
        guard let sources = (json as? [String: Any])?["results"] as? [[String: Any]] else { throw problem("no \"results\" list") }
        for (index, entry) in sources.enumerated() {
            guard let origin = (entry["source"] as? [String: Any])?["path"] as? String else {
                throw problem("results[\(index)] has no source.path")
            }
            let manifest = repositoryPath(origin)
            for package in entry["packages"] as? [[String: Any]] ?? [] {
                guard let info = package["package"] as? [String: Any], let name = info["name"] as? String else {
                    throw problem("results[\(index)] has a package without package.name")
                }
                let version = info["version"] as? String ?? "?"
                let records: [OSVRecord] = try (package["vulnerabilities"] as? [Any] ?? []).map { vulnerability in
                    do {
                        return try JSONDecoder().decode(OSVRecord.self, from: JSONSerialization.data(withJSONObject: vulnerability))
                    } catch {
                        throw problem("results[\(index)] \(name): a vulnerability that is not an OSV record")
                    }
                }
                let groups = (package["groups"] as? [[String: Any]])?.compactMap { $0["ids"] as? [String] } ?? records.map { [$0.id] }
                let scores = (package["groups"] as? [[String: Any]] ?? []).map { ($0["ids"] as? [String] ?? [], Double($0["max_severity"] as? String ?? "")) }
                for ids in groups {
                    guard let record = records.first(where: { ids.contains($0.id) }) ?? records.first(where: { $0.id == ids.first }) else { continue }
                    let score = scores.first { $0.0 == ids }?.1 ?? nil
                    let severity = score.map(CVSS.severity(score:)) ?? record.rating?.severity ?? .medium
                    let fixed = (record.affected ?? []).filter { $0.package?.name == name }
                        .flatMap { ($0.ranges ?? []).filter { $0.type != "GIT" }.flatMap { $0.events.compactMap(\.fixed) } }
                    results.append(result(
                        rule: record.id, title: record.summary ?? "\(record.id) in \(name)", severity: severity, cwe: [1395],
                        location: manifest.map { Finding.Location(path: $0) },
                        message: dependencyMessage(name: name, version: version, id: record.id, aliases: Set(ids + record.sortedAliases).subtracting([record.id]).sorted(),
                                                   details: record.details ?? record.summary, fixed: fixed,
                                                   references: (record.references ?? []).map(\.url)),
                        helpURI: "https://osv.dev/vulnerability/\(record.id)",
                        fingerprint: "v1/osv-scanner:\(info["ecosystem"] as? String ?? "")/\(name)@\(manifest ?? origin)#\(record.id)"))
                }
            }
        }
    }

    private mutating func mapPipAudit(_ json: Any) throws {
        guard let dependencies = (json as? [String: Any])?["dependencies"] as? [[String: Any]] else { throw problem("no \"dependencies\" list") }
        for (index, dependency) in dependencies.enumerated() {
            guard let name = dependency["name"] as? String else { throw problem("dependencies[\(index)] has no name") }
            if let reason = dependency["skip_reason"] as? String {
                notes.append("\(path): pip-audit skipped \(name): \(reason)")
                continue
            }
            let version = dependency["version"] as? String ?? "?"
            for vulnerability in dependency["vulns"] as? [[String: Any]] ?? [] {
                guard let id = vulnerability["id"] as? String else { throw problem("dependencies[\(index)] (\(name)) has a vulnerability without an id") }
                let aliases = vulnerability["aliases"] as? [String] ?? []
                let description = vulnerability["description"] as? String
                results.append(result(
                    rule: id, title: "\(name) \(version): \(description.map { ResultMapper.title(rule: nil, ruleID: id, message: $0) } ?? id)",
                    severity: .medium, cwe: [1395], location: nil,
                    message: dependencyMessage(name: name, version: version, id: id, aliases: aliases, details: description,
                                               fixed: vulnerability["fix_versions"] as? [String] ?? [], references: []),
                    helpURI: "https://osv.dev/vulnerability/\(id)", fingerprint: "v1/pip-audit:\(name.lowercased())#\(id)"))
            }
        }
    }

    private mutating func mapNPMAudit(_ json: Any) throws {
        guard let vulnerabilities = (json as? [String: Any])?["vulnerabilities"] as? [String: Any] else { throw problem("no \"vulnerabilities\" object") }
        let lock = try source("package-lock.json") != nil ? "package-lock.json" : nil
        for name in vulnerabilities.keys.sorted() {
            guard let entry = vulnerabilities[name] as? [String: Any] else { throw problem("vulnerabilities.\(name) is not an object") }
            // A `via` that is a string names the dependency the advisory comes through: it is reported there.
            for via in entry["via"] as? [Any] ?? [] {
                guard let advisory = via as? [String: Any] else { continue }
                let url = advisory["url"] as? String
                let id = url.flatMap { $0.split(separator: "/").last.map(String.init) }.flatMap { $0.hasPrefix("GHSA-") ? $0 : nil }
                    ?? (advisory["source"]).map { "npm-\($0)" } ?? "npm-advisory"
                let title = advisory["title"] as? String ?? id
                let cwe = (advisory["cwe"] as? [String] ?? []).compactMap { Int($0.uppercased().replacingOccurrences(of: "CWE-", with: "")) }
                let score = (advisory["cvss"] as? [String: Any])?["score"] as? Double
                let severity = score.flatMap { $0 > 0 ? CVSS.severity(score: $0) : nil } ?? Self.severity(advisory["severity"] as? String) ?? .medium
                var message = "`\(SafeText.escape(name, for: .markdownInline))` (\(SafeText.escape(advisory["range"] as? String ?? "?", for: .markdownInline))) is affected by \(SafeText.escape(title, for: .markdownInline))."
                if let fix = entry["fixAvailable"] as? [String: Any], let version = fix["version"] as? String {
                    message += "\n\n- **Fix:** \(SafeText.escape("\(fix["name"] as? String ?? name) \(version)", for: .markdownCode))"
                } else if entry["fixAvailable"] as? Bool == true {
                    message += "\n\n- **Fix:** npm audit fix"
                }
                results.append(result(rule: id, title: "\(name): \(title)", severity: severity, cwe: cwe.isEmpty ? [1395] : cwe,
                                      location: lock.map { Finding.Location(path: $0) }, message: message, helpURI: url,
                                      fingerprint: "v1/npm-audit:\(name)#\(id)"))
            }
        }
    }

    /// The description of a vulnerable dependency: what, aliases, details, fixes, references.
    func dependencyMessage(name: String, version: String, id: String, aliases: [String], details: String?, fixed: [String], references: [String]) -> String {
        func code(_ text: String) -> String { SafeText.escape(text, for: .markdownCode) }
        var parts = ["\(code(name)) \(code(version)) is affected by \(code(id))" + (aliases.isEmpty ? "." : " (\(aliases.map(code).joined(separator: ", "))).")]
        if let details, !details.isEmpty {
            let clipped = details.count > 2_000 ? String(details.prefix(2_000)) + " …" : details
            parts.append(clipped.split(separator: "\n", omittingEmptySubsequences: false).map { SafeText.escape(String($0), for: .markdownInline) }.joined(separator: "\n"))
        }
        parts.append("- **Fixed in:** " + (fixed.isEmpty ? "no fixed version is published" : fixed.map(code).joined(separator: ", ")))
        let links = references.prefix(12).map { "- " + (Self.linkable($0) ? "<\($0)>" : code($0)) }
        if !links.isEmpty { parts.append("References:\n\n" + links.joined(separator: "\n")) }
        return parts.joined(separator: "\n\n")
    }

    static func linkable(_ url: String) -> Bool {
        (url.hasPrefix("https://") || url.hasPrefix("http://")) && !url.contains { $0.isWhitespace || "()<>[]`\"".contains($0) }
    }

    /// A scanner's severity word; nil for one it does not know.
    static func severity(_ label: String?) -> Severity? {
        switch label?.lowercased() {
        case "critical": .critical
        case "high", "error": .high
        case "medium", "moderate", "warning": .medium
        case "low", "note": .low
        case "info", "informational", "negligible", "none": .info
        default: nil
        }
    }

    static func slug(_ name: String) -> String {
        let lowered = name.lowercased().map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "-" }
        return String(lowered).split(separator: "-").joined(separator: "-")
    }

    /// A path from the output as a repository path: relative ones as they are, absolute ones
    /// inside the working tree made relative; nil for one outside it or with `..` escaping it.
    func repositoryPath(_ text: String) -> String? {
        var path = text
        if path.hasPrefix("/") {
            guard let root else { return nil }
            let prefix = root.hasSuffix("/") ? root : root + "/"
            guard path.hasPrefix(prefix) else { return nil }
            path = String(path.dropFirst(prefix.count))
        }
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }
}
