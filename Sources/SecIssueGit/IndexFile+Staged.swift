import Crypto
import Foundation

/// A new index as `IndexFile.staging` put it together: the runs of unchanged entries are ranges
/// of the old file, still mapped, and only the header, the changed entries and the extensions
/// are new bytes. Nothing is copied into a buffer the size of the index: `write(to:)` takes the
/// SHA-1 of each piece as it writes it.
struct StagedIndex {
    enum Piece {
        /// A range of the old file.
        case old(Range<Int>)
        /// A range of `scratch`.
        case scratch(Range<Int>)
    }

    /// The old index, whose mapping the `old` pieces point into.
    let file: IndexFile
    let scratch: [UInt8]
    let pieces: [Piece]

    /// Bytes hashed and written at a time: the kernel copies them while they are still in the
    /// processor's cache from hashing them.
    private static let chunkSize = 1 << 17

    /// Writes the whole index, its checksum last, to `descriptor`; false (with `errno` set) when
    /// that fails.
    func write(to descriptor: Int32) -> Bool {
        var hash = Insecure.SHA1()
        let old = UnsafeRawBufferPointer(file.bytes)
        return scratch.withUnsafeBytes { scratch in
            for piece in pieces {
                var bytes: UnsafeRawBufferPointer
                switch piece {
                case .old(let range): bytes = UnsafeRawBufferPointer(rebasing: old[range])
                case .scratch(let range): bytes = UnsafeRawBufferPointer(rebasing: scratch[range])
                }
                while !bytes.isEmpty {
                    let chunk = UnsafeRawBufferPointer(rebasing: bytes.prefix(Self.chunkSize))
                    hash.update(bufferPointer: chunk)
                    guard Self.write(chunk, to: descriptor) else { return false }
                    bytes = UnsafeRawBufferPointer(rebasing: bytes.dropFirst(chunk.count))
                }
            }
            return Array(hash.finalize()).withUnsafeBytes { Self.write($0, to: descriptor) }
        }
    }

    private static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        var done = 0
        while done < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            done += count
        }
        return true
    }
}
