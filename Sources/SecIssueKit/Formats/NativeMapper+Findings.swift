import Crypto
import Foundation

extension NativeMapper {
    // MARK: Trivy

    mutating func mapTrivy(_ json: Any) throws {
        guard let object = json as? [String: Any] else { throw problem("not an object") }
        let artifact = object["ArtifactName"] as? String ?? ""
        for (index, entry) in (object["Results"] as? [[String: Any]] ?? []).enumerated() {
            guard let target = entry["Target"] as? String else { throw problem("Results[\(index)] has no Target") }
            // Lockfiles, configuration and files are paths in the repository; an image's OS packages are not.
            let file = entry["Class"] as? String == "os-pkgs" ? nil : repositoryPath(target)
            for vulnerability in entry["Vulnerabilities"] as? [[String: Any]] ?? [] {
                guard let id = vulnerability["VulnerabilityID"] as? String, let name = vulnerability["PkgName"] as? String else {
                    throw problem("Results[\(index)] has a vulnerability without VulnerabilityID or PkgName")
                }
                let version = vulnerability["InstalledVersion"] as? String ?? "?"
                let fixed = (vulnerability["FixedVersion"] as? String).map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
                results.append(result(
                    rule: id, title: "\(name): \(vulnerability["Title"] as? String ?? id)",
                    severity: Self.severity(vulnerability["Severity"] as? String) ?? .medium, cwe: Self.cwes(vulnerability["CweIDs"]),
                    location: file.map { Finding.Location(path: $0) },
                    message: dependencyMessage(name: name, version: version, id: id, aliases: [], details: vulnerability["Description"] as? String,
                                               fixed: fixed, references: (vulnerability["References"] as? [String] ?? []).prefix(6).map { $0 }),
                    helpURI: vulnerability["PrimaryURL"] as? String,
                    fingerprint: "v1/trivy:\(file ?? artifact + " " + target)/\(name)#\(id)"))
            }
            for misconfiguration in entry["Misconfigurations"] as? [[String: Any]] ?? [] where (misconfiguration["Status"] as? String ?? "FAIL") == "FAIL" {
                guard let id = misconfiguration["ID"] as? String ?? misconfiguration["AVDID"] as? String else {
                    throw problem("Results[\(index)] has a misconfiguration without ID")
                }
                let cause = misconfiguration["CauseMetadata"] as? [String: Any]
                let line = (cause?["StartLine"] as? Int).flatMap { $0 >= 1 ? $0 : nil }
                let message = [misconfiguration["Message"] as? String, misconfiguration["Description"] as? String,
                               (misconfiguration["Resolution"] as? String).map { "Resolution: \($0)" }].compactMap { $0 }
                    .map { SafeText.escape($0, for: .markdownInline) }.joined(separator: "\n\n")
                results.append(result(
                    rule: id, title: misconfiguration["Title"] as? String ?? id, severity: Self.severity(misconfiguration["Severity"] as? String) ?? .medium,
                    location: file.map { Finding.Location(path: $0, line: line) }, message: message, helpURI: misconfiguration["PrimaryURL"] as? String,
                    fingerprint: "v1/trivy:\(file ?? target)#\(id)@\(digest([cause?["Resource"] as? String ?? "", String(line ?? 0)]))"))
            }
            var occurrences: [String: Int] = [:]
            for secret in entry["Secrets"] as? [[String: Any]] ?? [] {
                guard let rule = secret["RuleID"] as? String else { throw problem("Results[\(index)] has a secret without RuleID") }
                let line = (secret["StartLine"] as? Int).flatMap { $0 >= 1 ? $0 : nil }
                // `Match` is the line with the secret (Trivy masks it, not always wholly): never stored.
                let redacting = [secret["Match"] as? String].compactMap { $0 }
                var found = result(rule: rule, title: secret["Title"] as? String ?? rule, severity: Self.severity(secret["Severity"] as? String) ?? .high,
                                   cwe: [798], location: file.map { Finding.Location(path: $0, line: line) },
                                   message: "\(secret["Title"] as? String ?? rule) (\(secret["Category"] as? String ?? "secret")), found by Trivy.",
                                   fingerprint: secretFingerprint(rule: rule, path: file ?? target, line: line, secrets: redacting, occurrences: &occurrences))
                found.isSecret = true
                results.append(found)
            }
        }
    }

    // MARK: Secret scanners

