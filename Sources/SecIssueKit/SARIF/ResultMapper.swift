import Foundation

/// Turns the results of a SARIF log into `ScanResult`s: title, severity, CWE, a location
/// relative to the repository root, a fingerprint, and secrets redacted.
public struct ResultMapper {
    /// Reads a file of the scanned commit by its repository path (nil when there is none).
    public typealias SourceReader = (String) throws -> [UInt8]?

    public var toolOverride: String?
    public var category: String?
    public let config: Config
    /// The working tree's top directory, for absolute paths in the log; nil in a bare repository.
    public let root: String?
    let source: SourceReader
    private var files: [String: SourceFile?] = [:]
    private var ruleCWEs: [String: [Int]] = [:]
    private var helpSecretCache: [String: [String]] = [:]

    public init(config: Config, root: String?, toolOverride: String? = nil, category: String? = nil, source: @escaping SourceReader) {
        self.config = config
        self.root = root
        self.toolOverride = toolOverride
        self.category = category
        self.source = source
    }

    /// What one SARIF file holds, with a reason for each result that could not be used.
    public struct Mapped {
        public var results: [ScanResult] = []
        public var skipped: [String] = []
        public var notes: [String] = []
        /// The (tool, category) pairs the file covers, even those with no results: their absent findings are fixed.
        public var scopes: [ScanScope] = []
        /// Scopes of which a run did not finish: whatever other runs say, nothing of theirs is fixed.
        public var incomplete: [ScanScope] = []

        /// Adds a scope, or the files it could not scan to the same scope already there.
        mutating func cover(_ scope: ScanScope) {
            if let index = scopes.firstIndex(of: scope) {
                scopes[index].unscannedPaths.formUnion(scope.unscannedPaths)
            } else {
                scopes.append(scope)
            }
        }

        /// Drops the scopes some run left unfinished: a scope is complete only if each of its runs is.
        mutating func dropIncomplete() {
            scopes.removeAll(where: incomplete.contains)
        }
    }

    /// Maps the SARIF log at `file` (`-` for standard input).
    public mutating func map(file: String) throws -> Mapped {
        try map(log: try SARIFReader.read(file, limitMB: config.maxSARIFMB), path: file == "-" ? "standard input" : file)
    }

    /// Maps a SARIF log already in memory, named `path` in messages (for the in-process fuzz target,
    /// which reaches it with `package` access: the command line always goes through `map(file:)`).
    package mutating func map(data: Data, path: String) throws -> Mapped {
        try map(log: try SARIFReader.decode(data, path: path), path: path)
    }

