import Foundation
import Testing
@testable import SecIssueKit
@testable import SecIssueTelemetry

/// The quick test before decoding (`AttackTriggers`) and the reading in pieces on several threads
/// change nothing ingest finds: differential tests against the full scan of every request and
/// against one thread reading line after line, on the fixture logs and on generated adversarial ones.
@Suite("attack triggers and parallel ingest")
struct AttackTriggerTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/SecIssueTelemetry/Web")
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/telemetry")

    /// Every string literal in the detectors and the decoder: the words, files, commands and
    /// fragments they look for, so that a trigger missing from `AttackTriggers` shows up.
    static let literals: [String] = {
        var found: Set<String> = []
        let directories = [sources.appendingPathComponent("Detectors"), sources]
        for directory in directories {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] where name.hasSuffix(".swift") {
                let text = (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? ""
                let pattern = try! NSRegularExpression(pattern: #""([^"\\ ]{1,24})""#)
                for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    found.insert(String(text[Range(match.range(at: 1), in: text)!]))
                }
            }
        }
        return found.sorted()
    }()

    /// Request targets glued from the literals, numbers and the punctuation plain URLs hold, in
    /// mixed case: the text on which the quick test has to be right without a trigger byte.
    static func targets(_ count: Int, seed: UInt64) -> [String] {
        var random = SeededRandom(seed: seed)
        // Spaces (`+`, `%20`, `%09`, twice encoded) between the tokens of a check: `8104 = 9824`, `& id`.
        let glue = ["/", "?", "=", "&", ".", "-", ":", "_", ",", "~", "", "", "/", "=", "&", "%2F", "%20", "+", "%C3%A9", "%2e", "%27",
                    "+=+", "%26+", "+%3D", "%09", "%2520", "+%26%20", "%FF"]
        let numbers = ["1", "0", "7", "42", "1028", "1027", "8104", "12345", "1.e", "1e0"]
        return (0..<count).map { _ in
            var target = random.below(4) == 0 ? "" : "/"
            for _ in 0..<(2 + random.below(6)) {
                switch random.below(5) {
                case 0, 1, 2:
                    var word = random.pick(literals)
                    if random.below(4) == 0 { word = word.uppercased() }
                    target += word
                case 3: target += random.pick(numbers)
                default: target += random.pick(["a", "x", "index", "id", "q", "page", "file"])
                }
                target += random.pick(glue)
            }
            return target
        }
    }

    @Test("no generated target a detector flags is cleared by the quick test")
    func generatedTargets() {
        var scanner = AttackScanner()
        scanner.prefilter = false
        var quick = AttackScanner()
        var flagged = 0
        for target in Self.targets(60_000, seed: 18) {
            let bytes = Array(target.utf8)
            let found = bytes.withUnsafeBufferPointer { scanner.detections($0) }
            guard !found.isEmpty else { continue }
            flagged += 1
            #expect(bytes.withUnsafeBufferPointer(AttackScanner.mayHoldAttack), "cleared but flagged: \(target)")
            #expect(!bytes.withUnsafeBufferPointer { quick.detections($0) }.isEmpty, "skipped once decoded but flagged: \(target)")
        }
        #expect(flagged > 2_000, "the generated targets reach the detectors")
    }

    @Test("requests the detectors flag without a quote, escape or bracket are not cleared (the byte table before this let them through)",
          arguments: ["/x?a=1&id", "/r?u=javascript://x", "/p?x=document.cookie", "/p?x=information_schema", "/p?id=1&8104=9824",
                      "/x?a=/bin/id", "/products/ADW-x", "/f?x=.1.e./etc/passwd"])
    func formerGaps(target: String) {
        var scanner = AttackScanner()
        let bytes = Array(target.utf8)
        #expect(bytes.withUnsafeBufferPointer(AttackScanner.mayHoldAttack))
        #expect(!bytes.withUnsafeBufferPointer { scanner.detections($0) }.isEmpty)
    }

    @Test("requests whose attack shows only once decoded, across a space, are not cleared",
          arguments: ["/s?q=8104+=+9824", "/s?q=5357+like+5357", "/x?a=1%26+id", "/x?a=1%2526%2520ID", "/r?u=java%09script://x",
                      "/r?u=VB+Script://x", "/s?q=1+union+select+1,2", "/s?q=x+OR+1=1", "/s?q=8104%2520%253D%25209824",
                      "/s?q=%FF8104+=+9824", "/s?q=x%20and%20true--%20", "/p?f=..%2F..%2Fetc%2Fpasswd"])
    func spacedTriggers(target: String) {
        var full = AttackScanner()
        full.prefilter = false
        var quick = AttackScanner()
        let bytes = Array(target.utf8)
        #expect(!bytes.withUnsafeBufferPointer { full.detections($0) }.isEmpty, "the detectors flag \(target)")
        #expect(!bytes.withUnsafeBufferPointer { quick.detections($0) }.isEmpty, "skipped once decoded but flagged: \(target)")
    }

    @Test("prose in a search is cleared once decoded: spaces, and keywords where the detectors see nothing",
          arguments: ["/search?q=red+dress", "/search?q=union+station", "/search?q=brown+and+boots", "/search?q=windows%2011%20laptop",
                      "/search?q=order+by+date", "/search?q=sleep+well", "/download?file=catalog%2Fspring%2Fsummer.pdf",
                      "/search?q=java+books", "/search?q=%E6%97%A5%E6%9C%AC"])
    func proseCleared(target: String) {
        var decoder = RequestDecoder()
        let bytes = Array(target.utf8)
        bytes.withUnsafeBufferPointer { decoder.decode($0) }
        #expect(!AttackTriggers.present(in: decoder.text, decoded: true), "\(target) decodes to \(String(decoding: decoder.text, as: UTF8.self))")
        var full = AttackScanner()
        full.prefilter = false
        #expect(bytes.withUnsafeBufferPointer { full.detections($0) }.isEmpty)
    }

    @Test("no request of the fixture logs a detector flags is cleared by the quick test")
    func fixtureTargets() throws {
        var scanner = AttackScanner()
        scanner.prefilter = false
        var quick = AttackScanner()
        var flagged = 0
        for name in ["access.log", "detection-sample.log"] {
            let text = try String(contentsOf: Self.fixtures.appendingPathComponent(name), encoding: .utf8)
            for line in text.split(separator: "\n") {
                guard let request = AccessLogLine.parse(Array(line.utf8)[...], format: .combined) else { continue }
                let bytes = Array(request.target.utf8)
                guard !bytes.withUnsafeBufferPointer({ scanner.detections($0) }).isEmpty else { continue }
                flagged += 1
                #expect(bytes.withUnsafeBufferPointer(AttackScanner.mayHoldAttack), "cleared but flagged: \(request.target)")
                #expect(!bytes.withUnsafeBufferPointer { quick.detections($0) }.isEmpty, "skipped once decoded but flagged: \(request.target)")
            }
        }
        #expect(flagged > 1_000)
    }

    /// A combined log of generated targets from a few clients, with some error statuses, over a
    /// few minutes: attacks, bursts and sweeps that cross any cut.
    static func adversarialLog(_ lines: Int, seed: UInt64) -> String {
        var random = SeededRandom(seed: seed)
        let targets = Self.targets(lines, seed: seed)
        return targets.enumerated().map { index, target in
            let second = index / 40
            let time = String(format: "27/Nov/2026:08:%02d:%02d +0000", second / 60 % 60, second % 60)
            let status = random.pick([200, 200, 200, 404, 404, 500, 302])
            let escaped = target.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "198.51.100.\(random.below(6)) - - [\(time)] \"GET \(escaped) HTTP/1.1\" \(status) 12 \"-\" \"curl/8.0\""
        }.joined(separator: "\n") + "\n"
    }

    /// Everything an ingest of `text` yields, as text: each observation as `--matches` sees it, the
    /// summaries with their counts, times, sources and samples, and the reader's counts.
    static func ingest(_ text: String, parallelism: IngestParallelism, prefilter: Bool = true, cutoffs: [String: Int64] = [:]) throws -> String {
        var reader = AccessLogReader(format: .combined, policy: TelemetryPolicy(), parallelism: parallelism)
        reader.prefilter = prefilter
        var aggregate = TelemetryAggregate(cutoffs: cutoffs)
        let log = AccessLogObservations()
        aggregate.observer = { log.observations.append($0) }
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBytes { all in
            var start = 0
            while start < all.count {
                let end = min(all.count, start + 65_536 + start % 977)
                try reader.consume(UnsafeRawBufferPointer(rebasing: all[start..<end]), into: &aggregate)
                start = end
            }
        }
        try reader.finish(into: &aggregate)
        var out = log.observations.map { "\($0.line) \($0.rule) \($0.resource) \($0.time) \($0.source) \($0.count) \($0.reason ?? "")" }
        out += aggregate.sorted.map {
            "\($0.rule) \($0.resource) \($0.title) \($0.severity) \($0.count) \($0.firstSeen) \($0.lastSeen) \($0.topSources(1000)) \($0.samples)"
        }
        out.append("records \(reader.stats.records) skipped \(reader.stats.skipped) \(reader.stats.problems) overflow \(aggregate.overflow) counted \(aggregate.alreadyCounted)")
        return out.joined(separator: "\n")
    }

    static func logs() throws -> [String] {
        let damaged = "not a log line\n" + adversarialLog(300, seed: 7) + "\r\n   \n" + String(repeating: "x", count: 5000) + "\nlast line without newline"
        return try ["access.log", "detection-sample.log"].map { try String(contentsOf: fixtures.appendingPathComponent($0), encoding: .utf8) }
            + [adversarialLog(20_000, seed: 99), damaged]
    }

    @Test("ingest with the quick test equals ingest that scans every request, on the fixtures and an adversarial log")
    func prefilterChangesNothing() throws {
        for log in try Self.logs() {
            let single = IngestParallelism(threads: 1)
            let quick = try Self.ingest(log, parallelism: single)
            #expect(quick == (try Self.ingest(log, parallelism: single, prefilter: false)))
            #expect(quick.count > 100)
        }
    }

    @Test("one thread reading line after line and several reading pieces of any size give the same result")
    func parallelChangesNothing() throws {
        for log in try Self.logs() {
            let expected = try Self.ingest(log, parallelism: IngestParallelism(threads: 1, chunkBytes: 1 << 28))
            for (threads, chunk) in [(1, 700), (2, 1), (2, 3_000), (3, 100_000), (4, 4 << 20)] {
                #expect(try Self.ingest(log, parallelism: IngestParallelism(threads: threads, chunkBytes: chunk)) == expected, "\(threads) threads, \(chunk) bytes")
            }
            // With counts from an earlier ingest, the pieces must leave out the same events.
            let cutoffs: [String: Int64] = [TelemetryFindings.identityKey(rule: "sqli", resource: "/product"): 1_795_768_974]
            #expect(try Self.ingest(log, parallelism: IngestParallelism(threads: 2, chunkBytes: 2_000), cutoffs: cutoffs)
                    == (try Self.ingest(log, parallelism: IngestParallelism(threads: 1, chunkBytes: 1 << 28), cutoffs: cutoffs)))
        }
    }
}
