#ifndef SECISSUE_CLIBGIT2_SHIM_H
#define SECISSUE_CLIBGIT2_SHIM_H
#define GIT_DEPRECATE_HARD
#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

/* git_libgit2_opts is variadic, which Swift cannot call: these wrappers give it fixed arguments. */

/* Keeps parsed trees up to `bytes` in libgit2's object cache (the default is 4 KiB), so a
   findings tree with thousands of entries is parsed once per process, not once per lookup. */
static inline int secissue_set_tree_cache_limit(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, bytes);
}
/* Whether every object read is hashed again and compared with its id (libgit2's default: on).
   git itself does not re-hash objects on reads (fsck and index-pack check them), so neither
   do we: reading 10,000 finding blobs would otherwise hash every byte twice. */
static inline int secissue_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}
#endif