    /// The commits the runs of `log` say they scanned (`versionControlProvenance[].revisionId`).
    static func scannedRevisions(_ log: SARIF.Log) -> [String] {
        (log.runs ?? []).flatMap { $0.versionControlProvenance ?? [] }.compactMap(\.revisionId)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    mutating func map(log: SARIF.Log, path: String) throws -> Mapped {
        var mapped = Mapped()
        for (runIndex, run) in (log.runs ?? []).enumerated() {
            // The tool and category also name the import commit: a secret there (a driver name is
            // the scanner's to choose) would reach a commit object. Redacted before the slug lowercases it.
            let tool = slug(Redaction.redact(toolOverride ?? run.tool.driver.name, secrets: []))
            var scope = ScanScope(tool: tool, category: Redaction.redact(category ?? runCategory(run), secrets: []))
            let label = "\(path): runs[\(runIndex)] (\(tool))"
            // A run that did not finish says nothing about what is gone: none of its findings are fixed.
            if run.invocations?.contains(where: { $0.executionSuccessful == false }) == true {
                mapped.notes.append("\(label) did not finish (executionSuccessful is false): its missing results are not marked fixed")
                mapped.incomplete.append(scope)
            } else if run.results == nil {
                // SARIF's way of saying the run produced no result list (null, or no "results" at
                // all), which is not "found nothing" (an empty list).
                mapped.notes.append("\(label) has no results list (results is null or missing: the scan did not run): its missing results are not marked fixed")
                mapped.incomplete.append(scope)
            } else if let unscanned = unscannedFiles(run, label: label, notes: &mapped.notes) {
                scope.unscannedPaths = unscanned
                mapped.cover(scope)
            } else {
                mapped.incomplete.append(scope)
            }
            var seen: [String: Int] = [:]
            var ignored: [String: Int] = [:]
            defer {
                for (rule, count) in ignored.sorted(by: { $0.key < $1.key }) {
                    mapped.notes.append("\(path): \(count) result(s) of \(tool) rule \(rule) left out: severity_overrides ignores it")
                }
            }
            let ambiguous = Self.ambiguousFingerprints(run.results ?? [])
            for (resultIndex, result) in (run.results ?? []).enumerated() {
                let label = "\(path): runs[\(runIndex)].results[\(resultIndex)]"
                if let kind = result.kind, kind == "pass" || kind == "notApplicable" { continue }
                do {
                    var scan = try map(result, run: run, tool: tool, category: scope.category, ambiguous: ambiguous)
                    if config.severityOverrides.ignores(tool: tool, rule: scan.rule) {
                        ignored[scan.rule, default: 0] += 1
                        continue
                    }
                    let key = scan.identityKey
                    seen[key, default: 0] += 1
                    if let count = seen[key], count > 1 {
                        scan.fingerprint += "#\(count)"
                        mapped.notes.append("\(label): same fingerprint as an earlier result of \(scan.rule) at \(scan.location?.display ?? "no location"); kept apart as occurrence \(count)")
                    }
                    mapped.results.append(scan)
                } catch let error as SecIssueError {
                    mapped.skipped.append("\(label): \(error.message)")
                }
            }
        }
        mapped.dropIncomplete()
        return mapped
    }

    /// The files an error-level tool execution notification says the run could not scan; nil when
    /// an error names no file, or one that cannot be placed in the repository, or the notifications
    /// cannot be read: then the run says nothing about which findings are gone.
    private func unscannedFiles(_ run: SARIF.Run, label: String, notes: inout [String]) -> Set<String>? {
        var files: Set<String> = []
        for invocation in run.invocations ?? [] {
            if invocation.notificationsUnreadable {
                notes.append("\(label): its toolExecutionNotifications cannot be read: its missing results are not marked fixed")
                return nil
            }
            for notification in invocation.toolExecutionNotifications ?? [] where notification.level == "error" {
                let what = notification.message?.text ?? notification.message?.markdown ?? "no message"
                let artifacts = (notification.locations ?? []).compactMap { $0.physicalLocation?.artifactLocation }.filter { $0.uri != nil }
                guard !artifacts.isEmpty else {
                    notes.append("\(label) reported an error that names no file (\(what)): its missing results are not marked fixed")
                    return nil
                }
                for artifact in artifacts {
                    guard let file = try? repositoryPath(artifact, run: run) else {
                        notes.append("\(label) failed on \(artifact.uri ?? "a file") outside the repository (\(what)): its missing results are not marked fixed")
                        return nil
                    }
                    files.insert(file)
                }
            }
        }
        if !files.isEmpty {
            notes.append("\(label) could not scan \(files.sorted().joined(separator: ", ")): findings there are not marked fixed")
        }
        return files
    }

    /// Fingerprint entries (`key=value`) that several results at different places share: some
    /// scanners write a placeholder there (Semgrep OSS writes "requires login"), and identical
    /// code gets identical values. They say nothing about which result is which, so they are ignored.
    static func ambiguousFingerprints(_ results: [SARIF.Result]) -> Set<String> {
        var places: [String: Set<String>] = [:]
        for result in results {
            let region = result.locations?.first?.physicalLocation
            let place = "\(region?.artifactLocation?.uri ?? ""):\(region?.region?.startLine ?? 0):\(region?.region?.startColumn ?? 0)"
            for (key, value) in (result.fingerprints ?? [:]).merging(result.partialFingerprints ?? [:], uniquingKeysWith: { first, _ in first }) {
                places["\(key)=\(value)", default: []].insert(place)
            }
        }
        return Set(places.filter { $0.value.count > 1 }.keys)
    }

    private mutating func map(_ result: SARIF.Result, run: SARIF.Run, tool: String, category: String, ambiguous: Set<String>) throws -> ScanResult {
        let rules = run.tool.driver.rules ?? []
        let index = result.ruleIndex ?? result.rule?.index
        var rule = index.flatMap { rules.indices.contains($0) ? rules[$0] : nil }
        let ruleID = result.ruleId ?? result.rule?.id ?? rule?.id ?? "unknown-rule"
        if rule == nil || rule?.id != ruleID {
            rule = rules.first { $0.id == ruleID } ?? run.tool.extensions?.lazy.compactMap { $0.rules?.first { $0.id == ruleID } }.first ?? rule
        }
        let tags = (rule?.properties?.tags ?? []) + (result.properties?.tags ?? [])
        let physical = result.locations?.first?.physicalLocation
        let region = physical?.region
        var location: Finding.Location?
        if let artifact = physical?.artifactLocation, artifact.uri != nil {
            let path = try repositoryPath(artifact, run: run)
            // Lines and columns start at 1; a tool that writes 0 or less means "unknown".
            let line = region?.startLine.flatMap { $0 >= 1 ? $0 : nil }
            location = Finding.Location(path: path, line: line, column: line == nil ? nil : region?.startColumn.flatMap { $0 >= 1 ? $0 : nil },
                                        endLine: region?.endLine.flatMap { line != nil && $0 > line! ? $0 : nil })
        }
        let file = try location.map { try sourceFile($0.path) } ?? nil
        var message = result.message?.text ?? result.message?.markdown ?? rule?.shortDescription?.text ?? ruleID
        var snippet = region?.snippet?.text
        var help = rule?.help?.markdown ?? rule?.help?.text ?? rule?.fullDescription?.text
        var title = Self.title(rule: rule, ruleID: ruleID, message: message)
        let numbers = cwes(tags: tags, result: result, rule: rule, ruleID: ruleID)
        let isSecret = Redaction.isSecret(tools: [tool, slug(run.tool.driver.name)], rule: ruleID, ruleName: rule?.name, tags: tags, cwe: numbers)
        let accepted = result.suppressions?.first { ($0.status ?? "accepted") == "accepted" }
        var justification = accepted.map { $0.justification ?? "suppressed in the scanner" }
        var helpURI = rule?.helpUri
        // The flagged lines, which the computed fingerprint is made of.
        let flagged: [String] = location.flatMap { location in
            location.line.flatMap { start in
                file.map { file in Array(file.lines[min(start - 1, file.lines.count)..<min(location.endLine ?? start, file.lines.count)]) }
            }
        } ?? []
        // A secret scanner's result loses what its region, snippet and quotes point at; every
        // result, whoever reported it, loses what the secret rules find in any string it stores or
        // on its flagged lines, in all of its strings (a value found on the line is also removed
        // from a message that quotes it without its name).
        var secrets = isSecret
            ? Redaction.candidates(line: flagged.first, startColumn: location?.column, endColumn: region?.endColumn, snippet: snippet,
                                   texts: [message, title])
            : []
        secrets += ([message, title, snippet, justification, helpURI].compactMap { $0 } + flagged).flatMap(Redaction.secrets(in:))
        if let help { secrets += helpSecrets(help) }
        if !secrets.isEmpty {
            message = Redaction.redact(message, secrets: secrets)
            title = Redaction.redact(title, secrets: secrets)
            help = help.map { Redaction.redact($0, secrets: secrets) }
            snippet = snippet.map { Redaction.redact($0, secrets: secrets) }
            justification = justification.map { Redaction.redact($0, secrets: secrets) }
            helpURI = helpURI.map { Redaction.redact($0, secrets: secrets) }
        }
        let usable = { (entries: [String: String]?) in entries?.filter { !ambiguous.contains("\($0.key)=\($0.value)") } }
        let fingerprint = Fingerprint.fromSARIF(usable(result.fingerprints), partial: usable(result.partialFingerprints))
            ?? location.flatMap { location in
                location.line.flatMap { line in
                    Fingerprint.computed(tool: tool, rule: ruleID, path: location.path, file: file, start: line, end: location.endLine ?? line,
                                         redacting: secrets)
                }
            }
            ?? Fingerprint.fromMessage(tool: tool, rule: ruleID, path: location?.path, message: message)
        return ScanResult(
            tool: tool, toolVersion: run.tool.driver.semanticVersion ?? run.tool.driver.version, rule: ruleID, category: category,
            title: title, severity: severity(result, rule: rule, tool: tool, ruleID: ruleID), cwe: numbers,
            location: location, message: message, ruleHelp: help, helpURI: helpURI, snippet: snippet, fingerprint: fingerprint,
            suppression: justification, isSecret: isSecret)
    }

    /// The rule's short description, else the message's first sentence, on one line.
    static func title(rule: SARIF.Rule?, ruleID: String, message: String) -> String {
        var candidate = rule?.shortDescription?.text ?? ""
        if candidate.isEmpty || candidate == ruleID || candidate.hasPrefix("Semgrep Finding:") {
            let firstLine = message.split(whereSeparator: \.isNewline).first.map(String.init) ?? message
            candidate = firstLine.range(of: ". ").map { String(firstLine[..<$0.lowerBound]) } ?? firstLine
        }
        let oneLine = candidate.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : String($0) }.joined()
            .trimmingCharacters(in: .whitespaces)
        let title = oneLine.isEmpty ? ruleID : oneLine
        return title.count > 120 ? String(title.prefix(119)) + "…" : title
    }

