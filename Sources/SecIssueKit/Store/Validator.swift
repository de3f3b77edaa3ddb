import Foundation

/// `validate`: every file under `.security/` checked, each problem as `path:line: message`.
public enum Validator {
    public static func check(_ store: SecurityStore) throws -> [FileProblem] {
        try store.requireInitialised()
        var problems: [FileProblem] = []
        func collect(_ body: () throws -> Void) throws {
            do { try body() } catch let problem as FileProblem { problems.append(problem) }
        }
        if let bytes = try store.files.read(Config.path) {
            try collect { _ = try Config(yaml: String(decoding: bytes, as: UTF8.self)) }
        }
        if let bytes = try store.files.read(Recipients.path) {
            try collect { _ = try Recipients(text: String(decoding: bytes, as: UTF8.self)) }
        }
        if let bytes = try store.files.read(LibraryPolicy.path) {
            try collect { _ = try LibraryPolicy(yaml: String(decoding: bytes, as: UTF8.self)) }
        }
        if let bytes = try store.files.read(SecurityTests.path) {
            try collect { _ = try SecurityTests(yaml: String(decoding: bytes, as: UTF8.self)) }
        }
        for name in (try store.files.list(".security/guidance") ?? []).sorted() where name.hasSuffix(".md") {
            let path = ".security/guidance/\(name)"
            guard let bytes = try store.files.read(path) else { continue }
            try collect {
                let document = try MarkdownDocument(parsing: String(decoding: bytes, as: UTF8.self), path: path)
                let fields = try YAMLFields.parse(document.frontMatterText, path: path, lineOffset: 1)
                _ = try fields.required("title")
            }
        }
        problems += try findingProblems(store)
        return problems.sorted { ($0.path, $0.line ?? 0) < ($1.path, $1.line ?? 0) }
    }

    private static func findingProblems(_ store: SecurityStore) throws -> [FileProblem] {
        let listing = try store.findingFiles()
        var problems = listing.problems
        let directory = SecurityStore.findingsDirectory
        for name in try store.files.list(directory) ?? [] where !name.hasSuffix(".md") && name != ".gitkeep" {
            guard try store.files.list("\(directory)/\(name)") == nil else { continue }
            problems.append(FileProblem(path: "\(directory)/\(name)", line: nil, message: "not a finding file: findings are named <ID>.md"))
        }
        // The layout the store's format names; a file in the other one was merged from a branch
        // of another format, or put there by hand.
        let layout = try? store.config().findingLayout
        var ids: [String: String] = [:]
        var duplicateTargets: [(FileProblem, String)] = []
        for path in listing.paths.values.sorted() {
            if let layout, let placed = FindingLayout.locate(path)?.layout, placed != layout {
                problems.append(FileProblem(path: path, line: nil, message:
                    "filed as format \(placed.format) in a format \(layout.format) store: git secissue migrate files every finding as \(FindingLayout.newest.pattern)"))
            }
            let name = String(path.split(separator: "/").last!)
            guard let bytes = try store.files.read(path) else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            let finding: Finding
            let fields: YAMLFields
            do {
                finding = try FindingCodec.decode(text, path: path)
                fields = try YAMLFields.parse(MarkdownDocument(parsing: text, path: path).frontMatterText, path: path, lineOffset: 1)
            } catch let problem as FileProblem {
                problems.append(problem)
                continue
            }
            problems += bodyProblems(text, path: path)
            let stem = String(name.dropLast(3))
            if !FindingID.isValid(finding.id) {
                problems.append(fields.problem("id", "'\(finding.id)' is not a finding ID (PREFIX- and 10 characters of 0-9 a-z without i, l, o, u)"))
            }
            if finding.id != stem {
                problems.append(fields.problem("id", "'\(finding.id)' does not match the file name \(name): IDs and file names must agree"))
            }
            if let other = ids[finding.id] {
                problems.append(fields.problem("id", "duplicate ID \(finding.id): also in \(other)"))
            } else {
                ids[finding.id] = path
            }
            for key in ["created", "updated"] where Timestamp.parse(try fields.string(key) ?? finding.created) == nil {
                problems.append(fields.problem(key, "not a timestamp: write it as 2026-11-26T17:00:00Z"))
            }
            if let due = finding.due, (try? InputCheck.day(due, what: "due")) == nil {
                problems.append(fields.problem("due", "'\(due)' is not a date: write it as YYYY-MM-DD"))
            }
            if let line = finding.location?.line, line < 1 {
                problems.append(fields.problem("location", "line \(line) is not a line number: lines start at 1"))
            }
            if let location = finding.location, location.path.hasPrefix("/") || location.path.split(separator: "/").contains("..") {
                problems.append(fields.problem("location", "path '\(location.path)' must be relative to the repository root and stay inside it"))
            }
            if finding.isSealed {
                // The reason of a triage is inside the age blocks, so only the clear fields are checked.
                if Sealing.blocks(finding.description).isEmpty {
                    problems.append(fields.problem("confidential", "sealed: true, but the file holds no age block (-----BEGIN AGE ENCRYPTED FILE-----)"))
                }
                if finding.status == .riskAccepted && finding.triage?.expires == nil {
                    problems.append(fields.problem("status", "risk-accepted needs triage.expires"))
                }
                continue
            }
            let triage = finding.triage
            switch finding.status {
            case .riskAccepted where triage?.reason == nil || triage?.expires == nil:
                problems.append(fields.problem("status", "risk-accepted needs triage.reason and triage.expires"))
            case .falsePositive where triage?.reason == nil:
                problems.append(fields.problem("status", "false-positive needs triage.reason"))
            case .duplicate:
                if let original = triage?.duplicateOf {
                    duplicateTargets.append((fields.problem("triage", "duplicate_of \(original) names no finding"), original))
                } else {
                    problems.append(fields.problem("status", "duplicate needs triage.duplicate_of"))
                }
            default: break
            }
        }
        problems += duplicateTargets.filter { ids[$0.1] == nil }.map(\.0)
        return problems
    }
}
