import ArgumentParser
import SecIssueKit

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check every file under .security/; print each problem as path:line: message.")

    @OptionGroup var read: ReadOptions
    @OptionGroup var output: RecordOptions

    func run() throws {
        let problems = try Validator.check(Workspace.discover().store(at: read.at))
        switch output.format {
        case .text: for problem in problems { Output.print(problem.description + "\n") }
        case .json:
            Output.json(.object([("valid", .bool(problems.isEmpty)), ("problems", .array(problems.map { problem in
                .object([("path", .string(problem.path)), ("line", .optional(problem.line)), ("message", .string(problem.message))])
            }))]))
        }
        guard problems.isEmpty else {
            throw SecIssueError("\(problems.count) problem\(problems.count == 1 ? "" : "s") in .security/", code: SecIssueError.Code.invalidFile)
        }
        if output.format == .text { Output.note(".security/ is valid") }
    }
}
