import ArgumentParser
import SecIssueKit
import SecIssueLibraries

extension LibsCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the trusted and banned libraries.")

        @Option(help: "Only this ecosystem.") var ecosystem: Ecosystem?
        @OptionGroup var read: ReadOptions
        @OptionGroup var output: ListingOptions

        func run() throws {
            let store = try Workspace.discover().store(at: read.at)
            try store.requireInitialised()
            let listing = LibraryTable.listing(try libraryPolicy(store).policy, ecosystem: ecosystem)
            output.print(listing, json: listing.json, empty: "no libraries are listed in \(LibraryPolicy.path)")
        }
    }
}
