import Foundation
import Testing
@testable import SecIssueKit
@testable import SecIssueLibraries

@Suite("JSON limits")
struct JSONLimitsTests {
    static func sarif(startLine: String) -> Data {
        Data("""
        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "t"}}, "results": [
          {"ruleId": "r", "message": {"text": "m"},
           "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.py"}, "region": {"startLine": \(startLine)}}}]}]}]}
        """.utf8)
    }

    static func message(_ data: Data) -> String {
        do {
            _ = try SARIFReader.decode(data, path: "scan.sarif")
            return "decoded"
        } catch {
            return "\(error)"
        }
    }

    @Test("an integer beyond 64 bits is named with its byte and line, not called truncated")
    func bigInteger() {
        let message = Self.message(Self.sarif(startLine: "99999999999999999999"))
        #expect(message.contains("scan.sarif: not a SARIF 2.1.0 log: a number does not fit in 64 bits (99999999999999999999"), "\(message)")
        #expect(message.contains("at byte 224 (line 3)"), "\(message)")
        #expect(!message.contains("truncated"))
    }

    @Test("Int64.min itself still reads, and one below it does not")
    func int64Edges() {
        #expect(Self.message(Self.sarif(startLine: "-9223372036854775808")) == "decoded")
        #expect(Self.message(Self.sarif(startLine: "-9223372036854775809")).contains("does not fit in 64 bits"))
    }

    @Test("nesting deeper than the reader takes is named as such")
    func deepNesting() {
        let deep = Data(("{\"version\": \"2.1.0\", \"runs\": [], \"x\": " + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}").utf8)
        let message = Self.message(deep)
        #expect(message.contains("nested deeper than 512 levels at byte 550 (line 1)"), "\(message)")
        #expect(JSONLimits.problem(in: Data((String(repeating: "[", count: 512) + String(repeating: "]", count: 512)).utf8)) == nil)
    }

    @Test("a file cut short is still called that, even after a large number")
    func truncated() {
        let message = Self.message(Data("{\"version\": \"2.1.0\", \"x\": 99999999999999999999, \"runs\": [".utf8))
        #expect(message.contains("truncated or not JSON"), "\(message)")
        #expect(JSONLimits.problem(in: Data("[\"a \\\" [[[[ 99999999999999999999\"]".utf8)) == nil, "text in strings is not JSON")
    }

    @Test("a lock file nested too deep says so")
    func lockFile() throws {
        let text = "{\"a\": " + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}"
        #expect {
            try JSONLines(text, path: "package-lock.json", regenerate: "npm install")
        } throws: { error in
            "\(error)".contains("package-lock.json: nested deeper than 512 levels")
        }
    }
}
