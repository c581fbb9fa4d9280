#ifndef POSTSUMM_CRC32_FOLD_H
#define POSTSUMM_CRC32_FOLD_H
#include <stddef.h>

/* The gzip CRC-32 by carry-less multiplication (x86-64 PCLMULQDQ), an instruction Swift cannot
   reach. zlib 1.2.13's crc32 works through a few bytes per cycle; this folds 64 bytes per four
   multiplies. See crc32_fold.c. */

/* Whether this CPU has the instructions postsumm_crc32_fold needs. */
int postsumm_crc32_fold_supported(void);

/* Folds `length` bytes of `data` (a multiple of 16, at least 64) into the 16 bytes `out`, such
   that zlib's crc32(0xFFFFFFFF, out, 16) equals zlib's crc32(crc, data, length): the caller
   finishes with zlib on those 16 bytes and on the data's last (length mod 16) bytes. Only call
   it when postsumm_crc32_fold_supported() says so. */
void postsumm_crc32_fold(unsigned int crc, const unsigned char *data, size_t length, unsigned char out[16]);

#endif
