import SecIssueKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes a reader can ask for by position: an open file (read with `pread`) or an array in memory.
protocol SQLiteSource {
    var size: Int { get }
    /// `count` bytes from `offset`, or nil when the source does not hold them all.
    func read(_ offset: Int, _ count: Int) -> [UInt8]?
}

extension Array: SQLiteSource where Element == UInt8 {
    var size: Int { count }

    func read(_ offset: Int, _ count: Int) -> [UInt8]? {
        guard offset >= 0, count >= 0, offset <= self.count, count <= self.count - offset else { return nil }
        return Array(self[offset..<(offset + count)])
    }
}

/// An open file read by position. Does not own the descriptor.
struct SQLiteFile: SQLiteSource {
    let descriptor: Int32
    let size: Int

    /// The file behind `descriptor`, or nil when `fstat` fails.
    init?(descriptor: Int32) {
        var raw = stat()
        guard fstat(descriptor, &raw) == 0 else { return nil }
        self.descriptor = descriptor
        size = Int(raw.st_size)
    }

    func read(_ offset: Int, _ count: Int) -> [UInt8]? {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else { return nil }
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return nil }
            done += got
        }
        return bytes
    }
}

/// Reads the rows of one table from an SQLite 3 database file without SQLite: the 100-byte
/// header, the schema table on page 1, the table's b-tree (interior and leaf pages), records and
/// overflow chains, with the committed frames of a write-ahead log (`-wal` file) laid over the
/// file's pages as SQLite itself would. Nothing read is trusted: every position is checked
/// before use, each page is visited at most once per scan, and anything out of shape throws
/// `Malformed` instead of trapping.
struct SQLiteReader {
    /// Why the file cannot be read, in words for people.
    struct Malformed: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// One column's value.
    enum Value: Equatable {
        case null, integer(Int64), real(Double), text(String), blob([UInt8])
    }

    /// One row: its rowid (which an `INTEGER PRIMARY KEY` column stands for; that column's own value is null) and its values.
    struct Row {
        var rowid: Int64
        var values: [Value]
    }

    let pageSize: Int
    /// The page size less the bytes each page reserves at its end.
    let usable: Int
    let pageCount: Int
    private let file: any SQLiteSource
    private let log: WriteAheadLog?
    /// 1 for UTF-8, 2 for UTF-16le, 3 for UTF-16be.
    private var encoding: UInt32

    init(file: any SQLiteSource, wal: (any SQLiteSource)? = nil) throws {
        guard let header = file.read(0, 100) else {
            throw Malformed("the file is \(file.size) bytes, too short for the 100-byte SQLite header")
        }
        guard header.starts(with: Array("SQLite format 3\0".utf8)) else { throw Malformed("it does not start with 'SQLite format 3'") }
        let rawSize = Int(Self.u16(header, 16))
        let pageSize = rawSize == 1 ? 65536 : rawSize
        guard pageSize >= 512, pageSize <= 65536, pageSize & (pageSize - 1) == 0 else { throw Malformed("page size \(rawSize) is not valid") }
        guard header[19] <= 2 else { throw Malformed("file format version \(header[19]) is newer than this reader knows") }
        guard header[21] == 64, header[22] == 32, header[23] == 32 else { throw Malformed("the payload fractions are not 64, 32 and 32") }
        let usable = pageSize - Int(header[20])
        guard usable >= 480 else { throw Malformed("\(header[20]) reserved bytes leave too little of each page") }
        let filePages = file.size / pageSize
        var pageCount = filePages
        let counted = Int(Self.u32(header, 28))
        if counted > 0 && Self.u32(header, 24) == Self.u32(header, 92) {
            guard counted <= filePages else {
                throw Malformed("it is truncated: the header counts \(counted) pages of \(pageSize) bytes, the file holds \(file.size) bytes")
            }
            pageCount = counted
        }
        log = try wal.flatMap { try WriteAheadLog($0, pageSize: pageSize) }
        if let pages = log?.databasePages { pageCount = pages }
        self.pageSize = pageSize
        self.usable = usable
        self.pageCount = pageCount
        self.file = file
        encoding = 1
        // Page 1 may have been rewritten in the log: take the text encoding from its latest copy.
        let first = try page(1)
        let stored = Self.u32(first, 56)
        guard stored <= 3 else { throw Malformed("text encoding \(stored) is not one SQLite uses") }
        encoding = max(stored, 1)
    }

    /// Calls `body` with every row of `table` (named as in `CREATE TABLE`, any case), in rowid order.
    func forEachRow(inTable table: String, _ body: (Row) throws -> Void) throws {
        var root: Int64?
        try scan(root: 1, what: "the schema") { row in
            guard root == nil, row.values.count >= 4, row.values[0] == .text("table"),
                  case .text(let name) = row.values[1], name.lowercased() == table.lowercased() else { return }
            guard case .integer(let page) = row.values[3] else { throw Malformed("table \(table) has no root page in the schema") }
            root = page
        }
        guard let root else { throw Malformed("it has no table named \(table)") }
        guard root >= 1, root <= pageCount else { throw Malformed("table \(table)'s root page \(root) is out of range") }
        try scan(root: Int(root), what: "table \(table)", body)
    }