    /// The override in config.yml, else `security-severity`, else the level.
    private func severity(_ result: SARIF.Result, rule: SARIF.Rule?, tool: String, ruleID: String) -> Severity {
        if let override = config.severityOverrides.configured(tool: tool, rule: ruleID)?.severity { return override }
        if let score = result.properties?.securitySeverity ?? rule?.properties?.securitySeverity {
            switch score {
            case 9.0...: return .critical
            case 7.0..<9.0: return .high
            case 4.0..<7.0: return .medium
            case let value where value > 0: return .low
            default: return .info
            }
        }
        if let fallback = config.severityOverrides.toolDefault(tool: tool, rule: ruleID)?.severity { return fallback }
        switch result.level ?? rule?.defaultConfiguration?.level ?? "warning" {
        case "error": return .high
        case "note": return .low
        case "none": return .info
        default: return .medium
        }
    }

    /// CWEs from tags (`external/cwe/cwe-89`, `CWE-89`, `CWE-89: …`) and from taxa and relationships naming CWE.
    static func cwes(tags: [String], result: SARIF.Result, rule: SARIF.Rule?) -> [Int] {
        var numbers: [Int] = []
        func add(_ text: String) {
            guard let match = text.range(of: #"(?i)cwe[-_/ :]*(\d+)"#, options: .regularExpression) else { return }
            let digits = text[match].reversed().prefix { $0.isNumber }.reversed()
            if let number = Int(String(digits)), number > 0, !numbers.contains(number) { numbers.append(number) }
        }
        tags.forEach(add)
        let references = (result.taxa ?? []) + (rule?.relationships?.compactMap(\.target) ?? [])
        for reference in references where reference.toolComponent?.name?.uppercased() == "CWE" {
            if let id = reference.id { add(id.uppercased().hasPrefix("CWE") ? id : "CWE-\(id)") }
        }
        return numbers
    }

    private func runCategory(_ run: SARIF.Run) -> String {
        guard let id = run.automationDetails?.id, !id.isEmpty else { return "default" }
        // "category/run-guid": the part before the last slash names the category.
        if let slash = id.lastIndex(of: "/") { return id[..<slash].isEmpty ? "default" : String(id[..<slash]) }
        return id
    }

    private func slug(_ name: String) -> String {
        let lowered = name.lowercased().map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "-" }
        return String(lowered).split(separator: "-").joined(separator: "-")
    }

