import ArgumentParser
import SecIssueKit

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every file under .security/; print each problem as path:line: message.")

    @OptionGroup var read: ReadOptions

    func run() throws {
        let problems = try Validator.check(Workspace.discover().store(at: read.at))
        for problem in problems { Output.print(problem.description + "\n") }
        guard problems.isEmpty else {
            Output.error("\(problems.count) problem\(problems.count == 1 ? "" : "s") in .security/")
            throw ExitCode.failure
        }
        Output.note(".security/ is valid")
    }
}
