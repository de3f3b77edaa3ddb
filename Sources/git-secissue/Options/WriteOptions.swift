import ArgumentParser
import SecIssueKit

/// How every mutating command records its change.
struct WriteOptions: ParsableArguments {
    @Flag(name: .long, help: "Write and stage the change only, so it lands in your next commit.")
    var noCommit = false

    @Option(name: .long, help: ArgumentHelp("Commit onto REF without touching the working tree (always so in a bare repository).", valueName: "REF"))
    var ref: String?

    func validate() throws {
        if noCommit && ref != nil { throw ValidationError("--no-commit and --ref cannot be used together: pick one") }
        if let ref, ref.isEmpty { throw ValidationError("--ref needs a reference name, such as refs/heads/main") }
    }

    var mode: WriteMode {
        if let ref { return .ref(ref) }
        return noCommit ? .noCommit : .commit
    }
}
