import Foundation
import SecIssueKit

/// Reads a file (or standard input for `-`) in fixed-size chunks.
public enum ByteStream {
    public static let chunkSize = 1 << 20

    /// Calls `body` with each chunk until the end of the input; the first chunk also goes to `start`
    /// (for format detection) before `body` sees it.
    public static func read(_ path: String, start: (ArraySlice<UInt8>) throws -> Void = { _ in },
                            _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let descriptor: Int32 = path == "-" ? STDIN_FILENO : open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw SecIssueError("\(path): cannot be read: \(String(cString: strerror(errno))): give the path of a log file, or - for standard input")
        }
        defer { if path != "-" { close(descriptor) } }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var first = true
        while true {
            let count = Foundation.read(descriptor, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw SecIssueError("\(path == "-" ? "standard input" : path): read failed: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<count])
            if first {
                try start(ArraySlice(chunk))
                first = false
            }
            try body(chunk)
        }
        if first { try start([]) }
    }
}
