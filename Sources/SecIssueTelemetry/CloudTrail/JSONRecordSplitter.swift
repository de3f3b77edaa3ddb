import SecIssueKit
/// Cuts a stream of JSON into records without parsing it: counts braces and brackets outside
/// strings (minding escapes), and hands out each element of a `Records` array (or of a top-level
/// array), or each top-level object that is not such a wrapper, as soon as its closing brace
/// arrives. A record cut by a chunk boundary is carried into the next chunk.
struct JSONRecordSplitter {
    /// The largest record read; bigger ones are reported as `.oversized`.
    static let recordLimit = 4 << 20
    /// The first byte of a gzip stream.
    static let gzipMagic: UInt8 = 0x1F

    enum Cut {
        /// The bytes of one complete JSON object.
        case record(UnsafeRawBufferPointer)
        case oversized
        /// An object that cannot be complete, and why.
        case broken(String)
        /// An element of the records array that is not an object.
        case notObject
        /// Text outside any JSON value (the start of it).
        case stray(String)
    }

    private enum Top { case none, object, array }
    private enum KeyState { case none, expectKey, inKey, afterKey, afterColon }

    private let limit: Int
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var top = Top.none
    /// The depth just inside the array whose elements are records: 1 for a top-level array,
    /// 2 for the `Records` array of a wrapper object.
    private var recordsDepth: Int?
    /// The top-level object is kept as a record until it turns out to be a `Records` wrapper.
    private var topIsCandidate = false
    private var candidateHasNewline = false
    /// Set once a whole record sat on one line: from then on a line ending inside a top-level
    /// object means that line was cut short, and reading starts afresh on the next one.
    private var lineMode = false
    private var keyState = KeyState.none
    private var key: [UInt8] = []

    private var capturing = false
    private var captureDepth = 0
    /// Where the record started in the current chunk; nil once earlier bytes went to `carry`.
    private var captureStart: Int?
    private var carry: [UInt8] = []
    private var oversized = false
    private var pendingNotObject = false

    private var stray: [UInt8]?
    private var started = false
    /// Records handed out so far; the next one gets `number + 1`.
    private(set) var number = 0

    init(limit: Int) {
        self.limit = limit
    }

