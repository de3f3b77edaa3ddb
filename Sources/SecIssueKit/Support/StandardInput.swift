import Foundation

/// Standard input as a file, for the commands that take `-` where they take a path.
public enum StandardInput {
    /// All of standard input, or nil when it holds more than `limit` bytes (reading stops there,
    /// so a runaway producer cannot fill memory).
    public static func read(limit: Int) throws -> Data? {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SecIssueError("standard input: read failed: \(String(cString: strerror(errno)))", code: SecIssueError.Code.io)
            }
            if count == 0 { return data }
            data.append(contentsOf: buffer[..<count])
            if data.count > limit { return nil }
        }
    }
}
