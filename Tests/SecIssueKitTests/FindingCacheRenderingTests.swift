import Foundation
import Testing
import TestSupport
@testable import SecIssueKit

/// The `--format json` renderings the findings cache keeps beside its records: used only by the
/// build that made them, and only what that build would render.
@Suite("finding cache renderings", .scratchDirectory)
struct FindingCacheRenderingTests {
    static let key = String(repeating: "ab", count: 20)

    /// A cache file written by a build stamped `stamp`, holding one finding and `json`.
    func written(stamp: String?, json: [UInt8]) throws -> String {
        let path = try ScratchDirectory.make("cache").appendingPathComponent(FindingCache.fileName).path
        let cache = FindingCache(path: path, stamp: stamp)
        cache.store(FindingRecordTests.everyField(), json: json, key: Self.key)
        cache.save()
        return path
    }

    /// The rendering a build stamped `stamp` reads from the cache at `path`, copied while the
    /// cache, which owns its bytes, is alive.
    func rendering(_ path: String, stamp: String) -> [UInt8]? {
        let cache = FindingCache(path: path, stamp: stamp)
        return withExtendedLifetime(cache) { cache.json(key: Self.key).map(Array.init) }
    }

    @Test("a listing renders a finding as the finding's own JSON, one level in")
    func renderingIsTheElement() {
        let finding = FindingRecordTests.everyField()
        var expected: [UInt8] = []
        JSONValue.streamArray([finding], element: \.json) { expected += $0 }
        #expect(expected == Array("[\n  ".utf8) + finding.jsonElement + Array("\n]\n".utf8))
    }

    @Test("the build that wrote a rendering reads it back; another build, or one that cannot name itself, never does")
    func onlyTheSameBuild() throws {
        let path = try written(stamp: "build A", json: Array("rendered by A".utf8))
        #expect(rendering(path, stamp: "build A") == Array("rendered by A".utf8))
        #expect(FindingCache(path: path, stamp: "build B").json(key: Self.key) == nil)
        #expect(FindingCache(path: path, stamp: nil).json(key: Self.key) == nil)
        // The record itself does not depend on the build.
        #expect(FindingCache(path: path, stamp: "build B").finding(key: Self.key) == FindingRecordTests.everyField())
    }

    @Test("a build that cannot name itself keeps no rendering, and another build's renderings are dropped when it rewrites the cache")
    func neverKeptForOthers() throws {
        let unnamed = try written(stamp: nil, json: Array("rendered".utf8))
        #expect(FindingCache(path: unnamed, stamp: nil).json(key: Self.key) == nil)
        #expect(FindingCache(path: unnamed, stamp: "").json(key: Self.key) == nil)

        let path = try written(stamp: "build A", json: Array("rendered by A".utf8))
        let other = FindingCache(path: path, stamp: "build B")
        #expect(other.finding(key: Self.key) != nil)
        other.storeJSON(Array("rendered by B".utf8), key: Self.key)
        other.save()
        #expect(FindingCache(path: path, stamp: "build A").json(key: Self.key) == nil)
        #expect(rendering(path, stamp: "build B") == Array("rendered by B".utf8))
    }

    @Test("the running executable names itself")
    func currentStamp() {
        #expect(FindingCache.currentStamp != nil)
    }
}
