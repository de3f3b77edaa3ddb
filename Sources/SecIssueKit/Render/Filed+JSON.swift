/// The filing report as JSON, for `import` and `ci` with `--format json`: the same counts and
/// IDs as the printed line and the commit message, and where the write landed.
extension ImportReport {
    /// `counts`, the IDs of each kind of change, `notes` and `skipped`.
    public var jsonMembers: [(String, JSONValue)] {
        [
            ("counts", .object([
                ("new", .int(new.count)), ("updated", .int(updated.count)), ("reopened", .int(reopened.count)),
                ("fixed", .int(fixed.count)), ("expired", .int(expired.count)), ("unchanged", .int(unchanged)),
                ("kept_triaged", .int(keptTriage)), ("skipped", .int(skipped.count)),
            ])),
            ("new", .strings(new.map(\.id))), ("updated", .strings(updated.map(\.id))),
            ("reopened", .strings(reopened.map(\.id))), ("fixed", .strings(fixed.map(\.id))),
            ("expired", .strings(expired.map(\.id))),
            ("notes", .strings(notes)), ("skipped", .strings(skipped)),
        ]
    }
}

extension WriteOutcome {
    /// `outcome` (`committed`, `staged` or `unchanged`), with `commit` and `ref` or the `staged` paths.
    public var jsonMembers: [(String, JSONValue)] {
        switch self {
        case .unchanged:
            return [("outcome", .string("unchanged")), ("commit", .null), ("ref", .null), ("staged", .array([]))]
        case .committed(let commit, let ref):
            return [("outcome", .string("committed")), ("commit", .string(commit.hex)), ("ref", .string(ref)), ("staged", .array([]))]
        case .staged(let paths):
            return [("outcome", .string("staged")), ("commit", .null), ("ref", .null), ("staged", .strings(paths))]
        }
    }
}

extension Filed {
    /// The report and the write: what `import --format json` prints.
    public var json: JSONValue { .object(report.jsonMembers + outcome.jsonMembers) }
}