    /// Walks a table b-tree depth first, left to right, so rows come in rowid order.
    private func scan(root: Int, what: String, _ body: (Row) throws -> Void) throws {
        var visited = Set<Int>()
        var pending = [root]
        while let number = pending.popLast() {
            guard visited.insert(number).inserted else { throw Malformed("page \(number) of \(what) is reached twice (a loop in the b-tree)") }
            let bytes = try page(number)
            let start = number == 1 ? 100 : 0
            let kind = bytes[start]
            guard kind == 5 || kind == 13 else { throw Malformed("page \(number) of \(what) is not a table b-tree page (type \(kind))") }
            let headerSize = kind == 5 ? 12 : 8
            let cells = Int(Self.u16(bytes, start + 3))
            let pointers = start + headerSize
            guard pointers + 2 * cells <= usable else { throw Malformed("page \(number) claims \(cells) cells, more than fit") }
            var children: [Int] = []
            for index in 0..<cells {
                let cell = Int(Self.u16(bytes, pointers + 2 * index))
                guard cell >= pointers + 2 * cells, cell < usable else { throw Malformed("cell \(index) of page \(number) starts outside the page") }
                if kind == 5 {
                    guard cell + 4 <= usable else { throw Malformed("cell \(index) of page \(number) runs off the page") }
                    children.append(Int(Self.u32(bytes, cell)))
                } else {
                    try body(try leafRow(bytes, at: cell, page: number, visited: &visited))
                }
            }
            if kind == 5 { children.append(Int(Self.u32(bytes, start + 8))) }
            for child in children.reversed() {
                guard child >= 1, child <= pageCount else { throw Malformed("page \(number) points to page \(child), out of range") }
                pending.append(child)
            }
        }
    }

    /// The row in the leaf cell at `offset`, its payload gathered from the page and any overflow pages.
    private func leafRow(_ bytes: [UInt8], at offset: Int, page number: Int, visited: inout Set<Int>) throws -> Row {
        var position = offset
        guard let total = Self.varint(bytes, &position, limit: usable), let rowid = Self.varint(bytes, &position, limit: usable) else {
            throw Malformed("a cell of page \(number) runs off the page")
        }
        guard total <= UInt64(pageCount) * UInt64(usable) else { throw Malformed("a cell of page \(number) claims a \(total)-byte payload, larger than the file") }
        let size = Int(total)
        let local = localPayload(size)
        let spills = local < size
        guard position + local + (spills ? 4 : 0) <= usable else { throw Malformed("a cell of page \(number) runs off the page") }
        var payload = Array(bytes[position..<(position + local)])
        payload.reserveCapacity(size)
        if spills {
            var next = Int(Self.u32(bytes, position + local))
            while payload.count < size {
                guard next >= 1, next <= pageCount else { throw Malformed("an overflow chain from page \(number) points to page \(next), out of range") }
                guard visited.insert(next).inserted else { throw Malformed("overflow page \(next) is reached twice (a loop in the chain)") }
                let overflow = try page(next)
                let take = min(usable - 4, size - payload.count)
                payload += overflow[4..<(4 + take)]
                next = Int(Self.u32(overflow, 0))
            }
        }
        return Row(rowid: Int64(bitPattern: rowid), values: try record(payload))
    }

    /// How much of a payload of `size` bytes a table leaf keeps on its own page (the rest overflows),
    /// by the thresholds the file format fixes.
    func localPayload(_ size: Int) -> Int {
        let most = usable - 35
        guard size > most else { return size }
        let least = (usable - 12) * 32 / 255 - 23
        let local = least + (size - least) % (usable - 4)
        return local <= most ? local : least
    }

    /// The values of a record: a header of serial types, then the values they describe.
    private func record(_ payload: [UInt8]) throws -> [Value] {
        var position = 0
        guard let headerSize = Self.varint(payload, &position, limit: payload.count), headerSize <= UInt64(payload.count),
              Int(headerSize) >= position else { throw Malformed("a record header is out of shape") }
        var types: [UInt64] = []
        while position < Int(headerSize) {
            guard let type = Self.varint(payload, &position, limit: Int(headerSize)) else { throw Malformed("a record header is out of shape") }
            types.append(type)
        }
        var body = Int(headerSize)
        var values: [Value] = []
        for type in types {
            let length: UInt64 = switch type {
            case 0, 8, 9: 0
            case 1, 2, 3, 4: type
            case 5: 6
            case 6, 7: 8
            case 10, 11: throw Malformed("a record uses the reserved serial type \(type)")
            default: (type - 12) / 2
            }
            guard length <= UInt64(payload.count - body) else { throw Malformed("a record's values run past its end") }
            let bytes = payload[body..<(body + Int(length))]
            body += Int(length)
            switch type {
            case 0: values.append(.null)
            case 8: values.append(.integer(0))
            case 9: values.append(.integer(1))
            case 1...6: values.append(.integer(Self.signed(bytes)))
            case 7: values.append(.real(Double(bitPattern: UInt64(bitPattern: Self.signed(bytes)))))
            default: values.append(type % 2 == 0 ? .blob(Array(bytes)) : .text(text(bytes)))
            }
        }
        return values
    }

