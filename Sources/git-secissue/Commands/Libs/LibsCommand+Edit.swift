import ArgumentParser
import SecIssueKit
import SecIssueLibraries

extension LibsCommand {
    struct Trust: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "trust", abstract: "Add a library to the trusted list.")

        @Argument(help: "The library's name as its ecosystem spells it.") var name: String
        @Option(help: "swift, npm, pypi, go, cargo, rubygems, maven, composer or nuget.") var ecosystem: Ecosystem
        @Option(help: "Why it is trusted.") var reason: String
        @Option(help: "Which versions (default *): for example >=4.17.21 or ^1.2.") var versions: String?
        @Option(help: "Who vouches for it.") var owner: String?
        @OptionGroup var write: WriteOptions

        func run() throws {
            try editLibraries(.trusted, LibraryPolicy.Entry(name: name, versions: VersionRange(versions), reason: reason, owner: owner),
                              ecosystem: ecosystem, write: write)
        }
    }

    struct Ban: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ban", abstract: "Add a library to the banned list.")

        @Argument(help: "The library's name as its ecosystem spells it.") var name: String
        @Option(help: "swift, npm, pypi, go, cargo, rubygems, maven, composer or nuget.") var ecosystem: Ecosystem
        @Option(help: "Why it is banned.") var reason: String
        @Option(help: "Which versions (default *).") var versions: String?
        @Option(help: "What to use instead.") var alternative: String?
        @Option(help: "The severity of findings for it (default high).") var severity: Severity?
        @OptionGroup var write: WriteOptions

        func run() throws {
            try editLibraries(.banned, LibraryPolicy.Entry(name: name, versions: VersionRange(versions), reason: reason,
                                                           alternative: alternative, severity: severity), ecosystem: ecosystem, write: write)
        }
    }
}

private func editLibraries(_ list: LibraryPolicyEditor.List, _ entry: LibraryPolicy.Entry, ecosystem: Ecosystem, write: WriteOptions) throws {
    for value in [entry.name, entry.reason ?? "", entry.versions.text, entry.alternative ?? "", entry.owner ?? ""] {
        try InputCheck.singleLine(value, what: "a value")
    }
    guard entry.versions.isValid else {
        throw SecIssueError.usage("--versions '\(entry.versions.text)' is not a version range: use *, or constraints such as >=1.2, <2 or ~=3.2")
    }
    if ecosystem == .maven && !entry.name.contains(":") { Output.warning(LibraryPolicy.mavenWarning(entry.name)) }
    let workspace = try Workspace.discover()
    let message = "secissue: \(list == .trusted ? "trust" : "ban") \(ecosystem.rawValue) library \(entry.name)\n"
    let outcome = try workspace.write(write.mode) { store in
        try store.requireInitialised()
        let text = try libraryPolicy(store).text
        let updated = try LibraryPolicyEditor.adding(entry, to: list, of: ecosystem, in: text)
        return PlannedWrite(changes: [LibraryPolicy.path: Array(updated.utf8)], message: message)
    }
    Output.report(outcome, message: message)
}
