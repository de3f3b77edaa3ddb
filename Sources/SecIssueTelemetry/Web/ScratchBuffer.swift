import SecIssueKit
/// Bytes kept from one request to the next, so that decoding a request allocates nothing: each
/// pass writes into one through a `RequestDecoder.Writer` sized beforehand, and the next pass reads
/// it as a buffer pointer. Owned by one decoder; what `bytes` points at is valid until the next write.
final class ScratchBuffer {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 1_024) {
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: count) }

    /// Sets the contents to what `body` writes, at most `capacity` bytes (the buffer grows to
    /// hold them; what it held is dropped). `body` must not read this buffer.
    @inline(__always)
    @discardableResult
    func write<Result>(capacity needed: Int, _ body: (inout RequestDecoder.Writer) -> Result) -> Result {
        if needed > capacity {
            storage.deallocate()
            capacity = max(needed, capacity * 2)
            storage = .allocate(capacity: capacity)
        }
        var writer = RequestDecoder.Writer(UnsafeMutableBufferPointer(start: storage, count: needed))
        let result = body(&writer)
        count = writer.count
        return result
    }
}
