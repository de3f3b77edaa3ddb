import Foundation
import Testing
import TestSupport

/// What keeps process start cheap (docs/performance.md, "Start-up"): checks on the built binary
/// and its sources, since a timed test would only measure the machine.
@Suite("process start", .scratchDirectory)
struct StartupTests {
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("the binary defines mbedtls_x509_crt_parse_file, so libgit2's initialisation loads no CA bundle, and still reads repositories")
    func noCertificateBundle() throws {
        let sandbox = try Sandbox()
        let symbols = try sandbox.run("/usr/bin/nm", ["-D", "--defined-only", Sandbox.binary], in: sandbox.path("."))
        #expect(symbols.status == 0, "\(symbols.stderr)")
        #expect(symbols.stdout.split(separator: "\n").contains { $0.hasSuffix(" T mbedtls_x509_crt_parse_file") })
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "Still readable", "--severity", "low", in: repo)
        #expect(try sandbox.secissue("show", id, in: repo).stdout.contains("Still readable"))
    }

    @Test("every command names itself: a name derived from the type costs a protocol-conformance scan per command at every start")
    func everyCommandIsNamed() throws {
        let sources = Self.package.appendingPathComponent("Sources/git-secissue")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        var unnamed: [String] = []
        for file in files {
            let lines = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (number, line) in lines.enumerated() where line.contains("CommandConfiguration(") {
                let call = lines[number..<min(number + 2, lines.count)].joined(separator: "\n")
                if !call.contains("commandName:") { unnamed.append("\(file):\(number + 1)") }
            }
        }
        #expect(files.count > 20)
        #expect(unnamed.isEmpty, "CommandConfiguration without commandName: \(unnamed)")
    }
}
