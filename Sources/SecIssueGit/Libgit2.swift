import CLibgit2

/// libgit2 must be initialised once per process before any other call; a lazily
/// initialised global runs exactly once, whichever thread gets there first.
private let libgit2Initialised: Int32 = {
    let result = git_libgit2_init()
    // 16 MiB holds a findings tree of well over 100,000 entries.
    _ = secissue_set_tree_cache_limit(16 << 20)
    // Objects are trusted on read as git trusts them (fsck, fetch and index-pack verify them).
    _ = secissue_set_strict_hash_verification(0)
    return result
}()

func ensureLibgit2() {
    _ = libgit2Initialised
}
