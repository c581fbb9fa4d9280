/* CRC-32 (gzip's polynomial, bit-reflected) by folding with carry-less multiplication, after
   Gopal et al., "Fast CRC Computation for Generic Polynomials Using PCLMULQDQ Instruction"
   (Intel, 2009).

   Read as a polynomial over GF(2), the data is congruent, modulo the CRC polynomial P, to a
   shorter one: a 128-bit block B followed by d more bits contributes B * x^d, and B * x^d mod P
   equals Blow * (x^(d+32) mod P, reflected) + Bhigh * (x^(d-32) mod P, reflected) times the rest,
   which is again 128 bits and can be added (XOR) to the block d bits later. Four blocks are
   carried at once, 512 bits apart, then folded into one, 128 bits at a time. What is left is 16
   bytes with the same CRC from a zero register as the whole data from `crc`, which zlib's
   table-driven crc32 finishes (the caller does that: this file only holds what Swift cannot).

   The constants are x^(512+32), x^(512-32), x^(128+32), x^(128-32) modulo P, bit-reflected and
   shifted by one (the reflected product comes out one bit short). The tests compare the result
   with zlib's crc32 for every length up to 600 bytes at every alignment, and on megabytes. */
#include "crc32_fold.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <emmintrin.h>
#include <wmmintrin.h>

int postsumm_crc32_fold_supported(void) {
  unsigned int eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
  return (ecx & bit_PCLMUL) != 0 && (edx & bit_SSE2) != 0;
}

/* x * k as two products: x's low half by k's low half, x's high half by k's high half. */
__attribute__((target("pclmul,sse2"))) static inline __m128i fold(__m128i x, __m128i k, __m128i next) {
  __m128i low = _mm_clmulepi64_si128(x, k, 0x00);
  __m128i high = _mm_clmulepi64_si128(x, k, 0x11);
  return _mm_xor_si128(_mm_xor_si128(low, high), next);
}

__attribute__((target("pclmul,sse2")))
void postsumm_crc32_fold(unsigned int crc, const unsigned char *data, size_t length, unsigned char out[16]) {
  const __m128i by512 = _mm_set_epi64x(0x1c6e41596LL, 0x154442bd4LL);
  const __m128i by128 = _mm_set_epi64x(0x0ccaa009eLL, 0x1751997d0LL);
  const __m128i *p = (const __m128i *)data;
  __m128i x0 = _mm_loadu_si128(p + 0);
  __m128i x1 = _mm_loadu_si128(p + 1);
  __m128i x2 = _mm_loadu_si128(p + 2);
  __m128i x3 = _mm_loadu_si128(p + 3);
  /* The register's value so far enters as the first 32 bits of data. */
  x0 = _mm_xor_si128(x0, _mm_cvtsi32_si128((int)~crc));
  size_t blocks = length / 16;
  size_t i = 4;
  for (; i + 4 <= blocks; i += 4) {
    x0 = fold(x0, by512, _mm_loadu_si128(p + i + 0));
    x1 = fold(x1, by512, _mm_loadu_si128(p + i + 1));
    x2 = fold(x2, by512, _mm_loadu_si128(p + i + 2));
    x3 = fold(x3, by512, _mm_loadu_si128(p + i + 3));
  }
  __m128i x = fold(x0, by128, x1);
  x = fold(x, by128, x2);
  x = fold(x, by128, x3);
  for (; i < blocks; i++) x = fold(x, by128, _mm_loadu_si128(p + i));
  _mm_storeu_si128((__m128i *)out, x);
}

#else
int postsumm_crc32_fold_supported(void) { return 0; }

void postsumm_crc32_fold(unsigned int crc, const unsigned char *data, size_t length, unsigned char out[16]) {
  (void)crc;
  (void)data;
  (void)length;
  (void)out;
}
#endif