    mutating func feed(_ chunk: UnsafeRawBufferPointer, _ body: (Cut, Int) throws -> Void) throws {
        var index = 0
        let count = chunk.count
        while index < count {
            let byte = chunk[index]
            defer { index += 1 }
            if stray != nil {
                if byte == ASCII.newline {
                    try emitStray(body)
                } else if stray!.count < 60 {
                    stray!.append(byte)
                }
                continue
            }
            if byte == ASCII.newline, depth > 0, top == .object, topIsCandidate {
                if lineMode {
                    try cutShort("the line ends inside the object (incomplete JSON)", body)
                    continue
                }
                candidateHasNewline = true
            }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == ASCII.backslash {
                    escaped = true
                } else if byte == ASCII.quote {
                    inString = false
                    if keyState == .inKey { keyState = .afterKey }
                } else if keyState == .inKey, key.count < 16 {
                    key.append(byte)
                }
                continue
            }
            if !started, depth == 0, byte == 0xEF || byte == 0xBB || byte == 0xBF { continue } // a byte order mark
            switch byte {
            case ASCII.space, ASCII.tab, ASCII.newline, ASCII.carriageReturn:
                break
            case ASCII.quote:
                if depth == 0 {
                    try beginStray(byte)
                    continue
                }
                inString = true
                if depth == 1, top == .object, keyState == .expectKey {
                    keyState = .inKey
                    key.removeAll(keepingCapacity: true)
                } else if depth == 1 {
                    keyState = .none
                }
                if recordsDepth == depth, !pendingNotObject { pendingNotObject = true }
            case ASCII.openBrace, ASCII.openBracket:
                try open(byte, at: index, chunk, body)
            case ASCII.closeBrace, ASCII.closeBracket:
                if depth == 0 {
                    try beginStray(byte)
                    continue
                }
                if recordsDepth == depth, byte == ASCII.closeBracket, pendingNotObject { try emit(.notObject, body) }
                depth -= 1
                if capturing, depth == captureDepth { try complete(at: index, chunk, body) }
                if let records = recordsDepth, depth < records { recordsDepth = nil }
                if depth == 1, top == .object { keyState = .none }
                if depth == 0 { top = .none }
            case ASCII.comma:
                if depth == 0 {
                    try beginStray(byte)
                } else if recordsDepth == depth, pendingNotObject {
                    try emit(.notObject, body)
                } else if depth == 1, top == .object {
                    keyState = .expectKey
                }
            case ASCII.colon:
                if depth == 1, keyState == .afterKey { keyState = .afterColon } else if depth == 1 { keyState = .none }
            default:
                if depth == 0 {
                    try beginStray(byte)
                } else if recordsDepth == depth, !pendingNotObject {
                    pendingNotObject = true
                } else if depth == 1 {
                    keyState = .none
                }
            }
        }
        if capturing { keepTail(chunk) }
    }

    /// Hands out what the end of the input leaves open.
    mutating func finish(_ body: (Cut, Int) throws -> Void) rethrows {
        if stray != nil { try emitStray(body) }
        if capturing {
            try emit(.broken("the input ends inside the record (a truncated file?)"), body)
        } else if pendingNotObject {
            try emit(.notObject, body)
        }
        resetToTop()
    }

    private mutating func open(_ byte: UInt8, at index: Int, _ chunk: UnsafeRawBufferPointer, _ body: (Cut, Int) throws -> Void) throws {
        if depth == 0 {
            started = true
            if byte == ASCII.openBrace {
                top = .object
                topIsCandidate = true
                candidateHasNewline = false
                keyState = .expectKey
                beginCapture(at: index)
            } else {
                top = .array
                recordsDepth = 1
            }
        } else if recordsDepth == depth {
            if byte == ASCII.openBrace { beginCapture(at: index) } else { pendingNotObject = true }
        } else if depth == 1, top == .object, keyState == .afterColon, byte == ASCII.openBracket, key == Self.recordsKey {
            // A CloudTrail log file: the object around the array is no record itself.
            recordsDepth = 2
            topIsCandidate = false
            capturing = false
            carry.removeAll(keepingCapacity: true)
        } else if depth == 1 {
            keyState = .none
        }
        depth += 1
    }

    private static let recordsKey = Array("Records".utf8)

    private mutating func beginCapture(at index: Int) {
        capturing = true
        captureDepth = depth
        captureStart = index
        oversized = false
        carry.removeAll(keepingCapacity: true)
    }

    /// Moves the unfinished record's bytes of this chunk into `carry`, up to the limit.
    private mutating func keepTail(_ chunk: UnsafeRawBufferPointer) {
        let start = captureStart ?? 0
        captureStart = nil
        append(UnsafeRawBufferPointer(rebasing: chunk[start...]))
    }

    private mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard !oversized else { return }
        if carry.count + bytes.count > limit {
            oversized = true
            carry.removeAll()
        } else {
            carry.append(contentsOf: bytes)
        }
    }

    private mutating func complete(at index: Int, _ chunk: UnsafeRawBufferPointer, _ body: (Cut, Int) throws -> Void) rethrows {
        capturing = false
        let wasCandidate = top == .object && depth == 0 && topIsCandidate
        if wasCandidate, !candidateHasNewline { lineMode = true }
        if let start = captureStart, carry.isEmpty, !oversized {
            captureStart = nil
            if index + 1 - start > limit {
                try emit(.oversized, body)
            } else {
                try emit(.record(UnsafeRawBufferPointer(rebasing: chunk[start...index])), body)
            }
            return
        }
        captureStart = nil
        append(UnsafeRawBufferPointer(rebasing: chunk[...index]))
        if oversized {
            try emit(.oversized, body)
            return
        }
        var record: [UInt8] = []
        swap(&record, &carry)
        defer {
            record.removeAll(keepingCapacity: record.capacity <= 1 << 20)
            swap(&record, &carry)
        }
        try record.withUnsafeBytes { try emit(.record($0), body) }
    }

    /// A top-level object whose line ended early: reports it and reads on from the next line.
    private mutating func cutShort(_ why: String, _ body: (Cut, Int) throws -> Void) rethrows {
        try emit(.broken(why), body)
        resetToTop()
    }

    private mutating func resetToTop() {
        depth = 0
        inString = false
        escaped = false
        top = .none
        recordsDepth = nil
        topIsCandidate = false
        keyState = .none
        capturing = false
        captureStart = nil
        oversized = false
        pendingNotObject = false
        carry.removeAll(keepingCapacity: true)
    }

    /// Text outside JSON: an error at the very start (the input is no JSON at all), a skipped
    /// record later on (one bad line among JSON lines).
    private mutating func beginStray(_ byte: UInt8) throws {
        if !started, byte == Self.gzipMagic {
            throw SecIssueError("not CloudTrail: the input is still gzip-compressed after it was inflated once: "
                + "it was compressed twice (gunzip -c FILE | git secissue telemetry ingest -)")
        }
        guard started else {
            throw SecIssueError("not CloudTrail: the input starts with '\(String(decoding: [byte], as: UTF8.self))' "
                + "where a CloudTrail log file ({\"Records\": [...]}) or JSON lines of CloudTrail events start with '{'")
        }
        inString = false
        stray = [byte]
    }

    private mutating func emitStray(_ body: (Cut, Int) throws -> Void) rethrows {
        let text = String(decoding: stray ?? [], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        stray = nil
        try emit(.stray(text), body)
    }

    private mutating func emit(_ cut: Cut, _ body: (Cut, Int) throws -> Void) rethrows {
        number += 1
        pendingNotObject = false
        try body(cut, number)
    }
}
