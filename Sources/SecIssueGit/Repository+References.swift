import CLibgit2

extension Repository {
    /// Moves (or creates) reference `name` to `target` only if it still points to `expected`
    /// (nil: only if it does not exist yet). Throws `GitError` of kind `.modified`, `.exists`
    /// or `.locked` when another writer got there first, so the caller can re-read and retry.
    /// The corresponding C functions are `git_reference_create_matching` and `git_reference_create`.
    public func updateReference(_ name: String, to target: ObjectID, expected: ObjectID?, message: String) throws {
        var raw = target.raw
        var ref: OpaquePointer?
        if let expected {
            var current = expected.raw
            try check(git_reference_create_matching(&ref, pointer, name, &raw, 1, &current, message),
                      "cannot update \(name)")
        } else {
            try check(git_reference_create(&ref, pointer, name, &raw, 0, message), "cannot create \(name)")
        }
        git_reference_free(ref)
    }
}
