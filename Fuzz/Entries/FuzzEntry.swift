import Foundation
import SecIssueBaseline
import SecIssueKit
import SecIssueLibraries
import SecIssueTelemetry

/// The in-process fuzz targets (issue 12). Each takes one input of arbitrary bytes and must return
/// without trapping: a parser may throw, never crash. `SecIssueFuzz` (libFuzzer, or its own driver)
/// and `FuzzRegressionTests` (which replays `Fuzz/crashes/<target>/`) both call `FuzzTarget.run`.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// A finding file: decode, re-encode, decode the encoding, and rewrite the text in place.
    case codec
    /// `.security/config.yml`.
    case config
    /// `.security/libraries.yml`.
    case libraries
    /// A SARIF log through `SARIFReader` and `ResultMapper` (with a source reader that has no files).
    case sarif
    /// An access log: the first byte picks combined, common or JSON lines (`byte % 3`), the second
    /// where the rest is cut into two chunks; then the reader runs over it.
    case accesslog
    /// CloudTrail (a `Records` file or JSON lines): the first byte is where the rest is cut into two chunks.
    case cloudtrail
    /// A manifest or lock file: the first byte picks the kind (`byte % 13`, in `ManifestParser.Kind`
    /// order), the rest is the file's text, parsed by `ManifestParser` under that kind's file name.
    case lockfiles
    /// The merge driver: base, ours and theirs are the input split at its first two NUL bytes.
    case merge
    /// An rpm SQLite database (`rpmdb.sqlite`), read with no write-ahead log.
    case rpmdb

    /// Runs one input. Errors thrown by the code under test are the expected outcome of bad input.
    public func run(_ input: [UInt8]) {
        switch self {
        case .codec: Self.codec(input)
        case .config: _ = try? Config(yaml: Self.text(input))
        case .libraries: _ = try? LibraryPolicy(yaml: Self.text(input))
        case .sarif: Self.sarif(input)
        case .accesslog: Self.accessLog(input)
        case .cloudtrail: Self.cloudTrail(input)
        case .lockfiles: Self.lockfile(input)
        case .merge: Self.merge(input)
        case .rpmdb: _ = try? PackageDatabase.parseRPM(bytes: input)
        }
    }

    static func text<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String { String(decoding: bytes, as: UTF8.self) }

    static let findingPath = ".security/findings/SEC-1.md"
    /// The defaults, made once rather than per input.
    static let defaults = Config()

    static func codec(_ input: [UInt8]) {
        let text = text(input)
        guard let finding = try? FindingCodec.decode(text, path: findingPath) else { return }
        let encoded = FindingCodec.encode(finding)
        let again = try? FindingCodec.decode(encoded, path: findingPath)
        if let rewritten = try? FindingCodec.rewrite(text, from: finding, to: again ?? finding, path: findingPath) {
            _ = try? FindingCodec.decode(rewritten, path: findingPath)
        }
        var changed = finding
        changed.title += " (changed)"
        changed.description += "\n\nmore"
        changed.activity.append("2026-01-01T00:00:00Z fuzz: changed")
        if let rewritten = try? FindingCodec.rewrite(text, from: finding, to: changed, path: findingPath) {
            _ = try? FindingCodec.decode(rewritten, path: findingPath)
        }
    }

    static func sarif(_ input: [UInt8]) {
        var mapper = ResultMapper(config: defaults, root: nil) { _ in nil }
        _ = try? mapper.map(data: Data(input), path: "fuzz.sarif")
    }

    static func accessLog(_ input: [UInt8]) {
        guard let selector = input.first else { return }
        let format: LogFormat = [.combined, .common, .jsonl][Int(selector) % 3]
        var reader = AccessLogReader(format: format, policy: defaults.telemetry)
        feed(&reader, Array(input.dropFirst()))
    }

    static func cloudTrail(_ input: [UInt8]) {
        var reader = CloudTrailReader()
        feed(&reader, input)
    }

    /// Feeds `input` after its first byte in two chunks, cut where the first byte says.
    static func feed<Reader: TelemetryReader>(_ reader: inout Reader, _ input: [UInt8]) {
        guard let cut = input.first else { return }
        let rest = Array(input.dropFirst())
        let at = rest.isEmpty ? 0 : Int(cut) % (rest.count + 1)
        var aggregate = TelemetryAggregate()
        do {
            for chunk in [rest[..<at], rest[at...]] where !chunk.isEmpty {
                try Array(chunk).withUnsafeBytes { try reader.consume($0, into: &aggregate) }
            }
            try reader.finish(into: &aggregate)
        } catch {}
    }

    /// A file name of each kind, in `ManifestParser.Kind.allCases` order.
    static let lockfileNames: [ManifestParser.Kind: String] = [
        .packageResolved: "Package.resolved", .npmLock: "package-lock.json", .yarnLock: "yarn.lock",
        .requirements: "requirements.txt", .poetryLock: "poetry.lock", .pipfileLock: "Pipfile.lock",
        .goMod: "go.mod", .goSum: "go.sum", .cargoLock: "Cargo.lock", .gemfileLock: "Gemfile.lock",
        .pom: "pom.xml", .composerLock: "composer.lock", .nugetLock: "packages.lock.json",
    ]

    static func lockfile(_ input: [UInt8]) {
        guard let selector = input.first else { return }
        let kinds = ManifestParser.Kind.allCases
        let kind = kinds[Int(selector) % kinds.count]
        guard let name = lockfileNames[kind] else { return }
        let text = text(input.dropFirst())
        _ = try? ManifestParser.parse(text, path: name)
        _ = try? ManifestParser.includes(text, path: name)
    }

    static func merge(_ input: [UInt8]) {
        let parts = input.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false).map { text($0) }
        let base = parts.count > 0 ? parts[0] : "", ours = parts.count > 1 ? parts[1] : "", theirs = parts.count > 2 ? parts[2] : ""
        _ = try? FindingMerge.merge(base: base, ours: ours, theirs: theirs, path: findingPath)
    }
}
