import ArgumentParser
import Foundation
import SecIssueKit
import SecIssueWorkflow

struct MergeDriverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge-driver",
        abstract: "Merge a finding file field by field (git runs this: merge.secissue.driver).",
        discussion: "Writes the result over OURS; exits 1 when the description has a real conflict, so git reports it.")

    @Argument(help: "The common ancestor's version (%O).") var base: String
    @Argument(help: "Our version, where the result goes (%A).") var ours: String
    @Argument(help: "Their version (%B).") var theirs: String
    @Argument(help: "The path in the repository (%P).") var path: String = "finding.md"

    func run() throws {
        func read(_ file: String) throws -> String {
            guard let data = FileManager.default.contents(atPath: file) else { throw SecIssueError("cannot read \(file)") }
            return String(decoding: data, as: UTF8.self)
        }
        let (baseText, oursText, theirsText) = (try read(base), try read(ours), try read(theirs))
        let result: (text: String, conflicted: Bool)
        let nul = MergeInput.nulByte(base: baseText, ours: oursText, theirs: theirsText)
        do {
            let workspace = try Workspace.discover()
            result = try ConfidentialMerge.merge(base: baseText, ours: oursText, theirs: theirsText, path: path,
                                                 keyring: try workspace.keyring(),
                                                 recipients: { try Recipients.read(from: try workspace.store().files) })
            if let nul { Output.warning("\(path): \(nul): the merged file writes it as \\u0000, so the text merges as text") }
        } catch {
            // A side that does not parse: merge as plain text, so git shows the conflict.
            Output.warning("\(path): \(error); merging it as text")
            result = try TextMerge.merge(base: baseText, ours: oursText, theirs: theirsText)
            if let nul {
                Output.warning("\(path): \(nul), which git cannot merge line by line: kept both versions whole between conflict markers; resolve the file by hand")
            }
        }
        try Data(result.text.utf8).write(to: URL(fileURLWithPath: ours))
        if result.conflicted { throw ExitCode.failure }
    }
}
