/// Rows of cells under headers: every listing's table and CSV come from one of these, so each
/// command that lists things offers the same formats and escapes them the same way.
public struct Listing: Sendable {
    public var headers: [String]
    public var rows: [[String]]

    public init(headers: [String], rows: [[String]]) {
        self.headers = headers
        self.rows = rows
    }

    /// Aligned columns, two spaces apart; the last column is not padded. Cells are escaped for
    /// the terminal on one line before the widths are taken, so an escaped cell still lines up
    /// and a line break in a cell cannot start a row of its own.
    public func table() -> String {
        let cells = ([headers] + rows).map { row in row.map { SafeText.terminal($0, keepLineBreaks: false) } }
        let widths = headers.indices.map { column in cells.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return cells.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trailingSpacesTrimmed
        }.joined(separator: "\n") + "\n"
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
    /// Without the spaces an empty last cell leaves at the end of a row.
    var trailingSpacesTrimmed: String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
