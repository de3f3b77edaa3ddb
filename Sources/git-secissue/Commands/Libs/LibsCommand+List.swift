import ArgumentParser
import SecIssueKit
import SecIssueLibraries

extension LibsCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the trusted and banned libraries.")

        @Option(help: "Only this ecosystem.") var ecosystem: Ecosystem?
        @OptionGroup var read: ReadOptions

        func run() throws {
            let store = try Workspace.discover().store(at: read.at)
            try store.requireInitialised()
            let policy = try libraryPolicy(store).policy
            var lines: [String] = []
            for ecosystem in Ecosystem.allCases where self.ecosystem == nil || self.ecosystem == ecosystem {
                guard let rules = policy.ecosystems[ecosystem] else { continue }
                lines.append("\(ecosystem.rawValue) (\(rules.mode.rawValue))")
                for (kind, entries) in [("trusted", rules.trusted), ("banned", rules.banned)] {
                    for entry in entries {
                        var line = "  \(kind) \(entry.name) \(entry.versions.text)"
                        if let reason = entry.reason { line += ": \(reason)" }
                        if let alternative = entry.alternative { line += " (use \(alternative))" }
                        lines.append(line)
                    }
                }
            }
            if lines.isEmpty { Output.note("no libraries are listed in \(LibraryPolicy.path)") } else { Output.print(lines.joined(separator: "\n") + "\n") }
        }
    }
}
