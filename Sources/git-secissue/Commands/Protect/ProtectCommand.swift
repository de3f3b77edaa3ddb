import ArgumentParser

struct ProtectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protect",
        abstract: "Check that changes to the deployment pipeline (protect.paths in config.yml) carry a security approval.",
        discussion: """
            A change to a protected path is approved by a Security-Approved-By: Name <email> trailer naming one of \
            protect.approvers who is not the commit's author, by a later commit carrying that trailer and \
            Security-Approves: <commit>, or by an SSH signature with a key listed for such an approver.
            """,
        subcommands: [Check.self, Status.self])
}
