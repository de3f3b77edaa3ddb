/// Appends the primitive values of this project's binary caches to a byte buffer: counts and
/// lengths as LEB128 varints, strings and lists after their length, an optional part after a 0
/// or 1 byte. The findings cache (`FindingRecord` says its format) and the advisory cache
/// (`AdvisoryCache`) are both written with it.
public struct ByteWriter {
    public internal(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// A non-negative number, as a varint.
    public mutating func number(_ value: Int) {
        precondition(value >= 0, "ByteWriter.number takes counts and offsets")
        varint(UInt64(value))
    }

    public mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func string(_ value: String) {
        varint(UInt64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    public mutating func raw(_ value: [UInt8]) {
        bytes.append(contentsOf: value)
    }

    public mutating func optional<Value>(_ value: Value?, _ write: (inout ByteWriter, Value) -> Void) {
        guard let value else { return bytes.append(0) }
        bytes.append(1)
        write(&self, value)
    }

    public mutating func list<Value>(_ values: [Value], _ write: (inout ByteWriter, Value) -> Void) {
        varint(UInt64(values.count))
        for value in values { write(&self, value) }
    }
}

/// Reads what `ByteWriter` wrote, checking every length against the bytes left: a truncated or
/// foreign file throws `Malformed` and is never read past its end.
public struct ByteReader {
    public struct Malformed: Error {}

    let bytes: UnsafeRawBufferPointer
    var offset: Int
    let end: Int

    public init(_ bytes: UnsafeRawBufferPointer, from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.offset = start
        self.end = end ?? bytes.count
    }

    public var isAtEnd: Bool { offset == end }

    public mutating func byte() throws -> UInt8 {
        guard offset < end else { throw Malformed() }
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 7) {
            let byte = try byte()
            value |= UInt64(byte & 0x7f) << UInt64(shift)
            if byte < 0x80 { return value }
        }
        throw Malformed()
    }

    /// A length or count, which must fit in the bytes left (each element takes at least one).
    public mutating func count() throws -> Int {
        let value = try varint()
        guard value <= UInt64(end - offset) else { throw Malformed() }
        return Int(value)
    }

    /// A number `ByteWriter.number` wrote: a varint that fits in an `Int`.
    public mutating func number() throws -> Int {
        let value = try varint()
        guard value <= UInt64(Int.max) else { throw Malformed() }
        return Int(value)
    }

    public mutating func int() throws -> Int {
        let raw = try take(8)
        var value: UInt64 = 0
        for (shift, byte) in raw.enumerated() { value |= UInt64(byte) << UInt64(8 * shift) }
        return Int(Int64(bitPattern: value))
    }

    public mutating func take(_ count: Int) throws -> UnsafeRawBufferPointer.SubSequence {
        guard count >= 0, count <= end - offset else { throw Malformed() }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    /// Where the next `count()` bytes are, skipping them.
    public mutating func span() throws -> Range<Int> {
        let length = try count()
        let start = offset
        _ = try take(length)
        return start..<(start + length)
    }

    public mutating func string() throws -> String {
        let length = try count()
        let slice = try take(length)
        return String(decoding: UnsafeRawBufferPointer(rebasing: slice), as: UTF8.self)
    }

    public mutating func optional<Value>(_ read: (inout ByteReader) throws -> Value) throws -> Value? {
        switch try byte() {
        case 0: return nil
        case 1: return try read(&self)
        default: throw Malformed()
        }
    }

    public mutating func list<Value>(_ read: (inout ByteReader) throws -> Value) throws -> [Value] {
        let count = try count()
        var values: [Value] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try read(&self)) }
        return values
    }
}