    /// The artifact's path relative to the repository root; a path outside it is an error.
    private func repositoryPath(_ artifact: SARIF.ArtifactLocation, run: SARIF.Run) throws -> String {
        guard let uri = artifact.uri else { throw SecIssueError("the result has no file") }
        var absoluteBase: String?
        var baseId = artifact.uriBaseId
        var relativePrefix = ""
        var depth = 0
        while let id = baseId, depth < 8, let base = run.originalUriBaseIds?[id] {
            depth += 1
            if let baseURI = base.uri {
                if let path = Self.filePath(baseURI) { absoluteBase = path; break }
                relativePrefix = (baseURI.removingPercentEncoding ?? baseURI) + relativePrefix
            }
            baseId = base.uriBaseId
        }
        let path: String
        if let absolute = Self.filePath(uri) {
            path = absolute
        } else {
            let relative = relativePrefix + (uri.removingPercentEncoding ?? uri)
            if let absoluteBase {
                path = absoluteBase + (absoluteBase.hasSuffix("/") ? "" : "/") + relative
            } else if relative.hasPrefix("/") {
                path = relative
            } else if let root, ("/" + relative).hasPrefix(root.hasSuffix("/") ? root : root + "/"), try source(relative) == nil {
                // Checkov writes absolute paths without their leading slash.
                path = "/" + relative
            } else {
                return try normalised(relative, uri: uri)
            }
        }
        guard let root else { throw SecIssueError("\(uri) is an absolute path and this repository has no working tree to place it in") }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        let clean = try normalised(path, uri: uri, absolute: true)
        guard ("/" + clean).hasPrefix(prefix) else { throw SecIssueError("\(uri) is outside the repository (\(root))") }
        return String(("/" + clean).dropFirst(prefix.count))
    }

