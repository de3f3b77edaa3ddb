import Foundation

/// The scanner output formats `import` reads, recognised by their shape (not by file name),
/// and the ones it recognises but does not read, with the flag that makes the tool write SARIF.
public enum ScanFormat: String, CaseIterable, Sendable {
    case sarif
    case osvScanner = "osv-scanner"
    case pipAudit = "pip-audit"
    case npmAudit = "npm-audit"
    case trivy
    case gitleaks
    case detectSecrets = "detect-secrets"
    case cycloneDX = "cyclonedx"
    case defectDojo = "defectdojo"

    /// How error messages name the format.
    public var name: String {
        switch self {
        case .sarif: "SARIF"
        case .osvScanner: "OSV-Scanner JSON"
        case .pipAudit: "pip-audit JSON"
        case .npmAudit: "npm audit JSON (v2)"
        case .trivy: "Trivy JSON"
        case .gitleaks: "gitleaks JSON"
        case .detectSecrets: "detect-secrets baseline"
        case .cycloneDX: "CycloneDX VEX"
        case .defectDojo: "DefectDojo generic findings JSON"
        }
    }

    /// The format of a parsed JSON document; throws, naming what the document is and what to
    /// do, for anything else. `tool` is `--tool`: an empty array is a clean gitleaks scan only when it says so.
    public static func detect(_ json: Any, path: String, tool: String?) throws -> ScanFormat {
        func refuse(_ what: String, _ advice: String) -> SecIssueError {
            SecIssueError("\(path): this is \(what), which import does not read: \(advice)")
        }
        if let array = json as? [Any] {
            guard let first = array.first as? [String: Any] else {
                if array.isEmpty, tool?.lowercased() == "gitleaks" { return .gitleaks }
                throw SecIssueError(array.isEmpty
                    ? "\(path): an empty JSON array, which says nothing about the tool: gitleaks writes this when it finds nothing; give --tool gitleaks to import it as such"
                    : "\(path): a JSON array of \(array.first.map { "\(type(of: $0))" } ?? "values") is no scanner output this tool reads: export SARIF 2.1.0 from the scanner")
            }
            if first["RuleID"] != nil && (first["File"] != nil || first["Secret"] != nil) { return .gitleaks }
            if first["code"] is Int, first["file"] != nil, first["level"] != nil {
                throw refuse("ShellCheck JSON (shellcheck -f json)", "ShellCheck writes no SARIF; convert its JSON with shellcheck-sarif (sarif-rs): shellcheck -f json FILES | shellcheck-sarif > shellcheck.sarif")
            }
            if first["code"] is String, first["file"] != nil, first["level"] != nil {
                throw refuse("hadolint JSON", "run hadolint -f sarif Dockerfile > hadolint.sarif")
            }
            if first["filePath"] != nil, first["messages"] != nil {
                throw refuse("ESLint JSON", "run eslint -f @microsoft/eslint-formatter-sarif -o eslint.sarif")
            }
            throw SecIssueError("\(path): a JSON array of objects with \(keys(first)) is no scanner output this tool reads: export SARIF 2.1.0 from the scanner")
        }
        guard let object = json as? [String: Any] else {
            throw SecIssueError("\(path): a JSON \(type(of: json)) is no scanner output: export SARIF 2.1.0 from the scanner")
        }
        if object["runs"] != nil || (object["$schema"] as? String)?.lowercased().contains("sarif") == true { return .sarif }
        if object["plugins_used"] != nil, object["results"] is [String: Any] { return .detectSecrets }
        if object["auditReportVersion"] != nil {
            guard (object["auditReportVersion"] as? Int) == 2 else {
                throw refuse("npm audit JSON version \(object["auditReportVersion"] ?? "?")", "run npm 7 or later: npm audit --json writes version 2")
            }
            return .npmAudit
        }
        if object["advisories"] is [String: Any], object["actions"] != nil {
            throw refuse("npm audit JSON version 1 (npm 6)", "run npm 7 or later: npm audit --json writes version 2")
        }
        if object["SchemaVersion"] != nil, object["ArtifactName"] != nil || object["Results"] != nil { return .trivy }
        if (object["bomFormat"] as? String) == "CycloneDX" {
            guard object["vulnerabilities"] is [Any] else {
                throw refuse("a CycloneDX SBOM without vulnerabilities", "it lists components, not findings: check them with git secissue libs audit, or import a VEX document (with vulnerabilities)")
            }
            return .cycloneDX
        }
        if object["spdxVersion"] != nil {
            throw refuse("an SPDX SBOM", "it lists packages, not findings: check dependencies with git secissue libs audit")
        }
        if let dependencies = object["dependencies"] as? [[String: Any]], object["fixes"] != nil || dependencies.contains(where: { $0["vulns"] != nil }) {
            return .pipAudit
        }
        if let results = object["results"] as? [[String: Any]] {
            if results.isEmpty || results[0]["packages"] != nil && results[0]["source"] != nil { return .osvScanner }
            if results[0]["check_id"] != nil { throw refuse("Semgrep JSON", "run semgrep scan --sarif --output semgrep.sarif") }
            if results[0]["test_id"] != nil { throw refuse("Bandit JSON", "run bandit -r . -f sarif -o bandit.sarif (pip install bandit[sarif])") }
        }
        if let findings = object["findings"] as? [[String: Any]], findings.allSatisfy({ $0["title"] != nil }) { return .defectDojo }
        if object["check_type"] != nil || (object["results"] as? [String: Any])?["failed_checks"] != nil {
            throw refuse("Checkov JSON", "run checkov -d . -o sarif")
        }
        if object["Issues"] != nil, object["Stats"] != nil { throw refuse("gosec JSON", "run gosec -fmt sarif -out gosec.sarif ./...") }
        if object["scan_info"] != nil, object["warnings"] != nil { throw refuse("Brakeman JSON", "run brakeman -f sarif -o brakeman.sarif") }
        if object["matches"] != nil, object["descriptor"] != nil { throw refuse("Grype JSON", "run grype -o sarif") }
        if object["vulnerabilities"] != nil, object["packageManager"] != nil { throw refuse("Snyk JSON", "run snyk test --sarif-file-output=snyk.sarif") }
        if object["@programName"] != nil || object["site"] != nil && object["@version"] != nil {
            throw refuse("a ZAP JSON report", "generate the report with ZAP's sarif-json template")
        }
        if object["version"] != nil, object["results"] != nil {
            throw refuse("JSON with \"version\" \(object["version"] ?? "") and \"results\" but no \"runs\" (not SARIF)", "export SARIF 2.1.0 from the scanner")
        }
        throw SecIssueError("\(path): JSON with \(keys(object)) is no scanner output this tool reads (SARIF 2.1.0, \(ScanFormat.allCases.dropFirst().map(\.name).joined(separator: ", "))): export SARIF 2.1.0 from the scanner")
    }

    private static func keys(_ object: [String: Any]) -> String {
        let names = object.keys.sorted()
        return "the keys " + names.prefix(6).map { "\"\(SafeText.escape($0, for: .terminal))\"" }.joined(separator: ", ") + (names.count > 6 ? ", …" : "")
    }
}
