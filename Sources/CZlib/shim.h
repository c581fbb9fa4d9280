#ifndef POSTSUMM_CZLIB_SHIM_H
#define POSTSUMM_CZLIB_SHIM_H
#include <zlib.h>

/* inflateInit2 is a macro (it passes ZLIB_VERSION and sizeof(z_stream)), which
   Swift cannot call; this wrapper makes it a function. */
static inline int postsumm_inflateInit2(z_streamp strm, int windowBits) {
  return inflateInit2(strm, windowBits);
}

static inline int postsumm_deflateInit2(z_streamp strm, int level, int windowBits) {
  return deflateInit2(strm, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}
#endif