    private func text(_ bytes: ArraySlice<UInt8>) -> String {
        guard encoding != 1 else { return String(decoding: bytes, as: UTF8.self) }
        let units = stride(from: bytes.startIndex, to: bytes.endIndex - 1, by: 2).map { index in
            encoding == 2 ? UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8 : UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// Page `number` (from 1), as the log has it if it has it, else as the file has it.
    func page(_ number: Int) throws -> [UInt8] {
        guard number >= 1, number <= pageCount else { throw Malformed("page \(number) is out of range (the database has \(pageCount) pages)") }
        if let log, let bytes = try log.page(number) { return bytes }
        guard let bytes = file.read((number - 1) * pageSize, pageSize) else {
            throw Malformed("page \(number) lies past the end of the \(file.size)-byte file: it is truncated")
        }
        return bytes
    }

    /// A variable-length integer: up to eight bytes of seven bits each, big-end first, then a ninth
    /// of eight bits. Nil when it would cross `limit`.
    static func varint(_ bytes: [UInt8], _ position: inout Int, limit: Int) -> UInt64? {
        let end = min(limit, bytes.count)
        var value: UInt64 = 0
        for index in 0..<9 {
            guard position < end else { return nil }
            let byte = bytes[position]
            position += 1
            if index == 8 { return value << 8 | UInt64(byte) }
            value = value << 7 | UInt64(byte & 0x7f)
            if byte < 0x80 { return value }
        }
        return value
    }

    /// A big-endian two's complement integer of one to eight bytes.
    static func signed(_ bytes: ArraySlice<UInt8>) -> Int64 {
        guard let first = bytes.first else { return 0 }
        var value: Int64 = first >= 0x80 ? -1 : 0
        for byte in bytes { value = value << 8 | Int64(byte) }
        return value
    }

    /// Big-endian integers at a position the caller has checked.
    static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1]) }
    static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }
}

extension SQLiteReader {
    /// The committed part of a write-ahead log: for each page, where its latest committed copy
    /// lies. Frames are taken while their salts match the log header and their running checksum
    /// holds, up to the last commit frame among them; a log whose header fails its checksum is
    /// empty, as it is to SQLite.
    struct WriteAheadLog {
        let source: any SQLiteSource
        let pageSize: Int
        /// Page number to the offset of its page image in the log.
        private(set) var frames: [Int: Int] = [:]
        /// The database size in pages after the last committed transaction, if any.
        private(set) var databasePages: Int?

        init?(_ source: any SQLiteSource, pageSize: Int) throws {
            guard let header = source.read(0, 32) else { return nil }
            let magic = SQLiteReader.u32(header, 0)
            guard magic == 0x377f0682 || magic == 0x377f0683 else { return nil }
            let bigEndian = magic & 1 == 1
            var sums = Self.checksum(header[0..<24], (0, 0), bigEndian: bigEndian)
            guard sums == (SQLiteReader.u32(header, 24), SQLiteReader.u32(header, 28)) else { return nil }
            guard Int(SQLiteReader.u32(header, 8)) == pageSize else {
                throw Malformed("its write-ahead log has page size \(SQLiteReader.u32(header, 8)), the database \(pageSize)")
            }
            self.source = source
            self.pageSize = pageSize
            let salts = header[16..<24]
            var uncommitted: [Int: Int] = [:]
            var offset = 32
            while let frame = source.read(offset, 24 + pageSize) {
                let number = Int(SQLiteReader.u32(frame, 0))
                guard number > 0, frame[8..<16].elementsEqual(salts) else { break }
                sums = Self.checksum(frame[0..<8], sums, bigEndian: bigEndian)
                sums = Self.checksum(frame[24...], sums, bigEndian: bigEndian)
                guard sums == (SQLiteReader.u32(frame, 16), SQLiteReader.u32(frame, 20)) else { break }
                uncommitted[number] = offset + 24
                let committedSize = Int(SQLiteReader.u32(frame, 4))
                if committedSize > 0 {
                    frames.merge(uncommitted) { _, new in new }
                    uncommitted = [:]
                    databasePages = committedSize
                }
                offset += 24 + pageSize
            }
        }

        func page(_ number: Int) throws -> [UInt8]? {
            guard let offset = frames[number] else { return nil }
            guard let bytes = source.read(offset, pageSize) else { throw Malformed("page \(number) of its write-ahead log cannot be read") }
            return bytes
        }

        /// The log's running checksum over 32-bit words taken in pairs.
        static func checksum(_ bytes: ArraySlice<UInt8>, _ start: (UInt32, UInt32), bigEndian: Bool) -> (UInt32, UInt32) {
            var (first, second) = start
            var index = bytes.startIndex
            func word(_ at: Int) -> UInt32 {
                let value = UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
                return bigEndian ? value : value.byteSwapped
            }
            while index + 8 <= bytes.endIndex {
                first = first &+ word(index) &+ second
                second = second &+ word(index + 4) &+ first
                index += 8
            }
            return (first, second)
        }
    }
}
