import Foundation
import SecIssueFuzzEntries
import Testing

/// Fuzz/crashes/<target>/: each input a fuzz run (`make fuzz`) crashed on, kept once it is fixed;
/// they run through the same entry the fuzzer calls, so a regression traps here. Fuzz/corpus too:
/// the seeds must pass, or the fuzzer would stop on its first input.
@Suite("fuzz regressions")
struct FuzzRegressionTests {
    static let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz")

    static func inputs(_ folder: String, _ target: FuzzTarget) -> [URL] {
        let directory = fuzz.appendingPathComponent(folder).appendingPathComponent(target.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { directory.appendingPathComponent($0) }
    }

    @Test("every crash and seed input runs through its target without trapping", arguments: FuzzTarget.allCases)
    func replay(target: FuzzTarget) throws {
        let files = Self.inputs("crashes", target) + Self.inputs("corpus", target)
        #expect(!files.isEmpty, "Fuzz/corpus/\(target.rawValue) has no seeds")
        for file in files {
            target.run(Array(try Data(contentsOf: file)))
        }
    }
}
