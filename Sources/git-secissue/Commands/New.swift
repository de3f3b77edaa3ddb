import ArgumentParser
import Foundation
import SecIssueKit

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "File a finding by hand and print its ID.",
        discussion: "With no --title on a terminal, opens your editor on a finding template.")

    @Option(help: "A one-line summary.") var title: String?
    @Option(help: "critical, high, medium, low or info.") var severity: Severity = .medium
    @Option(help: ArgumentHelp("A CWE number (89 or CWE-89); repeat for several.", valueName: "N")) var cwe: [String] = []
    @Option(help: ArgumentHelp("Where in the code, relative to the current directory.", valueName: "P[:LINE]")) var path: String?
    @Option(name: [.short, .long], help: "The description (Markdown).") var message: String?
    @Option(help: ArgumentHelp("Read the description from a file (- for standard input).", valueName: "F")) var file: String?
    @Option(help: "Who should fix it.") var assignee: String?
    @Option(help: ArgumentHelp("A tag; repeat for several.", valueName: "T")) var tag: [String] = []
    @Option(help: ArgumentHelp("A code issue: github:OWNER/REPO#N, gitlab:GROUP/PROJECT#N, jira:KEY-N, KEY-N or an https URL.", valueName: "REF"))
    var link: [String] = []
    @Flag(help: "Encrypt it to the keys in .security/recipients: only its clear fields are readable without one.")
    var confidential = false

    @OptionGroup var write: WriteOptions

    func validate() throws {
        if message != nil && file != nil { throw ValidationError("give the description with --message or --file, not both") }
    }

    func run() throws {
        let workspace = try Workspace.discover()
        let root = workspace.workingDirectory
        let directory = FileManager.default.currentDirectoryPath
        guard var request = try title.map({ try fromOptions(title: $0, root: root, directory: directory) })
                ?? fromEditor(workspace, root: root, directory: directory) else {
            throw SecIssueError("the title is empty: no finding was filed")
        }
        request.confidential = request.confidential || confidential
        let stamp = try workspace.stamp()
        var filed: Finding?
        let outcome = try workspace.write(write.mode) { store in
            let (finding, plan) = try request.plan(in: store, stamp: stamp)
            filed = finding
            return plan
        }
        guard let filed else { return }
        Output.print(filed.id + "\n")
        Output.report(outcome, message: FindingChange.message(verb: "open", id: filed.id, title: FindingChange.messageTitle(filed)))
    }

    private func fromOptions(title: String, root: String?, directory: String) throws -> NewFinding {
        var request = NewFinding(title: try InputCheck.title(title))
        request.severity = severity
        request.cwe = try cwe.map(InputCheck.cwe)
        request.location = try path.map { try InputCheck.location($0, root: root, directory: directory) }
        request.description = try message ?? file.map(readDescription) ?? ""
        if let assignee {
            try InputCheck.singleLine(assignee, what: "--assignee")
            request.assignee = assignee.trimmingCharacters(in: .whitespaces)
        }
        for tag in tag { try InputCheck.singleLine(tag, what: "--tag") }
        request.tags = tag
        request.links = try link.map(InputCheck.issueReference)
        return request
    }

    private func fromEditor(_ workspace: Workspace, root: String?, directory: String) throws -> NewFinding? {
        guard Output.isTerminal else {
            throw SecIssueError.usage("--title is required when not on a terminal (git secissue new --title \"...\")")
        }
        let template = String(decoding: Templates.file("finding.md") ?? [], as: UTF8.self)
        let editor = Editor(environment: ProcessInfo.processInfo.environment, coreEditor: try workspace.configString("core.editor"))
        return try EditFinding.newFinding(fromTemplate: try editor.edit(template, fileName: "NEW_FINDING.md"), root: root, directory: directory)
    }

    private func readDescription(_ path: String) throws -> String {
        if path == "-" { return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SecIssueError("cannot read --file \(path): no such file or not readable")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
