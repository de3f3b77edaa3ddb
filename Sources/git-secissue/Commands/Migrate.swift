import ArgumentParser
import SecIssueKit

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Move .security/ to the newest store format (findings/XY/ID.md) in one commit.",
        discussion: """
            Moves every finding file of a flat store (format 1, findings/ID.md) into the directory named by the \
            first two characters of its ID (format 2, findings/XY/ID.md), sets format: 2 in .security/config.yml \
            and the merge driver's line in .gitattributes, and commits it. The files keep their bytes, as git mv \
            keeps them: git log --follow and git blame follow each file, and confidential findings move sealed. \
            Refuses while .security/ has changes HEAD does not. A store already at the newest format is left \
            alone ("already format 2"). Readers accept both layouts, so nothing else has to happen at once.
            """)

    @Flag(help: "Print what would move, and change nothing.") var dryRun = false

    func run() throws {
        let workspace = try Workspace.discover()
        let (migration, outcome) = try workspace.migrate(dryRun: dryRun)
        if migration.isDone {
            return Output.note("already format \(migration.target.format): nothing to move")
        }
        if dryRun {
            Output.print(migration.moves.map { "rename \($0.from) -> \($0.to)\n" }.joined())
            Output.note("would move \(migration.moves.count) finding file\(migration.moves.count == 1 ? "" : "s") "
                         + "and set format: \(migration.target.format) (was \(migration.fromFormat)) in one commit; nothing changed")
            return
        }
        Output.report(outcome, message: "secissue: migrate .security/ to format \(migration.target.format): moved \(migration.moves.count) finding file\(migration.moves.count == 1 ? "" : "s")")
        Output.note("other clones merge this commit as usual; one whose .gitattributes predates it runs git secissue init --force first, "
                    + "so the merge driver also picks the moved files (docs/commands.md#migrate)")
    }
}