    mutating func mapGitleaks(_ json: Any) throws {
        guard let leaks = json as? [[String: Any]] else { throw problem("not a list of leaks") }
        var occurrences: [String: Int] = [:]
        for (index, leak) in leaks.enumerated() {
            guard let rule = leak["RuleID"] as? String, let file = leak["File"] as? String else {
                throw problem("leak [\(index)] has no RuleID or File")
            }
            guard let path = repositoryPath(file) else {
                skipped.append("\(self.path): leak [\(index)]: \(file) is outside the repository")
                continue
            }
            let line = (leak["StartLine"] as? Int).flatMap { $0 >= 1 ? $0 : nil }
            let secrets = [leak["Secret"] as? String, leak["Match"] as? String].compactMap { $0 }.filter { !$0.isEmpty }
            let description = Redaction.redact(leak["Description"] as? String ?? rule, secrets: secrets)
            var found = result(rule: rule, title: description, severity: .high, cwe: [798],
                               location: Finding.Location(path: path, line: line, column: line == nil ? nil : (leak["StartColumn"] as? Int).flatMap { $0 >= 1 ? $0 : nil }),
                               message: "\(SafeText.escape(description, for: .markdownInline)): gitleaks rule \(SafeText.escape(rule, for: .markdownCode)) matched here.",
                               fingerprint: secretFingerprint(rule: rule, path: path, line: line, secrets: secrets, occurrences: &occurrences))
            found.isSecret = true
            results.append(found)
        }
    }

    mutating func mapDetectSecrets(_ json: Any) throws {
        guard let files = (json as? [String: Any])?["results"] as? [String: Any] else { throw problem("no \"results\" object") }
        var occurrences: [String: Int] = [:]
        for name in files.keys.sorted() {
            guard let secrets = files[name] as? [[String: Any]] else { throw problem("results.\(name) is not a list") }
            for (index, secret) in secrets.enumerated() {
                guard let type = secret["type"] as? String else { throw problem("results.\(name)[\(index)] has no type") }
                guard let path = repositoryPath(secret["filename"] as? String ?? name) else {
                    skipped.append("\(self.path): results.\(name)[\(index)] is outside the repository")
                    continue
                }
                let line = (secret["line_number"] as? Int).flatMap { $0 >= 1 ? $0 : nil }
                // `hashed_secret` is an unsalted SHA-1 of the secret: stored anywhere, it confirms guesses. Never kept.
                var found = result(rule: Self.slug(type), title: "\(type) in \(path)", severity: .high, cwe: [798],
                                   location: Finding.Location(path: path, line: line),
                                   message: "detect-secrets found a \(SafeText.escape(type, for: .markdownInline)) here"
                                    + (secret["is_verified"] as? Bool == true ? " (verified live)." : "."),
                                   fingerprint: secretFingerprint(rule: Self.slug(type), path: path, line: line, secrets: [], occurrences: &occurrences))
                found.isSecret = true
                if secret["is_secret"] as? Bool == false { found.suppression = "audited as not a secret (detect-secrets audit)" }
                results.append(found)
            }
        }
    }

    /// A secret's fingerprint: from its line with the secret (and whatever the secret rules find)
    /// redacted when the file can be read, so it survives the code moving; else from the rule,
    /// the path and which occurrence of the rule in that file it is. Never from the secret.
    func secretFingerprint(rule: String, path: String, line: Int?, secrets: [String], occurrences: inout [String: Int]) -> String {
        let key = "\(rule)\u{0}\(path)"
        occurrences[key, default: 0] += 1
        if let line, !secrets.isEmpty, let bytes = try? source(path),
           let computed = Fingerprint.computed(tool: tool, rule: rule, path: path, file: SourceFile(bytes: bytes), start: line, end: line, redacting: secrets) {
            return computed
        }
        return "v1/\(format.rawValue):" + digest([rule, path, String(occurrences[key] ?? 1)])
    }

    // MARK: Triage formats

