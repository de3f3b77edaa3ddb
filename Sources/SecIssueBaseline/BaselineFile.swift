import Foundation
import SecIssueKit

/// `.security/baselines/NAME.yml`: written for review in a pull request (sorted, one line per
/// file or package, so a drift fix or a re-record reads as a small diff) and read back with
/// `path:line: field: problem` errors for hand-edited mistakes.
public enum BaselineFile {
    static let fileFields = ["path", "type", "mode", "owner", "size", "sha256", "target"]
    static let packageFields = ["name", "version", "arch", "manager"]
    static let topFields = ["name", "patterns", "packages_from", "files", "packages"]

    /// The command that records `baseline` again, for people to copy (DIR stands for the root).
    static func recordCommand(_ baseline: Baseline) -> String {
        (["git secissue baseline record", baseline.name, "--root DIR"] + (baseline.managers.isEmpty ? [] : ["--packages"])
         + baseline.patterns.map { shellWord($0.text) }).joined(separator: " ")
    }

    /// A word the shell passes on as it is: single-quoted unless it is made of plain characters only.
    static func shellWord(_ text: String) -> String {
        let plain = text.utf8.allSatisfy { byte in
            (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || "/._-+=:@%,".utf8.contains(byte)
        }
        return plain && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The YAML text of `baseline`.
    public static func encode(_ baseline: Baseline) -> String {
        let record = recordCommand(baseline)
        var lines = [
            "# Baseline \"\(baseline.name)\": the known-good state of the files and packages below.",
            "# Paths are inside the checked root. Review changes to this file like code.",
            "# Compare a system with it:        git secissue baseline check \(baseline.name) --root DIR",
            "# Re-record after a wanted change: \(record)",
            "name: \(YAMLScalar.string(baseline.name))",
            "patterns:" + (baseline.patterns.isEmpty ? " []" : ""),
        ]
        lines += baseline.patterns.map { "  - " + YAMLScalar.string($0.text) }
        if !baseline.managers.isEmpty { lines.append("packages_from: " + YAMLScalar.list(baseline.managers.map(\.rawValue))) }
        lines.append("files:" + (baseline.files.isEmpty ? " []" : ""))
        for file in baseline.files.sorted(by: { $0.path < $1.path }) {
            var fields = [("path", flow(file.path)), ("type", file.kind.rawValue)]
            if let mode = file.mode { fields.append(("mode", YAMLScalar.quoted(mode))) }
            fields.append(("owner", flow(file.owner)))
            if let size = file.size { fields.append(("size", String(size))) }
            if let sha256 = file.sha256 { fields.append(("sha256", flow(sha256))) }
            if let target = file.target { fields.append(("target", flow(target))) }
            lines.append("  - {" + fields.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}")
        }
        if !baseline.managers.isEmpty {
            lines.append("packages:" + (baseline.packages.isEmpty ? " []" : ""))
            for package in baseline.packages.sorted(by: { $0.key < $1.key }) {
                var fields = [("name", flow(package.name)), ("version", flow(package.version))]
                if let arch = package.arch { fields.append(("arch", flow(arch))) }
                fields.append(("manager", package.manager.rawValue))
                lines.append("  - {" + fields.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A flow-mapping value; colons are quoted too, as older YAML readers split on them in flows.
    private static func flow(_ value: String) -> String {
        value.contains(":") ? YAMLScalar.quoted(value) : YAMLScalar.string(value, inFlow: true)
    }

    /// Reads a baseline file; `name` is the one it is stored under, which its `name:` must repeat.
    public static func decode(_ text: String, name: String) throws -> Baseline {
        let path = Baseline.path(name)
        let fields = try YAMLFields.parse(text, path: path, lineOffset: 0)
        try requireKnown(fields, topFields)
        let declared = try fields.required("name")
        guard declared == name else { throw fields.problem("name", "'\(declared)' does not match the file name \(name).yml: make them the same") }
        let patternTexts = try fields.strings("patterns")
        let lines = patternLines(text, after: fields.lineOf("patterns"), count: patternTexts.count)
        var patterns: [Baseline.Pattern] = []
        for (index, raw) in patternTexts.enumerated() {
            let normal = try? FileSnapshot.normalise(raw)
            guard let normal, normal == raw else {
                throw FileProblem(path: path, line: lines[index], message: "patterns[\(index + 1)]: '\(raw)' is not a path inside the root: "
                                  + "write it from the root down, starting with / and without .. (such as /etc/ssh/**)")
            }
            patterns.append(Baseline.Pattern(raw, line: lines[index]))
        }
        var managers: [PackageDatabase.Manager] = []
        for value in try fields.strings("packages_from") {
            guard let manager = PackageDatabase.Manager(rawValue: value) else {
                throw fields.problem("packages_from", "'\(value)' is not a supported package manager: use dpkg, apk or rpm")
            }
            managers.append(manager)
        }
        var files: [Baseline.File] = []
        var seenPaths: Set<String> = []
        for item in try fields.items("files") {
            let file = try self.file(item)
            guard seenPaths.insert(file.path).inserted else { throw item.problem("path", "\(file.path) is listed twice: keep one entry") }
            files.append(file)
        }
        var packages: [Baseline.Package] = []
        var seenPackages: Set<String> = []
        for item in try fields.items("packages") {
            try requireKnown(item, packageFields)
            guard let manager = try item.enumValue("manager", PackageDatabase.Manager.self) else {
                throw item.problem("manager", "required field is missing: dpkg, apk or rpm")
            }
            let package = Baseline.Package(name: try item.required("name"), version: try item.required("version"), arch: try item.string("arch"),
                                           manager: manager, line: item.line)
            guard managers.contains(package.manager) else {
                throw item.problem("manager", "\(package.manager.rawValue) is not in packages_from: add it there, or remove the entry")
            }
            guard seenPackages.insert(package.key).inserted else {
                throw item.problem("name", "\(package.label) (\(package.manager.rawValue)) is listed twice: keep one entry")
            }
            packages.append(package)
        }
        var baseline = Baseline(name: name, patterns: patterns, managers: managers, files: files, packages: packages)
        baseline.patternsLine = fields.lineOf("patterns")
        baseline.packagesLine = fields.lineOf("packages") ?? fields.lineOf("packages_from")
        return baseline
    }

    private static func file(_ item: YAMLFields) throws -> Baseline.File {
        try requireKnown(item, fileFields)
        let path = try item.required("path")
        guard FileSnapshot.isNormal(path) else {
            throw item.problem("path", "'\(path)' is not a path inside the root: start it with / and leave out . and ..")
        }
        let kind = try item.enumValue("type", Baseline.Kind.self) ?? .file
        let mode = try item.string("mode")
        if let mode, mode.utf8.count != 4 || !mode.utf8.allSatisfy({ (48...55).contains($0) }) {
            throw item.problem("mode", "'\(mode)' is not a mode: write four octal digits in quotes, such as \"0644\" or \"4755\"")
        }
        let file = Baseline.File(path: path, kind: kind, mode: mode, owner: try item.required("owner"), size: try item.int("size"),
                                 sha256: try item.string("sha256"), target: try item.string("target"), line: item.line)
        switch kind {
        case .file:
            guard mode != nil else { throw item.problem("mode", "required for a file") }
            guard let size = file.size, size >= 0 else { throw item.problem("size", "required for a file: its size in bytes") }
            guard let hash = file.sha256, hash.utf8.count == 64, hash.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
                throw item.problem("sha256", "required for a file: 64 lower-case hex digits")
            }
            if file.target != nil { throw item.problem("target", "only links have a target: remove it, or set type: symlink") }
        case .symlink:
            guard file.target?.isEmpty == false else { throw item.problem("target", "required for a link: where it points") }
            for key in ["mode", "size", "sha256"] where item.has(key) {
                throw item.problem(key, "links have no \(key) here: remove it, or set type: file")
            }
        }
        return file
    }

    private static func requireKnown(_ fields: YAMLFields, _ known: [String]) throws {
        if let unknown = fields.keys.first(where: { !known.contains($0) }) {
            throw fields.problem(unknown, "unknown field: use \(known.joined(separator: ", "))")
        }
    }

    /// The line of each item of the `patterns:` block list, found in the text (the parsed list
    /// has no lines); every item gets the key's line when the list is written another way.
    private static func patternLines(_ text: String, after keyLine: Int?, count: Int) -> [Int?] {
        guard let keyLine else { return Array(repeating: nil, count: count) }
        var found: [Int] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(keyLine).enumerated() {
            let content = line.drop { $0 == " " }
            if content.isEmpty || content.hasPrefix("#") { continue }
            guard content.hasPrefix("- "), content.count < line.count else { break }
            found.append(keyLine + offset + 1)
        }
        return found.count == count ? found : Array(repeating: keyLine, count: count)
    }
}
