import ArgumentParser

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Record the known-good state of files and packages (.security/baselines/NAME.yml) and report drift from it.",
        discussion: """
            --root DIR is the system's root: / for the machine itself, or a mounted image or container filesystem. \
            Paths and globs are inside it (etc/ssh/**, usr/bin/*); links are recorded, never followed.
            """,
        subcommands: [Record.self, Check.self])
}
