import Foundation
import Testing

/// A temporary directory for each test, removed when the test ends, whether it passed or not.
///
/// Mark a suite (the trait reaches every test in it, and each argument of a parameterised test
/// gets its own) or a single test with `.scratchDirectory`, then use `ScratchDirectory.current`,
/// or `ScratchDirectory.make(_:)` for a fresh directory inside it. This is the one place tests
/// make and remove temporary directories: helpers such as the end-to-end `Sandbox` build on it.
public struct ScratchDirectory: TestTrait, SuiteTrait, TestScoping {
    /// The directory of the running test; nil outside a test marked `.scratchDirectory`.
    @TaskLocal public static var current: URL?

    public var isRecursive: Bool { true }

    public init() {}

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("secissue-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Self.$current.withValue(directory) { try await function() }
    }

    /// A new, empty directory `name-<uuid>` inside the running test's scratch directory, so that
    /// one test can make several. Throws when the test is not marked `.scratchDirectory`.
    public static func make(_ name: String) throws -> URL {
        guard let current else { throw Missing() }
        let directory = current.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "no scratch directory: mark the suite or the test with .scratchDirectory (import TestSupport)"
        }
    }
}

extension Trait where Self == ScratchDirectory {
    /// A temporary directory per test (see `ScratchDirectory`).
    public static var scratchDirectory: Self { Self() }
}
