import ArgumentParser

/// `--at REV` for commands that read.
struct ReadOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Read .security/ as it stood at this revision.", valueName: "REV"))
    var at: String?
}
