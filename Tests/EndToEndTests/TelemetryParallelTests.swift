import Foundation
import Testing
import TestSupport

/// `telemetry ingest` reads a log on every core (issue 18): what it prints and files is the same
/// byte for byte whether one thread reads the log line after line or several read it in pieces.
@Suite("telemetry parallel ingest", .scratchDirectory)
struct TelemetryParallelTests {
    static let fixtures = Fixtures.directory.appendingPathComponent("telemetry")

    /// One thread, the log in one piece.
    static let alone = ["SECISSUE_TELEMETRY_THREADS": "1", "SECISSUE_TELEMETRY_CHUNK": "\(1 << 28)"]
    /// Several threads, the log cut into pieces of a few lines, so that bursts, sweeps, samples and
    /// line numbers all cross the cuts.
    static let spread = [["SECISSUE_TELEMETRY_THREADS": "2", "SECISSUE_TELEMETRY_CHUNK": "1500"],
                         ["SECISSUE_TELEMETRY_THREADS": "3", "SECISSUE_TELEMETRY_CHUNK": "40000"]]

    @Test("one thread and several, in pieces of any size, print the same report and the same matches",
          arguments: ["access.log", "detection-sample.log", "access.log.gz", "cloudtrail/records.json", "cloudtrail/events.jsonl"])
    func sameResult(log: String) throws {
        let sandbox = try Sandbox()
        let repo = try TelemetryTests.appRepository(sandbox)
        let name = (log as NSString).lastPathComponent
        let source = Self.fixtures.appendingPathComponent(log.hasSuffix(".gz") ? String(log.dropLast(3)) : log).path
        try sandbox.write(log.hasSuffix(".gz") ? String(name.dropLast(3)) : name, try String(contentsOfFile: source, encoding: .utf8), in: repo)
        if log.hasSuffix(".gz") { try TelemetryPaperCutTests.gzip(sandbox, String(name.dropLast(3)), in: repo) }
        for options in [["--format", "json"], ["--matches"]] {
            let arguments = ["telemetry", "ingest", "--no-file"] + options + [name]
            let expected = try sandbox.run(Sandbox.binary, arguments, in: repo, env: Self.alone)
            #expect(expected.status == 2, "\(expected.stderr)")
            #expect(expected.stdout.count > 200)
            for environment in Self.spread {
                let result = try sandbox.run(Sandbox.binary, arguments, in: repo, env: environment)
                #expect(result.status == expected.status && result.stdout == expected.stdout && result.stderr == expected.stderr,
                        "\(log) \(options) \(environment)")
            }
        }
    }
}
