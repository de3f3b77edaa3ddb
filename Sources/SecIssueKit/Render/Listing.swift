/// Rows of cells under headers: every listing's table and CSV come from one of these, so each
/// command that lists things offers the same formats and escapes them the same way.
public struct Listing: Sendable {
    public var headers: [String]
    public var rows: [[String]]
    /// The column of free text (a title, a subject, a reason) that is shortened with `…` when
    /// the table is wider than the terminal; nil when no column may be.
    public var truncatable: Int?

    /// The narrowest a truncatable column is made, however narrow the terminal: a few words
    /// still say what a row is, and a table wider than the screen wraps rather than says nothing.
    public static let narrowestTruncated = 12

    public init(headers: [String], rows: [[String]], truncatable: Int? = nil) {
        self.headers = headers
        self.rows = rows
        self.truncatable = truncatable
    }

    /// Aligned columns, two spaces apart; the last column is not padded. Cells are escaped for
    /// the terminal on one line before the widths are taken, so an escaped cell still lines up
    /// and a line break in a cell cannot start a row of its own.
    ///
    /// With a `width` (the terminal's), the `truncatable` column is shortened with `…` until
    /// the rows fit, but not below `narrowestTruncated` or its header; with none (`--wide`, or
    /// output that is not a terminal) every cell is shown whole.
    public func table(width: Int? = nil) -> String {
        String(decoding: tableBytes(width: width), as: UTF8.self)
    }

    /// `table(width:)` as UTF-8, ready for the terminal as it is: every cell is escaped already,
    /// and the only other bytes are spaces and line breaks.
    public func tableBytes(width: Int? = nil) -> [UInt8] {
        // Every cell of the header and the rows in one array, row after row; row r is
        // cells[bounds[r]..<bounds[r + 1]].
        var cells: [Cell] = []
        cells.reserveCapacity((rows.count + 1) * headers.count)
        var bounds = [0]
        bounds.reserveCapacity(rows.count + 2)
        var widths = [Int](repeating: 0, count: headers.count)
        func add(_ row: [String]) {
            for (column, text) in row.enumerated() {
                let cell = Cell(text)
                if column < widths.count { widths[column] = max(widths[column], cell.width) }
                cells.append(cell)
            }
            bounds.append(cells.count)
        }
        add(headers)
        rows.forEach(add)
        if let width, let column = truncatable, widths.indices.contains(column) {
            let total = widths.reduce(0, +) + 2 * (widths.count - 1)
            let narrowest = min(widths[column], max(Self.narrowestTruncated, headers[column].count))
            widths[column] = max(narrowest, widths[column] - max(0, total - width))
        }
        // Rows are written as bytes into one buffer; a row with any non-ASCII cell, or a cell
        // shortened with `…`, goes through `String` (graphemes), which gives the same text for
        // ASCII rows, only slower.
        var out: [UInt8] = []
        out.reserveCapacity((rows.count + 1) * (widths.reduce(0, +) + 2 * widths.count + 1))
        for number in 0..<(bounds.count - 1) {
            if number > 0 { out.append(UInt8(ascii: "\n")) }
            let row = cells[bounds[number]..<bounds[number + 1]]
            let fits = row.enumerated().allSatisfy { column, cell in cell.isASCII && (column != truncatable || cell.width <= widths[column]) }
            guard fits else {
                let fitted = row.enumerated().map { column, cell in column == truncatable ? cell.text.truncated(to: widths[column]) : cell.text }
                out.append(contentsOf: fitted.enumerated().map { column, cell in
                    column == row.count - 1 ? cell : cell.padded(to: widths[column])
                }.joined(separator: "  ").trailingSpacesTrimmed.utf8)
                continue
            }
            let rowStart = out.count
            for (column, cell) in row.enumerated() {
                if column > 0 { out.append(contentsOf: repeatElement(0x20, count: 2)) }
                if column == row.count - 1 {
                    cell.append(to: &out, count: cell.width)
                } else {
                    cell.append(to: &out, count: min(cell.width, widths[column]))
                    if cell.width < widths[column] { out.append(contentsOf: repeatElement(0x20, count: widths[column] - cell.width)) }
                }
            }
            while out.count > rowStart, out.last == 0x20 { out.removeLast() }
        }
        out.append(UInt8(ascii: "\n"))
        return out
    }

    /// A cell escaped for the terminal on one line, with its width in characters, taken once.
    private struct Cell {
        let text: String
        let isASCII: Bool
        let width: Int

        init(_ raw: String) {
            // Printable ASCII (nearly every cell) is what the escape leaves as it is: one pass.
            if raw.utf8.withContiguousStorageIfAvailable({ $0.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }) == true {
                (text, isASCII, width) = (raw, true, raw.utf8.count)
                return
            }
            text = SafeText.terminal(raw, keepLineBreaks: false)
            isASCII = text.isASCII
            width = isASCII ? text.utf8.count : text.count
        }

        /// The first `count` bytes of an ASCII cell.
        func append(to out: inout [UInt8], count: Int) {
            if text.utf8.withContiguousStorageIfAvailable({ out.append(contentsOf: $0.prefix(count)) }) == nil {
                out.append(contentsOf: text.utf8.prefix(count))
            }
        }
    }

    /// The rows as JSON objects keyed by the CSV headers, for listings with no richer JSON form.
    public func json() -> JSONValue {
        let keys = headers.map { $0.lowercased().replacingOccurrences(of: " ", with: "_") }
        return .array(rows.map { row in .object(zip(keys, row).map { ($0, .string($1)) }) })
    }

    /// CSV (RFC 4180 quoting, newline-terminated rows for Unix tools), headers in lower case with
    /// underscores; a cell a spreadsheet would run as a formula is defused (`SafeText`'s `.csv`).
    public func csv() -> String {
        let header = headers.map { $0.lowercased().replacingOccurrences(of: " ", with: "_") }
        return ([header] + rows).map { $0.map { SafeText.escape($0, for: .csv) }.joined(separator: ",") + "\n" }.joined()
    }
}

private extension String {
    /// Whether every byte is ASCII: the cells a table can lay out as bytes.
    var isASCII: Bool { utf8.allSatisfy { $0 < 0x80 } }

    /// At most `width` characters: the text itself, or its start and `…`.
    func truncated(to width: Int) -> String {
        characterCount <= width ? self : String(prefix(Swift.max(0, width - 1))) + "…"
    }

    /// `count` without breaking graphemes for ASCII text (nearly every cell): escaped on one line,
    /// a cell holds no CR LF pair, the one ASCII sequence that is a single `Character`.
    var characterCount: Int {
        utf8.allSatisfy { $0 < 0x80 } ? utf8.count : count
    }

    /// Padded with spaces to `width`, as Foundation's `padding(toLength:withPad:startingAt:)`
    /// does; ASCII text (nearly every cell) without going through NSString, row after row.
    func padded(to width: Int) -> String {
        let length = utf8.count
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return padding(toLength: width, withPad: " ", startingAt: 0) }
        return length >= width ? String(utf8.prefix(width))! : self + String(repeating: " ", count: width - length)
    }

    /// Without the spaces an empty last cell leaves at the end of a row.
    var trailingSpacesTrimmed: String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
