import SecIssueGit

/// Compressed input, inflated through zlib in the C layer (`ZlibStream`), with the tool's own
/// errors: gzip read as a stream (telemetry input), raw deflate in one piece (zip entries).
public enum Inflate {
    /// True when `head` starts with gzip's magic bytes (1f 8b).
    public static func isGzip(_ head: some Collection<UInt8>) -> Bool {
        head.starts(with: [0x1F, 0x8B])
    }

    /// A gzip stream read piece by piece; several members read as one, as `zcat` reads them.
    public final class Gzip {
        private let stream: ZlibStream
        private let label: String

        /// `label` names the input in errors (a path, `standard input`).
        public init(label: String) throws {
            self.label = label
            do { stream = try ZlibStream(.gzip) } catch let failure as ZlibStream.Failure { throw SecIssueError("\(label): \(failure.message)") }
        }

        /// Inflates `chunk`, handing each piece of output to `body`.
        public func inflate(_ chunk: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
            do { try stream.inflate(chunk, body) } catch let failure as ZlibStream.Failure { throw problem(failure) }
        }

        /// Fails when the input ended inside a member: a truncated file is never read as a shorter one.
        public func finish() throws {
            do { try stream.finish() } catch let failure as ZlibStream.Failure { throw problem(failure) }
        }

        private func problem(_ failure: ZlibStream.Failure) -> SecIssueError {
            SecIssueError("\(label): gzip: \(failure.message): check the file (gzip -t) or fetch it again", code: SecIssueError.Code.invalidInput)
        }
    }

    /// Raw deflate data (no header) of exactly `size` bytes inflated, else an error naming `label`.
    public static func rawDeflate(_ data: ArraySlice<UInt8>, size: Int, label: String) throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(size)
        do {
            let stream = try ZlibStream(.rawDeflate, outputSize: min(max(size, 1 << 12), 1 << 20))
            try data.withUnsafeBytes { input in
                try stream.inflate(input) { piece in
                    guard output.count + piece.count <= size else { throw ZlibStream.Failure(message: "more data than the directory says") }
                    output.append(contentsOf: piece)
                }
            }
            try stream.finish()
        } catch let failure as ZlibStream.Failure {
            throw SecIssueError("\(label): the deflate data is damaged (\(failure.message))")
        }
        guard output.count == size else { throw SecIssueError("\(label): the deflate data is damaged (\(output.count) bytes, not \(size))") }
        return output
    }

    /// zlib's CRC-32 of `bytes`.
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { ZlibStream.crc32($0) }
    }
}
