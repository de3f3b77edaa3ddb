import ArgumentParser
import SecIssueKit

/// The status change shared by `status`, `close` and `reopen`.
enum StatusUpdate {
    static func run(
        _ target: SelectionOptions.Target, status: Status, reason: String? = nil, expires: String? = nil, duplicateOf: String? = nil,
        commit: String? = nil, confidential: Bool = false, write: WriteOptions
    ) throws {
        let expiry = try expires.map { try InputCheck.day($0, what: "--expires") }
        if let expiry, expiry <= Output.today {
            throw SecIssueError.usage("--expires \(expiry) is not in the future: a risk acceptance needs a date to look at it again")
        }
        var change = TriageChange.StatusChange(status: status, reason: reason, expires: expiry,
                                         duplicateOf: duplicateOf, fixedCommit: commit)
        try change.validate()
        if let commit {
            change.fixedCommit = try Workspace.discover().commitHash(commit)
        }
        try FindingUpdate.run(target, options: write) { store, stamp in
            var resolved = change
            resolved.duplicateOf = try duplicateOf.map { try store.resolve($0) }
            let apply = resolved.apply(by: stamp)
            guard confidential else { return apply }
            return { finding in
                let text = try apply(&finding)
                guard finding.confidential == nil else { return text }
                finding.confidential = Confidentiality()
                return (text.map { $0 + "; " } ?? "") + "made confidential"
            }
        }
    }
}
