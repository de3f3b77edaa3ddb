import ArgumentParser
import Foundation
import SecIssueKit

struct Edit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Edit a finding in your editor; an invalid result is reported and nothing is written.")

    @Argument(help: "The finding: any unique prefix of its ID.") var id: String
    @OptionGroup var write: WriteOptions

    func run() throws {
        let workspace = try Workspace.discover()
        let stamp = try workspace.stamp()
        let store = try workspace.store(at: write.ref)
        let original = try store.finding(id)
        try Sealing.requireOpen(original.finding)
        let config = try store.config()
        let editor = Editor(environment: ProcessInfo.processInfo.environment, coreEditor: try workspace.configString("core.editor"))
        guard Output.isTerminal || editor.isConfigured else {
            throw SecIssueError.usage("no terminal to edit \(original.finding.id) in, and no editor set: run git secissue edit in a "
                                      + "terminal, or set GIT_EDITOR (or core.editor) to an editor that runs without one")
        }
        var text = original.text
        var accepted: String?
        while true {
            text = try editor.edit(text, fileName: original.finding.id + ".md")
            do {
                accepted = try EditFinding.accept(text, original: original, stamp: stamp, config: config)
                break
            } catch let problem as FileProblem {
                Output.error(problem.description)
                guard Output.isTerminal, ask("Edit again to fix it? [Y/n] ") else {
                    throw SecIssueError("nothing was written: \(original.path) is unchanged")
                }
            }
        }
        guard let accepted else {
            Output.note("no changes: nothing written")
            return
        }
        let message = FindingChange.message(verb: "edit", id: original.finding.id,
                                            title: FindingChange.messageTitle(original.finding))
        let outcome = try workspace.write(write.mode) { store in
            guard try store.files.read(original.path) == original.storedBytes else {
                throw SecIssueError("\(original.path) changed while you were editing: nothing was written; run git secissue edit again")
            }
            return PlannedWrite(changes: [original.path: Array(accepted.utf8)], message: message)
        }
        Output.report(outcome, message: message)
    }

    private func ask(_ question: String) -> Bool {
        FileHandle.standardError.write(Data(question.utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? "n"
        return answer.isEmpty || answer.hasPrefix("y")
    }
}
