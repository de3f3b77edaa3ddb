import ArgumentParser

struct ProtectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protect",
        abstract: "Check that changes to the deployment pipeline (protect.paths in config.yml) carry a security approval.",
        discussion: """
            A change to a protected path (protect.paths, plus .security/config.yml, .security/baselines/**, the CI \
            workflows and action.yml, always) is approved when a listed approver who is not its author signed it with \
            an SSH key listed under protect.approvers[].keys: the commit itself, a later commit carrying \
            Security-Approves: <commit>, or an annotated tag; or when the platform's review record has their approving \
            review. A Security-Approved-By: trailer counts only with protect.trust_trailers: true.
            """,
        subcommands: [Check.self, Status.self])
}
