import Foundation
import SecIssueKit

/// How `telemetry ingest` spreads a log over the cores: `threads` pieces of about `chunkBytes`
/// each are worked on at once. `SECISSUE_TELEMETRY_THREADS` sets the threads (1 reads on the
/// calling thread alone) and `SECISSUE_TELEMETRY_CHUNK` the piece size in bytes (the tests cut
/// small logs into many pieces with it); the result is the same whatever they are.
public struct IngestParallelism: Sendable {
    public var threads: Int
    public var chunkBytes: Int

    public init(threads: Int, chunkBytes: Int = 4 << 20) {
        self.threads = max(1, threads)
        self.chunkBytes = min(max(1, chunkBytes), 1 << 28)
    }

    /// As the environment says; otherwise one thread per active core, pieces of 4 MiB.
    public static var standard: IngestParallelism {
        let environment = ProcessInfo.processInfo.environment
        let threads = environment["SECISSUE_TELEMETRY_THREADS"].flatMap { Int($0) } ?? ProcessInfo.processInfo.activeProcessorCount
        let chunk = environment["SECISSUE_TELEMETRY_CHUNK"].flatMap { Int($0) } ?? 4 << 20
        return IngestParallelism(threads: min(threads, 64), chunkBytes: chunk)
    }
}

/// Jobs run on up to `threads` threads at once, their results handed back on the calling thread
/// in the order the jobs were submitted. At most twice `threads` jobs are submitted and not yet
/// handed back, so memory stays bounded however long the input. With one thread every job runs
/// on the calling thread as it is submitted.
final class OrderedWork<Result: Sendable>: @unchecked Sendable {
    private let threads: Int
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var finished: [Int: Result] = [:]
    private var running = 0
    // Touched by the calling thread only.
    private var submitted = 0
    private var delivered = 0

    init(threads: Int) {
        self.threads = max(1, threads)
    }

    /// Starts `job`, first handing `deliver` every result that is next in order, and waiting while
    /// all threads are busy or too many results wait for an earlier one.
    func submit(_ job: @escaping @Sendable () -> Result, deliver: (Result) throws -> Void) rethrows {
        guard threads > 1 else {
            try deliver(job())
            return
        }
        while let result = next(waitingWhile: { running >= threads || submitted - delivered >= 2 * threads }) {
            try deliver(result)
        }
        condition.lock()
        running += 1
        condition.unlock()
        let sequence = submitted
        submitted += 1
        DispatchQueue.global().async { [self] in
            let result = job()
            condition.lock()
            finished[sequence] = result
            running -= 1
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Hands `deliver` the results of all jobs submitted, in order, waiting for them.
    func finish(deliver: (Result) throws -> Void) rethrows {
        while let result = next(waitingWhile: { delivered < submitted }) {
            try deliver(result)
        }
    }

    /// The next result in order once it is there, while `busy` holds; nil once `busy` no longer holds
    /// and the next result is not there.
    private func next(waitingWhile busy: () -> Bool) -> Result? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let result = finished.removeValue(forKey: delivered) {
                delivered += 1
                return result
            }
            guard busy() else { return nil }
            condition.wait()
        }
    }
}
