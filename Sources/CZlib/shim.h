// zlib, for the deflate entries of advisory zip exports (osv.dev all.zip).
#include <zlib.h>
