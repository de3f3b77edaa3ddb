import ArgumentParser
import Foundation
import SecIssueKit

struct Guide: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guide",
        abstract: "Read the security guidance kept in .security/guidance/.",
        discussion: "With no argument, lists the topics. A guide is shown through $PAGER (less -R) on a terminal.")

    @Argument(help: "The topic to show.") var topic: String?
    @Option(name: .customLong("for"), help: ArgumentHelp("The guides for a finding: by its guidance links and its CWEs.", valueName: "ID"))
    var finding: String?
    @Option(help: ArgumentHelp("The guides whose paths match this file.", valueName: "FILE")) var path: String?
    @Option(help: ArgumentHelp("Search every guide for this text (case-insensitive); prints the matching lines.", valueName: "TEXT"))
    var search: String?
    @Flag(help: "Print straight to standard output, even on a terminal.") var noPager = false
    @Flag(help: "Show the topic list's titles in full (on a terminal they are shortened to fit).") var wide = false
    @OptionGroup var output: RecordOptions
    @OptionGroup var read: ReadOptions

    func validate() throws {
        if [topic, finding, path, search].compactMap({ $0 }).count > 1 {
            throw ValidationError("give one of TOPIC, --for, --path or --search")
        }
    }

    func run() throws {
        let workspace = try Workspace.discover()
        let store = try workspace.store(at: read.at)
        try store.requireInitialised()
        let catalog = try GuidanceCatalog(store: store)
        if let topic {
            let guide = try catalog.guide(topic)
            if output.format == .json {
                Output.print(bytes: JSONValue.object([("guide", guide.json), ("text", .string(guide.text))]).renderedBytes())
            } else {
                Output.page(guide.text, noPager: noPager, repository: workspace)
            }
        } else if let search {
            let matches = catalog.search(search)
            if output.format == .json {
                Output.print(bytes: JSONValue.array(matches.map { match in
                    .object([("id", .string(match.guide.id)), ("file", .string(match.guide.path)),
                             ("lines", .array(match.lines.map { .object([("line", .int($0.number)), ("text", .string($0.text))]) }))])
                }).renderedBytes())
            } else {
                Output.print(matches.flatMap { match in match.lines.map { "\(match.guide.path):\($0.number): \($0.text)\n" } }.joined())
            }
            if matches.isEmpty { Output.note("no guide mentions '\(search)'") }
        } else {
            var guides = catalog.guides
            if let finding { guides = catalog.guides(for: try store.finding(finding).finding) }
            if let path {
                let location = try InputCheck.location(path, root: workspace.workingDirectory,
                                                       directory: FileManager.default.currentDirectoryPath)
                let ranked = catalog.guides(forPath: location.path, findings: try store.findings().findings)
                guides = ranked.guides
                if ranked.generic && !guides.isEmpty && output.format == .text {
                    Output.note("no finding at \(location.path) and no guide for its place in the tree: these apply to every file of its kind")
                }
            }
            if output.format == .json {
                Output.print(bytes: JSONValue.array(guides.map(\.json)).renderedBytes())
            } else if guides.isEmpty {
                Output.note(finding != nil || path != nil ? "no guide applies" : "no guides yet: git secissue init --force installs the starter guides")
            } else {
                Output.print(GuideTable.listing(guides).table(width: wide ? nil : Output.terminalWidth))
            }
        }
    }
}
