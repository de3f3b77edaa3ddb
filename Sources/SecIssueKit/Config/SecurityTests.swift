import Foundation

/// `.security/tests.yml`: the security tests a repository declares, run by `git secissue test`,
/// by `ci` when it is given no `--sarif`, and (those marked `stage: pre-push`) by the pre-push hook.
/// Each test is a program and its arguments, never a shell line: `${NAME}` inside an argument is
/// replaced by that environment variable and `{output}` by a file the runner makes, each as part
/// of that one argument.
public struct SecurityTests: Sendable {
    public static let path = ".security/tests.yml"

    /// What a test's program leaves to read.
    public enum Output: String, CaseIterable, Sendable {
        /// SARIF 2.1.0 (in `{output}`, else on standard output).
        case sarif
        /// A scanner's own JSON that `import` reads (OSV-Scanner, pip-audit, npm audit, Trivy, gitleaks…).
        case native
        /// Nothing but its exit status.
        case exitCode = "exit-code"
    }

    /// What makes a test fail.
    public enum Policy: String, CaseIterable, Sendable {
        /// Its results are filed as findings under `category`; the `ci` gate judges them.
        case `import`
        /// It fails when a result is of `fail_on` or above, or (exit-code output) when its exit
        /// status is not one of `exit_codes`; nothing is filed.
        case assert
    }

    public enum Stage: String, CaseIterable, Sendable {
        case prePush = "pre-push"
    }

    public struct Test: Sendable, Equatable {
        public var name: String
        public var command: [String]
        public var output: Output
        public var policy: Policy
        /// The category its findings are filed under (default: the test's name).
        public var category: String
        /// Run only when a changed path matches one of these globs (`Glob`); empty: always.
        public var when: [String]
        public var timeout: Int
        /// The least severity that fails an `assert` test on results.
        public var failOn: Severity
        /// The exit statuses that pass an exit-code test.
        public var exitCodes: [Int32]
        public var stage: Stage?
        /// How to install the program, for the message when it is missing.
        public var install: String?
        /// The line of the test's entry in tests.yml.
        public var line: Int?

        /// True when the test applies to a change of `paths` (nil: no change was given).
        public func applies(to paths: [String]?) -> Bool {
            guard let paths, !when.isEmpty else { return true }
            return paths.contains { path in when.contains { Glob.matches($0, path) } }
        }

        /// Whether `{output}` names the output file; otherwise the output is standard output.
        public var writesOutputFile: Bool { command.contains { $0.contains(SecurityTests.outputPlaceholder) } }
    }

    public static let outputPlaceholder = "{output}"
    public static let defaultTimeout = 600
    /// One second to a day: a test that needs longer belongs in a scheduled job, not on every commit.
    public static let timeoutRange = 1...86_400

    public var tests: [Test] = []

    public init() {}

    /// Parses tests.yml, reporting a bad field as `path:line: field: problem`.
    public init(yaml text: String, path: String = SecurityTests.path) throws {
        let fields = try YAMLFields.parse(text, path: path, lineOffset: 0)
        for key in fields.keys where key != "tests" {
            throw fields.problem(key, "unknown field: tests.yml holds one list, tests:")
        }
        var names: [String: Int] = [:]
        for entry in try fields.items("tests") {
            let test = try Self.test(entry)
            if let first = names[test.name] {
                throw entry.problem("name", "'\(test.name)' is also the name of the test on line \(first): names must differ")
            }
            names[test.name] = test.line ?? 0
            tests.append(test)
        }
    }

    static let knownFields: Set<String> = ["name", "command", "output", "policy", "category", "when", "timeout", "fail_on",
                                           "exit_codes", "stage", "install"]

    private static func test(_ fields: YAMLFields) throws -> Test {
        for key in fields.keys where !knownFields.contains(key) {
            throw fields.problem(key, "unknown field: use \(knownFields.sorted().joined(separator: ", "))")
        }
        let name = try fields.required("name")
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }), name.first?.isLetter == true else {
            throw fields.problem("name", "'\(name)' must be letters, digits, - _ and ., starting with a letter (it names the test on the command line)")
        }
        if case .scalar? = fields.entry("command")?.value {
            throw fields.problem("command", "write the command as a list of arguments, such as [bandit, -r, ., -f, sarif, -o, \"{output}\"]: "
                                 + "it is run without a shell")
        }
        let command = try fields.strings("command")
        guard let program = command.first, !program.isEmpty else {
            throw fields.problem("command", fields.has("command") ? "the list is empty: name the program first" : "required field is missing")
        }
        let output = try fields.enumValue("output", Output.self) ?? .exitCode
        let policy = try fields.enumValue("policy", Policy.self) ?? (output == .exitCode ? .assert : .import)
        if output == .exitCode && policy == .import {
            throw fields.problem("policy", "an exit-code test has no results to import: use policy: assert, or output: sarif or native")
        }
        if output == .exitCode && command.contains(where: { $0.contains(outputPlaceholder) }) {
            throw fields.problem("command", "\(outputPlaceholder) names an output file, but output: exit-code reads none")
        }
        var test = Test(name: name, command: command, output: output, policy: policy, category: try fields.string("category") ?? name,
                        when: try fields.strings("when"), timeout: defaultTimeout, failOn: .high, exitCodes: [0],
                        stage: try fields.enumValue("stage", Stage.self), install: try fields.string("install"), line: fields.line)
        if test.category.isEmpty { throw fields.problem("category", "empty: name the category, or leave the field out") }
        if let timeout = try fields.int("timeout", in: timeoutRange, unit: "seconds") { test.timeout = timeout }
        if let failOn = try fields.enumValue("fail_on", Severity.self) {
            guard policy == .assert, output != .exitCode else {
                throw fields.problem("fail_on", "applies to assert tests that read results (output: sarif or native)")
            }
            test.failOn = failOn
        }
        if fields.has("exit_codes") {
            guard output == .exitCode else { throw fields.problem("exit_codes", "applies to output: exit-code tests") }
            let codes = try fields.strings("exit_codes")
            test.exitCodes = try codes.map { text in
                guard let code = Int32(text), (0...255).contains(code) else {
                    throw fields.problem("exit_codes", "'\(text)' is not an exit status (0 to 255)")
                }
                return code
            }
            if test.exitCodes.isEmpty { throw fields.problem("exit_codes", "the list is empty: no status could pass") }
        }
        for glob in test.when where glob.isEmpty || glob.hasPrefix("/") {
            throw fields.problem("when", "'\(glob)' must be a glob on repository paths, such as **/*.py or infra/**")
        }
        return test
    }

    /// The tests named (all when `names` is empty); an unknown name is an error listing the known ones.
    public func select(_ names: [String]) throws -> [Test] {
        guard !names.isEmpty else { return tests }
        let known = Set(tests.map(\.name))
        if let unknown = names.first(where: { !known.contains($0) }) {
            throw SecIssueError.usage("no test '\(unknown)' in \(Self.path): "
                                      + (tests.isEmpty ? "it declares none" : "it declares \(tests.map(\.name).joined(separator: ", "))"))
        }
        return tests.filter { names.contains($0.name) }
    }
}