    private func normalised(_ path: String, uri: String, absolute: Bool = false) throws -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == ".." {
                guard !parts.isEmpty else { throw SecIssueError("\(uri) is outside the repository") }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        guard !parts.isEmpty else { throw SecIssueError("\(uri) names no file") }
        return parts.joined(separator: "/")
    }

    /// The local path of a `file:` URI, or nil for anything else.
    static func filePath(_ uri: String) -> String? {
        guard uri.lowercased().hasPrefix("file:") else { return nil }
        return URL(string: uri)?.path ?? (uri.dropFirst(5).removingPercentEncoding)
    }

    /// The secrets in a rule's help text, read once per text: thousands of results share a rule.
    private mutating func helpSecrets(_ help: String) -> [String] {
        if let cached = helpSecretCache[help] { return cached }
        let found = Redaction.secrets(in: help)
        helpSecretCache[help] = found
        return found
    }

    private mutating func sourceFile(_ path: String) throws -> SourceFile? {
        if let cached = files[path] { return cached }
        let file = try source(path).map(SourceFile.init)
        files[path] = file
        return file
    }

    /// CWEs of a result; those of a rule are worked out once, as thousands of results share a rule.
    private mutating func cwes(tags: [String], result: SARIF.Result, rule: SARIF.Rule?, ruleID: String) -> [Int] {
        guard result.taxa == nil, result.properties?.tags == nil else { return Self.cwes(tags: tags, result: result, rule: rule) }
        if let cached = ruleCWEs[ruleID] { return cached }
        let numbers = Self.cwes(tags: tags, result: result, rule: rule)
        ruleCWEs[ruleID] = numbers
        return numbers
    }
}

/// The tool and category one scan covers: findings of that scope absent from a complete scan are fixed.
public struct ScanScope: Hashable, Sendable {
    public let tool: String
    public let category: String
    /// Repository paths the scan failed on (error-level tool execution notifications): it says
    /// nothing about the findings there, so none of them is fixed. A fact about this scan of the
    /// scope, not part of which scope it is: equality and hashing ignore it.
    public var unscannedPaths: Set<String> = []

    public init(tool: String, category: String) {
        self.tool = tool
        self.category = category
    }

    public static func == (lhs: ScanScope, rhs: ScanScope) -> Bool {
        lhs.tool == rhs.tool && lhs.category == rhs.category
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(tool)
        hasher.combine(category)
    }
}
