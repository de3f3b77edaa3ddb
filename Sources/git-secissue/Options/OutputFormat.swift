import ArgumentParser
import SecIssueKit

/// The two families of output, each offered the same way by every command of the family; a
/// format a command does not offer is a usage error (exit 64), never silently another one.

/// What every command that lists things prints: a table for people, JSON or CSV for programs.
enum ListingFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

struct ListingOptions: ParsableArguments {
    @Option(help: "table, json or csv.") var format: ListingFormat = .table
    @Flag(help: "Show every cell of a table in full (on a terminal, the widest free-text column is shortened to fit).")
    var wide = false

    /// The width a table is fitted to: the terminal's, or nil with --wide or when not on a terminal.
    var width: Int? { wide ? nil : Output.terminalWidth }

    /// Prints `listing` as a table or CSV, or `json()` as JSON; `empty` is the answer a table gives when there are no rows.
    func print(_ listing: Listing, json: () -> JSONValue, empty: String? = nil) {
        switch format {
        case .json: Output.print(bytes: json().renderedBytes())
        case .csv: Output.print(listing.csv())
        case .table:
            if listing.rows.isEmpty, let empty { Output.print(empty + "\n") } else { Output.print(listing.table(width: width)) }
        }
    }
}

/// What every command that shows one record prints (a finding, a guide, a history): text for
/// people (Markdown for a finding: `markdown` is accepted as its name), JSON for programs.
enum RecordFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json

    init?(argument: String) {
        self.init(rawValue: argument == "markdown" ? "text" : argument)
    }
}

struct RecordOptions: ParsableArguments {
    @Option(help: "text or json.") var format: RecordFormat = .text
}

/// What `report` writes: a self-contained HTML page, or Markdown for a wiki.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case html, markdown
}

/// `--no-file`, for the commands that can file findings.
struct FilingOptions: ParsableArguments {
    @Flag(help: "Report without filing findings.") var noFile = false
}
