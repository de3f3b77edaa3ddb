import CLibgit2

/// libgit2 must be initialised once per process before any other call; a lazily
/// initialised global runs exactly once, whichever thread gets there first.
private let libgit2Initialised: Int32 = git_libgit2_init()

func ensureLibgit2() {
    _ = libgit2Initialised
}
