import Foundation
import Testing
import TestSupport

/// What keeps process start cheap (docs/performance.md, "Start-up"): checks on the built binary
/// and its sources, since a timed test would only measure the machine.
@Suite("process start", .scratchDirectory)
struct StartupTests {
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("libgit2 is linked in, no shared libgit2 is loaded, its CA-bundle call is answered by the binary, and repositories still read")
    func libgit2LinkedIn() throws {
        let sandbox = try Sandbox()
        let dynamic = try sandbox.run("/usr/bin/readelf", ["--dynamic", Sandbox.binary], in: sandbox.path("."))
        #expect(dynamic.status == 0, "\(dynamic.stderr)")
        let needed = dynamic.stdout.split(separator: "\n").filter { $0.contains("(NEEDED)") }
        #expect(!needed.isEmpty)
        #expect(!needed.contains { $0.contains("libgit2") || $0.contains("libssh2") || $0.contains("libcrypto") || $0.contains("mbed") },
                "\(needed)")
        let symbols = try sandbox.run("/usr/bin/nm", ["--defined-only", Sandbox.binary], in: sandbox.path("."))
        #expect(symbols.status == 0, "\(symbols.stderr)")
        #expect(symbols.stdout.split(separator: "\n").contains { $0.hasSuffix(" T __wrap_mbedtls_x509_crt_parse_file") })
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
