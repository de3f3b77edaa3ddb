/// The fenced snippet an import writes after a finding's `**Rule:**` line (`ScanResult`), found
/// again by the refresh of a re-import, by sealing a scan's view and by the CI summary.
enum ImportedSnippet {
    /// The indices in `lines` of the block's opening and closing fences; nil when there is no such
    /// block (none was filed, or people rewrote it).
    static func fences(in lines: [String]) -> (open: Int, close: Int)? {
        guard let rule = lines.firstIndex(where: { $0.hasPrefix("**Rule:** ") }) else { return nil }
        var open = rule + 1
        while open < lines.count, lines[open].trimmingCharacters(in: .whitespaces).isEmpty { open += 1 }
        guard open < lines.count, case let fence = lines[open], fence.count >= 3,
              fence.allSatisfy({ $0 == "`" }) || fence.allSatisfy({ $0 == "~" }),
              let close = lines[(open + 1)...].firstIndex(of: fence) else { return nil }
        return (open, close)
    }
}
