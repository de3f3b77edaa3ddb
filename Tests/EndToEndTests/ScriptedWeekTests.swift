import Foundation
import Testing
import TestSupport

/// The acceptance of issue 20, smaller: a day and a half of hourly ingests against steady
/// attacks, nightly baseline checks without drift and CI imports with two real changes add to
/// the default branch only the commits that carry a real change (scripts/scripted-week).
@Suite("scripted week", .scratchDirectory)
struct ScriptedWeekTests {
    @Test("36 hourly ingests, 2 baseline checks and 6 imports add 3 commits, each a real change")
    func shortWeek() throws {
        let sandbox = try Sandbox()
        let script = DocExampleTests.package.appendingPathComponent("scripts/scripted-week").path
        let run = try sandbox.run("/usr/bin/python3", [script, Sandbox.binary], in: sandbox.root.path,
                                  env: ["HOURS": "36", "NIGHTS": "2", "IMPORTS": "6", "TMPDIR": sandbox.root.path])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("runs: 36 hourly ingests, 2 nightly baseline checks, 6 CI imports"), "\(run.stdout)")
        #expect(run.stdout.contains("commits added to main: 3\n"), "\(run.stdout)")
        #expect(run.stdout.contains("commits that carry a real change: 3 of 3"), "\(run.stdout)")
        #expect(run.stdout.contains("status open -> fixed"))
        #expect(run.stdout.contains("secissue: import telemetry: new 3,"))
    }
}
