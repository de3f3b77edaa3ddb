import ArgumentParser
import SecIssueKit

extension Initialise.CIProvider: ExpressibleByArgument {}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create .security/ (config, guidance, library list) from the templates and commit it.")

    @Flag(help: "Restore the files of .security/ that are missing; never overwrites one that exists.")
    var force = false

    @Option(help: "Also add a CI workflow that runs git secissue ci: github or gitlab.") var ci: Initialise.CIProvider?

    @Option(help: "Which starter guides to install in .security/guidance/: all or none.") var guidance: GuidanceChoice = .all

    enum GuidanceChoice: String, ExpressibleByArgument, CaseIterable { case all, none }

    @OptionGroup var write: WriteOptions

    func run() throws {
        let workspace = try Workspace.discover()
        var alreadyThere = false
        var message = ""
        let outcome = try workspace.write(write.mode) { store in
            guard let plan = try Initialise.plan(store, force: force, ci: ci, guidance: guidance == .all) else {
                alreadyThere = true
                return PlannedWrite(changes: [:], message: "")
            }
            message = plan.message
            return plan
        }
        if outcome != .unchanged || !alreadyThere { try? MergeDriver.register(workspace) }
        if alreadyThere {
            Output.note(".security/ already exists: nothing changed (git secissue init --force restores missing files)")
        } else if outcome == .unchanged {
            Output.note("no file of .security/ is missing: nothing changed")
        } else {
            Output.report(outcome, message: message)
            if ci == .gitlab {
                Output.note("add to .gitlab-ci.yml:  include: [{local: \(Initialise.CIProvider.gitlab.path)}]")
                Output.note("fill in \(Initialise.CIProvider.gitlab.path): GIT_SECISSUE_DOWNLOAD_URL (where your release tarballs are), GIT_SECISSUE_VERSION; set the CI/CD variable SECISSUE_TOKEN")
            } else if ci == .github {
                Output.note("fill in \(Initialise.CIProvider.github.path): `uses: your-org/git-secissue@v0.1.0` (where your organisation keeps git-secissue, at a tag you reviewed), `version:` (the release to install), and `branches: [main]` if your default branch differs")
            }
        }
    }
}
