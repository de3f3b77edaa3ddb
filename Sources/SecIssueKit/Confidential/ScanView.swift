import Foundation

/// What a scanner says about a confidential finding, as one sealed block that a re-import without
/// the key can write (it has the result in plaintext) and replace, while the record and people's
/// activity stay as they are (`SealedBody`). Opened, it is applied to the record as a re-import
/// with the key would have applied the result: the location, and the snippet in the description;
/// for a tool that keeps them current, also the title, severity, description and counts.
enum ScanView {
    /// The block's plaintext: a finding file of the result alone.
    static func plaintext(_ result: ScanResult, id: String, created: String) -> String {
        var view = Finding(id: id, title: result.title, severity: result.severity, created: created, reporter: "")
        view.location = result.location
        view.evidence = result.refreshes ? result.evidence : nil
        view.description = result.description
        return FindingCodec.encode(view)
    }

    /// The keyed digest the file keeps in clear (`confidential.scan`), to tell whether the next
    /// result says anything new without revealing what it says.
    static func digest(_ plaintext: String, refreshes: Bool, key: IDKey) -> String {
        key.digest((refreshes ? "refreshes\n" : "\n") + plaintext)
    }

    /// `record` with the scan block's plaintext applied.
    static func apply(_ plaintext: String, refreshes: Bool, to record: inout Finding, path: String) throws {
        let view: Finding
        do {
            view = try FindingCodec.decode(plaintext, path: path)
        } catch let problem as FileProblem {
            throw FileProblem(path: path, line: nil, message: "the encrypted scan result does not parse (\(problem.message))")
        }
        record.location = view.location
        if refreshes {
            record.title = view.title
            record.severity = view.severity
            record.description = view.description
            if let evidence = view.evidence { record.evidence = evidence }
        } else if let snippet = snippet(in: view.description),
                  let description = ScanImport.replacingSnippet(in: record.description, with: snippet) {
            record.description = description
        }
    }

    /// The fenced snippet after the `**Rule:**` line of an imported description (as
    /// `ScanImport.replacingSnippet` finds it), without its fences.
    static func snippet(in description: String) -> String? {
        let lines = description.components(separatedBy: "\n")
        guard let (open, close) = ImportedSnippet.fences(in: lines) else { return nil }
        return lines[(open + 1)..<close].joined(separator: "\n")
    }
}

/// A scan result on its way into a sealed finding, by an importer that cannot open it.
struct SealedScan {
    let plaintext: String
    let digest: String
    let refreshes: Bool
    let files: SecurityFiles

    init(_ result: ScanResult, finding: Finding, key: IDKey, files: SecurityFiles) throws {
        plaintext = ScanView.plaintext(result, id: finding.id, created: finding.created)
        refreshes = result.refreshes
        digest = ScanView.digest(plaintext, refreshes: refreshes, key: key)
        self.files = files
    }

    /// True when the finding's last scan result (its clear digest) says something else.
    func isNew(for finding: Finding) -> Bool { finding.confidential?.scan != digest }

    /// Seals the result into the finding's scan block, replacing the one before, when it is new;
    /// a refreshing tool's severity changes in clear (unless hidden).
    func apply(to finding: inout Finding, refreshing result: ScanResult) throws {
        guard isNew(for: finding) else { return }
        var body = SealedBody(parsing: finding.description)
        body.scan = try AgeTool.encrypt(Data(plaintext.utf8), to: try Recipients.read(from: files).entries)
        body.scanRefreshes = refreshes
        finding.description = body.text
        finding.confidential?.scan = digest
        if refreshes, !finding.isSeverityHidden { finding.severity = result.severity }
    }
}
