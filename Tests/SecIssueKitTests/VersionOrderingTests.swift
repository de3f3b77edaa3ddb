import Foundation
import Testing
@testable import SecIssueKit

@Suite("version ordering per ecosystem")
struct VersionOrderingTests {
    /// Asserts that each version is below the next in `scheme`.
    private func expectAscending(_ versions: [String], _ scheme: VersionScheme, sourceLocation: SourceLocation = #_sourceLocation) {
        for (lower, higher) in zip(versions, versions.dropFirst()) {
            #expect(scheme.compare(lower, higher) == -1, "\(scheme): \(lower) < \(higher)", sourceLocation: sourceLocation)
            #expect(scheme.compare(higher, lower) == 1, "\(scheme): \(higher) > \(lower)", sourceLocation: sourceLocation)
        }
    }

    @Test("SemVer 2.0.0: the precedence examples of semver.org, build metadata ignored")
    func semverPrecedence() {
        // semver.org, section 11 (both lists, joined in order).
        expectAscending(["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
                         "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1"], .semver)
        #expect(VersionScheme.semver.compare("1.0.0+20130313144700", "1.0.0") == 0)
        #expect(VersionScheme.semver.compare("1.0.0-beta+exp.sha.5114f85", "1.0.0-beta") == 0)
        #expect(VersionScheme.semver.compare("1.9.0", "1.10.0") == -1)
        // node-semver's comparison fixtures (test/fixtures/comparisons.js), a selection.
        let greater: [(String, String)] = [("0.0.0", "0.0.0-foo"), ("0.0.1", "0.0.0"), ("1.0.0", "0.9.9"), ("0.10.0", "0.9.0"),
                                           ("0.99.0", "0.10.0"), ("2.0.0", "1.2.3"), ("v0.0.0", "0.0.0-foo"), ("=0.0.1", "0.0.0"),
                                           ("1.2.3", "1.2.3-asdf"), ("1.2.3", "1.2.3-4"), ("1.2.3", "1.2.3-4-foo"), ("1.2.3-5-foo", "1.2.3-5"),
                                           ("1.2.3-5", "1.2.3-4"), ("1.2.3-5-foo", "1.2.3-5-Foo"), ("3.0.0", "2.7.2+asdf"),
                                           ("1.2.3-a.10", "1.2.3-a.5"), ("1.2.3-a.b", "1.2.3-a.5"), ("1.2.3-a.b", "1.2.3-a"),
                                           ("1.2.3-a.b.c.10.d.5", "1.2.3-a.b.c.5.d.100"), ("1.2.3-r2", "1.2.3-r100"), ("1.2.3-r100", "1.2.3-R2")]
        for (high, low) in greater {
            #expect(VersionScheme.semver.compare(high, low) == 1, "\(high) > \(low)")
        }
        #expect(VersionScheme.semver.parse("1.2.3.4.5") == nil && VersionScheme.semver.parse("1.x") == nil && VersionScheme.semver.parse("") == nil)
    }

    @Test("Go: v prefix, pseudo-versions by timestamp, +incompatible ignored")
    func goVersions() {
        expectAscending(["v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200101000000-aaaaaaaaaaaa", "v0.1.0",
                         "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4", "v2.0.0+incompatible", "2.0.1"], .go)
        #expect(VersionScheme.go.compare("v2.0.0+incompatible", "2.0.0") == 0)
    }

    @Test("PEP 440: the ordering example of the specification")
    func pep440Specification() {
        expectAscending(["1.dev0", "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2",
                         "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5", "1.0+abc.7", "1.0+5",
                         "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1", "1!0.1"], .pep440)
        #expect(VersionScheme.pep440.compare("1.0", "1.0.0") == 0)
        #expect(VersionScheme.pep440.compare("1.0.0-ALPHA.1", "1.0a1") == 0)
        #expect(VersionScheme.pep440.compare("1.26.0.post1", "1.26.0") == 1)
        #expect(VersionScheme.pep440.parse("1.0-foo") == nil && VersionScheme.pep440.parse("french toast") == nil)
    }

