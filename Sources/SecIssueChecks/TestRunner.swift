import Foundation
import SecIssueKit

/// Runs declared tests in the repository's top directory, as many at once as there are cores,
/// each through `Subprocess` with its timeout. A test never counts as passed for not running:
/// a missing program, a missing environment variable or a missing output is a `notRun` end.
public enum TestRunner {
    /// The executions, in the order of `tests`.
    public static func run(_ tests: [SecurityTests.Test], in directory: String, environment: [String: String],
                           jobs: Int = ProcessInfo.processInfo.activeProcessorCount) -> [TestExecution] {
        Subprocess.endGroupsOnInterrupt()
        let results = Results(count: tests.count)
        let slots = DispatchSemaphore(value: max(1, jobs))
        let group = DispatchGroup()
        for (index, test) in tests.enumerated() {
            slots.wait()
            group.enter()
            Thread.detachNewThread {
                results.set(index, execute(test, in: directory, environment: environment))
                slots.signal()
                group.leave()
            }
        }
        group.wait()
        return results.all
    }

    /// Runs one test: its arguments with `${NAME}` and `{output}` filled in, each within its own argument.
    static func execute(_ test: SecurityTests.Test, in directory: String, environment: [String: String]) -> TestExecution {
        func notRun(_ reason: String) -> TestExecution { TestExecution(test: test, end: .notRun(reason), seconds: 0, output: nil, errors: "") }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("secissue-test-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: false)
        } catch {
            return notRun("cannot make a directory for its output: \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outputPath = scratch.appendingPathComponent("output").path
        var arguments: [String] = []
        for argument in test.command {
            switch expand(argument, environment: environment, output: outputPath) {
            case .success(let text): arguments.append(text)
            case .failure(let missing):
                return notRun("the environment variable \(missing) is not set: the command needs it (\(argument))")
            }
        }
        let result: Subprocess.Result
        do {
            result = try Subprocess.run(arguments, directory: directory, environment: environment, timeout: Double(test.timeout))
        } catch Subprocess.Failure.notFound(let program) {
            return notRun(InstallHints.missing(program, test: test))
        } catch {
            return notRun("\(error)")
        }
        let errors = String(decoding: result.stderr.suffix(2_000), as: UTF8.self)
        if result.timedOut {
            return TestExecution(test: test, end: .timedOut, seconds: result.seconds, output: nil, errors: errors)
        }
        var output: Data?
        switch test.output {
        case .exitCode: output = nil
        case .sarif, .native:
            output = test.writesOutputFile ? readOutput(outputPath) : result.stdout
        }
        return TestExecution(test: test, end: .exited(result.status), seconds: result.seconds, output: output, errors: errors)
    }

    /// The file at `{output}`; when the tool made a directory there instead (Checkov's
    /// `--output-file-path` names a directory), the one file in it.
    static func readOutput(_ path: String) -> Data? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        guard isDirectory.boolValue else { return FileManager.default.contents(atPath: path) }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path), names.count == 1 else { return nil }
        return FileManager.default.contents(atPath: path + "/" + names[0])
    }

    /// `${NAME}` replaced by the variable's value and `{output}` by the output file; the name of
    /// the first variable that is not set, as the failure.
    static func expand(_ argument: String, environment: [String: String], output: String) -> Result<String, MissingVariable> {
        var text = argument.replacingOccurrences(of: SecurityTests.outputPlaceholder, with: output)
        var expanded = ""
        while let open = text.range(of: "${") {
            guard let close = text[open.upperBound...].firstIndex(of: "}") else { break }
            let name = String(text[open.upperBound..<close])
            guard let value = environment[name], !value.isEmpty else { return .failure(MissingVariable(name: name)) }
            expanded += text[..<open.lowerBound] + value
            text = String(text[text.index(after: close)...])
        }
        return .success(expanded + text)
    }

    struct MissingVariable: Error, CustomStringConvertible {
        let name: String
        var description: String { name }
    }

    /// The executions as they finish, each in its place.
    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [TestExecution?]

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ execution: TestExecution) {
            lock.lock()
            slots[index] = execution
            lock.unlock()
        }

        var all: [TestExecution] {
            lock.lock()
            defer { lock.unlock() }
            return slots.map { $0! }
        }
    }
}
