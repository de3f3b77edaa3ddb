import ArgumentParser
import SecIssueKit

struct RecipientsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recipients",
        abstract: "List, add or remove the keys confidential findings are encrypted to (.security/recipients).",
        discussion: "add and remove re-encrypt every active confidential finding in the same commit. Removing a key does not "
            + "revoke what its holder already pulled.",
        subcommands: [List.self, Add.self, Remove.self, IDKeyCommand.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the recipients and whose each key is.")
        @OptionGroup var read: ReadOptions
        @OptionGroup var output: ListingOptions

        func run() throws {
            let store = try Workspace.discover().store(at: read.at)
            try store.requireInitialised()
            let recipients = try Recipients.read(from: store.files)
            let listing = Listing(headers: ["name", "key"], rows: recipients.entries.map { [$0.name, $0.key] })
            output.print(listing, json: {
                .array(recipients.entries.map { .object([("name", .string($0.name)), ("key", .string($0.key))]) })
            }, empty: "no recipients: git secissue recipients add KEY --name WHO")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a key and re-encrypt the active confidential findings to it.")
        @Argument(help: ArgumentHelp("age1… (age-keygen -y FILE), or an SSH public key (\"ssh-ed25519 AAAA…\", or a .pub file's line).",
                                     valueName: "KEY"))
        var key: String
        @Option(help: "Whose key it is: a person's name and email, or the CI job.") var name: String
        @OptionGroup var write: WriteOptions

        func run() throws {
            try RecipientsCommand.change(.add(try RecipientChange.recipient(key: key, name: name)), write: write)
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a key and re-encrypt the active confidential findings without it (what it already read stays read).")
        @Argument(help: ArgumentHelp("The key, or the name it is listed under.", valueName: "KEY-OR-NAME")) var recipient: String
        @OptionGroup var write: WriteOptions

        func run() throws {
            try RecipientsCommand.change(.remove(recipient), write: write)
        }
    }

    struct IDKeyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "id-key",
            abstract: "Print the key the IDs of imported confidential findings are keyed with, for CI's SECISSUE_ID_KEY secret.",
            discussion: "Needs a reader's identity. It is kept in .security/id-key, sealed to the recipients; a repository without "
                + "one gets it here, in a commit.")
        @OptionGroup var write: WriteOptions

        func run() throws {
            let workspace = try Workspace.discover()
            let store = try workspace.store()
            try store.requireInitialised()
            let (key, create) = try IDKey.current(in: store)
            if let create {
                let outcome = try workspace.write(write.mode) { _ in create }
                Output.report(outcome, message: create.message)
            }
            print(key.hex)
        }
    }

    static func change(_ change: RecipientChange, write: WriteOptions) throws {
        var message = ""
        let outcome = try Workspace.discover().write(write.mode) { store in
            let planned = try change.plan(in: store)
            message = planned.message
            return planned
        }
        Output.report(outcome, message: message)
    }
}