    @Test("PEP 440 agrees with Python's packaging on thousands of generated pairs")
    func pep440AgainstPackaging() throws {
        var random = SeededRandom(seed: 440)
        let versions = (0..<2500).map { _ in random.pep440() }
        var pairs: [(String, String)] = []
        for index in versions.indices {
            pairs.append((versions[index], versions[(index + 1) % versions.count]))
            pairs.append((versions[index], versions[Int(random.next() % UInt64(versions.count))]))
        }
        let input = pairs.map { "\($0.0)\t\($0.1)" }.joined(separator: "\n") + "\n"
        let script = """
            import sys
            try:
                from packaging.version import Version, InvalidVersion
            except ImportError:
                sys.exit("packaging is not installed: run make deps (python3 -m pip install packaging)")
            def parse(text):
                try:
                    return Version(text)
                except InvalidVersion:
                    return None
            for line in sys.stdin.read().splitlines():
                a, b = line.split("\\t")
                x, y = parse(a), parse(b)
                if x is None or y is None:
                    print("invalid" if x is None else "ok", "invalid" if y is None else "ok")
                else:
                    print((x > y) - (x < y))
            """
        let answers = try python(script, input: input)
        try #require(answers.count == pairs.count, "python printed \(answers.count) answers for \(pairs.count) pairs")
        var disagreements: [String] = []
        for ((a, b), answer) in zip(pairs, answers) {
            let x = PEP440Version(a), y = PEP440Version(b)
            let mine: String
            if x == nil || y == nil {
                mine = "\(x == nil ? "invalid" : "ok") \(y == nil ? "invalid" : "ok")"
            } else {
                mine = String(PEP440Version.compare(x!, y!))
            }
            if mine != answer { disagreements.append("\(a) vs \(b): packaging says \(answer), we say \(mine)") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) of \(pairs.count): \(disagreements.prefix(10).joined(separator: "; "))")
        #expect(answers.filter { !$0.contains("invalid") }.count > pairs.count * 3 / 4, "the generator should make mostly valid versions")
    }

    @Test("Maven: ComparableVersion's own test orderings")
    func maven() {
        // Maven's ComparableVersionTest: VERSIONS_QUALIFIER and VERSIONS_NUMBER.
        expectAscending(["1-alpha2snapshot", "1-alpha2", "1-alpha-123", "1-beta-2", "1-beta123", "1-m2", "1-m11", "1-rc", "1-cr2",
                         "1-rc123", "1-SNAPSHOT", "1", "1-sp", "1-sp2", "1-sp123", "1-abc", "1-def", "1-pom-1", "1-1-snapshot",
                         "1-1", "1-2", "1-123"], .maven)
        expectAscending(["2.0", "2-1", "2.0.a", "2.0.0.a", "2.0.2", "2.0.123", "2.1.0", "2.1-a", "2.1b", "2.1-c", "2.1-1", "2.1.0.1",
                         "2.2", "2.123", "11.a2", "11.a11", "11.b2", "11.b11", "11.m2", "11.m11", "11", "11.a", "11b", "11c", "11m"], .maven)
        for (a, b) in [("1", "1.0.0"), ("1-ga", "1"), ("1.0-final", "1"), ("1-cr1", "1-rc1"), ("1a1", "1-alpha-1"), ("1.0RELEASE", "1")] {
            #expect(VersionScheme.maven.compare(a, b) == 0, "\(a) == \(b)")
        }
    }

    @Test("RubyGems, NuGet and Composer orderings")
    func otherSchemes() {
        expectAscending(["1.0.a", "1.0.b", "1.0.b1", "1.0", "1.0.1", "1.9.3", "1.9.10", "2.0.0.pre", "2.0.0.rc1", "2.0.0"], .rubygems)
        #expect(VersionScheme.rubygems.compare("1.0.0", "1") == 0)
        #expect(VersionScheme.rubygems.compare("1.0.0-rc1", "1.0.0.pre.rc1") == 0)
        expectAscending(["1.0.0-alpha", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0", "1.0.0.1", "1.0.1", "1.10"], .nuget)
        #expect(VersionScheme.nuget.compare("1.0.0-ALPHA", "1.0.0-alpha") == 0 && VersionScheme.nuget.compare("1.0", "1.0.0.0") == 0)
        expectAscending(["1.0.0-dev", "1.0.0-alpha1", "1.0.0-beta2", "1.0.0-beta10", "1.0.0-RC1", "1.0.0", "1.0.0-p1", "1.0.1", "v1.1"], .composer)
        #expect(VersionScheme.composer.compare("v2.0", "2.0.0.0") == 0)
        #expect(VersionScheme.composer.parse("dev-main") == nil)
    }

    @Test("libraries.yml ranges order by the ecosystem: a PEP 440 post-release is above <=1.26.0")
    func rangesUseTheScheme() {
        let range = VersionRange("<=1.26.0")
        #expect(!range.contains("1.26.0.post1", scheme: .pep440))
        #expect(range.contains("1.26.0rc1", scheme: .pep440) && range.contains("1.26.0", scheme: .pep440))
        #expect(VersionRange(">=1.0.0-rc.1, <1.0.0").contains("1.0.0-rc.2", scheme: .semver))
        #expect(!VersionRange("<2.20").contains("2.20.0", scheme: .pep440) && VersionRange("<2.20").contains("2.20.0rc1", scheme: .pep440))
        #expect(VersionRange("==1.2.*").contains("1.2.9", scheme: .pep440) && !VersionRange("!=1.2.*").contains("1.2.9", scheme: .pep440))
        #expect(VersionRange("1.0-SNAPSHOT").contains("1.0-snapshot", scheme: .maven) && !VersionRange("1.0-SNAPSHOT").contains("1.0", scheme: .maven))
        #expect(VersionRange("<2.0").contains("2.0-beta-1", scheme: .maven))
        #expect(VersionRange("^0.3.8").contains("0.3.9", scheme: .semver) && !VersionRange("^0.3.8").contains("0.4.0", scheme: .semver))
    }

    @Test("a Maven ban by artifact alone matches that artifact in any group, and says so")
    func mavenArtifactOnly() throws {
        let policy = try LibraryPolicy(yaml: """
            ecosystems:
              maven:
                banned:
                  - {name: log4j-core, versions: "<2.17.1", reason: Log4Shell}
                  - {name: "org.yaml:snakeyaml", versions: "<2.0", reason: CVE-2022-1471}

            """)
        let log4j = Dependency(ecosystem: .maven, name: "org.apache.logging.log4j:log4j-core", version: "2.14.1", manifest: "pom.xml")
        let snake = Dependency(ecosystem: .maven, name: "org.yaml:snakeyaml", version: "1.33", manifest: "pom.xml")
        #expect(policy.verdict(for: log4j) != .allowed)
        #expect(policy.verdict(for: snake) != .allowed)
        #expect(policy.warnings == [".security/libraries.yml:4: " + LibraryPolicy.mavenWarning("log4j-core")])
    }
}

/// A small deterministic generator (SplitMix64), so a failure can be reproduced.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// A version in one of PEP 440's spellings, sometimes a slightly wrong one.
    mutating func pep440() -> String {
        var text = chance(5) ? "v" : ""
        if chance(10) { text += "\(below(3))!" }
        text += (0..<(1 + below(4))).map { _ in chance(5) ? "0\(below(10))" : String(below(chance(10) ? 1000 : 4)) }.joined(separator: ".")
        let separators = ["", ".", "-", "_"]
        if chance(35) {
            text += pick(separators) + pick(["a", "alpha", "b", "beta", "c", "rc", "pre", "preview", "RC", "Alpha"])
            if chance(80) { text += pick(["", "", ".", "-"]) + String(below(12)) }
        }
        if chance(25) {
            text += chance(25) ? "-\(below(5))" : pick(separators) + pick(["post", "rev", "r", "POST"]) + (chance(80) ? String(below(5)) : "")
        }
        if chance(25) { text += pick(separators) + pick(["dev", "DEV"]) + (chance(80) ? String(below(500)) : "") }
        if chance(15) { text += "+" + pick(["abc.5", "5", "ubuntu-1", "abc.7", "1.a", "a.1", "local_2", "ABC"]) }
        if chance(2) { text += pick(["-foo", ".", "+", "..1", "x"]) }
        return text
    }
}

/// Runs a Python script with `input` on stdin and returns its output lines; fails the test with
/// Python's own message when it exits non-zero (python3 missing, packaging missing).
func python(_ script: String, input: String) throws -> [String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script]
    let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    let writer = Thread { stdin.fileHandleForWriting.write(Data(input.utf8)); try? stdin.fileHandleForWriting.close() }
    writer.start()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    let errors = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw PythonError(message: "python3 exited \(process.terminationStatus): \(String(decoding: errors, as: UTF8.self))")
    }
    return String(decoding: output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
}

struct PythonError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
