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

/// `--at REV` for commands that read.
struct ReadOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Read .security/ as it stood at this revision.", valueName: "REV"))
    var at: String?
}


extension Severity: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension Status: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