    mutating func mapCycloneDX(_ json: Any) throws {
        guard let object = json as? [String: Any], let vulnerabilities = object["vulnerabilities"] as? [[String: Any]] else {
            throw problem("no \"vulnerabilities\" list")
        }
        var components: [String: String] = [:]
        func collect(_ list: Any?) {
            for component in list as? [[String: Any]] ?? [] {
                if let ref = component["bom-ref"] as? String {
                    components[ref] = [component["group"] as? String, component["name"] as? String, component["version"] as? String].compactMap { $0 }.joined(separator: " ")
                }
                collect(component["components"])
            }
        }
        collect(object["components"])
        collect((object["metadata"] as? [String: Any])?["component"].map { [$0] })
        for (index, vulnerability) in vulnerabilities.enumerated() {
            guard let id = vulnerability["id"] as? String else { throw problem("vulnerabilities[\(index)] has no id") }
            let analysis = vulnerability["analysis"] as? [String: Any]
            let state = analysis?["state"] as? String
            // Resolved: the vulnerability is gone, and a finding filed for it before is fixed.
            if state == "resolved" || state == "resolved_with_pedigree" { continue }
            let ratings = vulnerability["ratings"] as? [[String: Any]] ?? []
            let score = ratings.compactMap { ($0["score"] as? Double) ?? ($0["vector"] as? String).flatMap(CVSS.baseScore) }.max()
            let severity = score.map(CVSS.severity(score:)) ?? ratings.compactMap { Self.severity($0["severity"] as? String) }.max() ?? .medium
            let refs = (vulnerability["affects"] as? [[String: Any]] ?? []).compactMap { $0["ref"] as? String }
            for ref in refs.isEmpty ? ["(no component)"] : refs {
                let component = components[ref] ?? ref
                var text = [vulnerability["description"] as? String, vulnerability["detail"] as? String,
                            (vulnerability["recommendation"] as? String).map { "Recommendation: \($0)" }].compactMap { $0 }
                    .map { SafeText.escape($0, for: .markdownInline) }
                text.insert("\(SafeText.escape(component, for: .markdownCode)) is affected by \(SafeText.escape(id, for: .markdownCode)).", at: 0)
                if let state { text.append("- **VEX analysis:** \(SafeText.escape(state, for: .markdownInline))" + ((analysis?["detail"] as? String).map { ": " + SafeText.escape($0, for: .markdownInline) } ?? "")) }
                var found = result(rule: id, title: "\(component): \(vulnerability["description"] as? String ?? id)", severity: severity,
                                   cwe: vulnerability["cwes"] as? [Int] ?? [], location: nil, message: text.joined(separator: "\n\n"),
                                   helpURI: (vulnerability["source"] as? [String: Any])?["url"] as? String, fingerprint: "v1/cyclonedx:\(ref)#\(id)")
                switch state {
                case "not_affected", "false_positive":
                    let reason = [(analysis?["justification"] as? String), (analysis?["detail"] as? String)].compactMap { $0 }.joined(separator: ": ")
                    found.suppression = "VEX \(state ?? ""): " + (reason.isEmpty ? "no justification given" : reason)
                case "exploitable":
                    found.confirmed = true
                default:
                    break
                }
                results.append(found)
            }
        }
    }

    mutating func mapDefectDojo(_ json: Any) throws {
        guard let findings = (json as? [String: Any])?["findings"] as? [[String: Any]] else { throw problem("no \"findings\" list") }
        for (index, finding) in findings.enumerated() {
            guard let title = finding["title"] as? String, !title.isEmpty else { throw problem("findings[\(index)] has no title") }
            guard let label = finding["severity"] as? String, let severity = Self.severity(label) else {
                throw problem("findings[\(index)] has severity \(finding["severity"].map { "\($0)" } ?? "(none)"): use Critical, High, Medium, Low or Info")
            }
            // Mitigated or inactive: gone, and fixed if it was filed before.
            if finding["is_mitigated"] as? Bool == true || finding["active"] as? Bool == false { continue }
            let path = (finding["file_path"] as? String).flatMap(repositoryPath)
            let line = (finding["line"] as? Int).flatMap { $0 >= 1 ? $0 : nil }
            let rule = finding["vuln_id_from_tool"] as? String ?? finding["cve"] as? String ?? Self.slug(title)
            let cwe = (finding["cwe"] as? Int).map { [$0] } ?? []
            let message = [finding["description"] as? String, (finding["mitigation"] as? String).map { "Mitigation: \($0)" },
                           (finding["impact"] as? String).map { "Impact: \($0)" }, (finding["references"] as? String).map { "References: \($0)" }]
                .compactMap { $0 }.map { SafeText.escape($0, for: .markdownInline) }.joined(separator: "\n\n")
            var found = result(rule: rule, title: title, severity: severity, cwe: cwe, location: path.map { Finding.Location(path: $0, line: line) },
                               message: message.isEmpty ? SafeText.escape(title, for: .markdownInline) : message,
                               fingerprint: "v1/defectdojo:" + ((finding["unique_id_from_tool"] as? String)
                                   ?? digest([rule, title, path ?? "", String(line ?? 0), finding["component_name"] as? String ?? ""])))
            if finding["false_p"] as? Bool == true { found.suppression = "marked false positive in DefectDojo" }
            if finding["verified"] as? Bool == true { found.confirmed = true }
            if let tags = finding["tags"] as? [String] { found.tags = tags.map(Self.slug) }
            results.append(found)
        }
    }

    static func cwes(_ value: Any?) -> [Int] {
        (value as? [String] ?? []).compactMap { Int($0.uppercased().replacingOccurrences(of: "CWE-", with: "")) }
    }

    func digest(_ parts: [String]) -> String {
        SHA256.hash(data: Array(parts.joined(separator: "\u{0}").utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
