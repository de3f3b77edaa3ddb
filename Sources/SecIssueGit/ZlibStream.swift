import CZlib

/// zlib's inflate as a stream: gzip files (telemetry input, as S3 delivers CloudTrail) and raw
/// deflate (the entries of zip archives). zlib is libgit2's own dependency; like libgit2, it is
/// reached only from this layer.
public final class ZlibStream {
    public enum Format: Sendable {
        /// gzip members (RFC 1952), one after another as `cat a.gz b.gz` makes them.
        case gzip
        /// Deflate data without a header (RFC 1951), as zip stores it.
        case rawDeflate
    }

    /// zlib refused the data: its message, or what was missing.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }

        public init(message: String) {
            self.message = message
        }
    }

    private let format: Format
    /// zlib keeps a pointer to its stream, so the stream lives at one address until `deinit`.
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutableRawBufferPointer
    /// True between the first byte of a member and its end: input that stops here is truncated.
    public private(set) var inMember = false

    public init(_ format: Format, outputSize: Int = 1 << 20) throws {
        self.format = format
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(byteCount: max(outputSize, 1 << 12), alignment: 16)
        let windowBits = format == .gzip ? MAX_WBITS + 16 : -MAX_WBITS
        guard inflateInit2_(stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            output.deallocate()
            throw Failure(message: "zlib could not start")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        output.deallocate()
    }

    /// Inflates `input`, handing the output to `body` in pieces of at most the output size.
    public func inflate(_ input: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let base = input.baseAddress, input.count > 0 else { return }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        defer {
            stream.pointee.next_in = nil
            stream.pointee.avail_in = 0
        }
        while stream.pointee.avail_in > 0 {
            if !inMember {
                // A new member (or the first): after the end of one, only another may follow.
                if format == .rawDeflate && stream.pointee.total_in > 0 {
                    throw Failure(message: "data after the end of the deflate stream")
                }
                inMember = true
            }
            stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(output.count)
            let status = CZlib.inflate(stream, Z_NO_FLUSH)
            let produced = output.count - Int(stream.pointee.avail_out)
            if produced > 0 { try body(UnsafeRawBufferPointer(rebasing: output[..<produced])) }
            switch status {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                inMember = false
                if format == .gzip && stream.pointee.avail_in > 0 {
                    guard inflateReset(stream) == Z_OK else { throw Failure(message: "zlib could not start the next member") }
                }
            default:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw Failure(message: "the compressed data is damaged (\(detail))")
            }
        }
    }

    /// Throws when the input stopped inside a member: the file was cut short.
    public func finish() throws {
        guard !inMember else { throw Failure(message: "the compressed data ends before its last member does (a truncated file)") }
    }

    /// The CRC-32 of `bytes` (zlib's), continuing from `seed`.
    public static func crc32(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        UInt32(CZlib.crc32(uLong(seed), bytes.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(bytes.count)))
    }
}
