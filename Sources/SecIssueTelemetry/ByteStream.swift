import Foundation
import SecIssueKit

/// Reads a file (or standard input for `-`) in fixed-size chunks; gzip input (as S3 delivers
/// CloudTrail, as logrotate leaves access logs) is inflated on the way, whatever the file's name.
public enum ByteStream {
    public static let chunkSize = 1 << 20

    /// Calls `body` with each chunk until the end of the input; the first chunk also goes to `start`
    /// (for format detection) before `body` sees it. Compressed input is handed on inflated, and
    /// input that ends inside a gzip member is an error, never a shorter log.
    public static func read(_ path: String, start: (ArraySlice<UInt8>) throws -> Void = { _ in },
                            _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let name = path == "-" ? "standard input" : path
        let descriptor: Int32 = path == "-" ? STDIN_FILENO : open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw SecIssueError("\(path): cannot be read: \(String(cString: strerror(errno))): give the path of a log file, or - for standard input")
        }
        defer { if path != "-" { close(descriptor) } }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var first = true
        func deliver(_ chunk: UnsafeRawBufferPointer) throws {
            if first {
                try start(ArraySlice(chunk))
                first = false
            }
            try body(chunk)
        }
        var gzip: Inflate.Gzip?
        var filled = 0
        while true {
            let count = Foundation.read(descriptor, buffer.baseAddress! + filled, chunkSize - filled)
            if count < 0 {
                if errno == EINTR { continue }
                throw SecIssueError("\(name): read failed: \(String(cString: strerror(errno)))")
            }
            // The first chunk decides whether this is gzip: it needs both magic bytes (a pipe may
            // hand over one byte at a time).
            if first && gzip == nil && count > 0 && filled + count < 2 {
                filled += count
                continue
            }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<(filled + count)])
            filled = 0
            if first && gzip == nil && Inflate.isGzip(chunk) { gzip = try Inflate.Gzip(label: name) }
            if chunk.isEmpty { break }
            if let gzip {
                try gzip.inflate(chunk, deliver)
            } else {
                try deliver(chunk)
            }
        }
        try gzip?.finish()
        if first { try start([]) }
    }
}
