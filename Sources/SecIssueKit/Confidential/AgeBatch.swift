import Foundation

/// Runs many `age` calls at once. Each confidential finding is one age process to seal or to open,
/// and most of its time is process start-up, not work: a few at a time hide that wait.
enum AgeBatch {
    static let width = 8

    /// `body(index)` for every index in `0..<count`, on up to `width` threads; the results in
    /// order. The first error thrown is rethrown once all threads have stopped.
    static func map<T>(_ count: Int, _ body: (Int) throws -> T) throws -> [T] {
        guard count > 1 else { return try (0..<count).map(body) }
        return try withoutActuallyEscaping(body) { body in
            let state = State<T>(count: count, body: body)
            let threads = min(width, count)
            let done = DispatchSemaphore(value: 0)
            for _ in 0..<threads {
                Thread {
                    state.work()
                    done.signal()
                }.start()
            }
            for _ in 0..<threads { done.wait() }
            // The threads may outlive their last signal a little: they must not hold `body` then.
            state.release()
            if let error = state.error { throw error }
            return state.results.map { $0! }
        }
    }

    private final class State<T>: @unchecked Sendable {
        let lock = NSLock()
        let count: Int
        private var body: ((Int) throws -> T)?
        var next = 0
        var results: [T?]
        var error: Error?

        init(count: Int, body: @escaping (Int) throws -> T) {
            self.count = count
            self.body = body
            results = Array(repeating: nil, count: count)
        }

        func release() {
            lock.lock()
            body = nil
            lock.unlock()
        }

        func work() {
            while true {
                lock.lock()
                guard error == nil, next < count else {
                    lock.unlock()
                    return
                }
                let index = next
                next += 1
                let body = self.body!
                lock.unlock()
                do {
                    let value = try body(index)
                    lock.lock()
                    results[index] = value
                    lock.unlock()
                } catch {
                    lock.lock()
                    if self.error == nil { self.error = error }
                    lock.unlock()
                }
            }
        }
    }
}
