import Foundation
import Testing
import TestSupport

/// Several git secissue commands writing to one working tree at once: each waits its turn, none
/// reports another's write in flight as the user's uncommitted edit, and every write reported
/// as committed is in the final history, the files and the index.
@Suite("concurrent writers", .scratchDirectory)
struct ConcurrentWriteTests {
    @Test("concurrent comments and new findings in a working tree all succeed and all land")
    func concurrentWorkingTreeWriters() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "Shared finding", in: repo)
        let writers = 8
        let results = LockedResults()
        DispatchQueue.concurrentPerform(iterations: writers) { number in
            let result: RunResult?
            if number % 2 == 0 {
                result = try? sandbox.secissue("comment", id, "-m", "note \(number)", in: repo)
            } else {
                result = try? sandbox.secissue("new", "--title", "Concurrent \(number)", in: repo)
            }
            results.append(number, result)
        }
        for (number, result) in results.all {
            #expect(result?.status == 0, "writer \(number): \(result?.stderr ?? "did not run")")
        }
        let file = try sandbox.git("show", "HEAD:\(findingFile(id))", in: repo)
        for number in stride(from: 0, to: writers, by: 2) {
            #expect(file.contains("note \(number)"), "comment \(number) was lost")
        }
        let log = try sandbox.git("log", "--format=%s", in: repo)
        for number in stride(from: 1, to: writers, by: 2) {
            #expect(log.contains("Concurrent \(number)"))
        }
        #expect(try sandbox.git("status", "--porcelain", "--untracked-files=all", in: repo) == "")
    }
}

/// Results gathered from concurrent threads.
final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [(Int, RunResult?)] = []

    func append(_ number: Int, _ result: RunResult?) {
        lock.lock()
        results.append((number, result))
        lock.unlock()
    }

    var all: [(Int, RunResult?)] {
        lock.lock()
        defer { lock.unlock() }
        return results.sorted { $0.0 < $1.0 }
    }
}
