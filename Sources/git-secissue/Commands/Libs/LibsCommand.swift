import ArgumentParser
import SecIssueKit
import SecIssueLibraries

struct LibsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "libs",
        abstract: "Check dependencies against the trusted-library list (.security/libraries.yml) and edit it.",
        subcommands: [Check.self, Audit.self, List.self, Trust.self, Ban.self])
}

extension Ecosystem: ExpressibleByArgument {}

/// libraries.yml as it stands in `store`; an empty policy when the file is missing.
func libraryPolicy(_ store: SecurityStore) throws -> (policy: LibraryPolicy, text: String) {
    guard let bytes = try store.files.read(LibraryPolicy.path) else { return (LibraryPolicy(), "") }
    let text = String(decoding: bytes, as: UTF8.self)
    return (try LibraryPolicy(yaml: text), text)
}
