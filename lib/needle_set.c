// SPDX-License-Identifier: MIT
/*
 * needle_set.c - the first occurrence of each of a few fixed strings in a
 * line, in one pass (see needle_set.h).
 *
 * Needle k gets bit k % 8 and its first three bytes as fingerprint; per
 * 16 bytes of the line, three PSHUFB lookups on the low and high nibbles
 * of three consecutive bytes say which bits' fingerprints may start at
 * each position (Teddy, as in the line reader's needle filter, with
 * tables built per call: a line's needles are few and its text short),
 * and only those positions are compared.  Without SSSE3 a 256-bit set of
 * fingerprint hashes does the filtering, one position at a time.
 */
#include "needle_set.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#if (defined(__x86_64__) || defined(__i386__)) && !defined(BS_NO_SIMD)
#include <immintrin.h>
#define HAVE_SSSE3_FILTER 1
#endif

/* Lines up to this long are copied to a zero-padded block buffer for the SIMD filter. */
#define PADDED_MAX 512

struct state {
	const struct bs_needle *nd;
	size_t n;
	const char **hit;
	uint64_t left;		/* needles not found yet */
	size_t found;
};

/* Compare the needles of bits @bits (all if 0xff) that may start at @t[@i]. */
static void verify(struct state *s, const char *t, size_t len, size_t i, unsigned int bits)
{
	for (uint64_t m = s->left; m; m &= m - 1) {
		unsigned int k = (unsigned int)__builtin_ctzll(m);
		const struct bs_needle *nd = &s->nd[k];

		if ((bits >> (k & 7) & 1) && nd->s[0] == t[i] && len - i >= nd->len && !memcmp(t + i, nd->s, nd->len)) {
			s->hit[k] = t + i;
			s->left &= ~(1ull << k);
			s->found++;
		}
	}
}

static inline unsigned int triple_hash(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	return (u[0] * 961u + u[1] * 31u + u[2]) & 255u;
}

/* The portable filter: a 256-bit set of fingerprint hashes, one position at a time. */
static void scan_hashed(struct state *s, const char *t, size_t len, size_t shortest)
{
	uint64_t set[4] = { 0 };

	for (size_t k = 0; k < s->n; k++) {
		unsigned int h = triple_hash(s->nd[k].s);

		set[h >> 6] |= 1ull << (h & 63);
	}
	for (size_t i = 0; i + shortest <= len && s->left; i++) {
		unsigned int h = triple_hash(t + i);

		if (set[h >> 6] >> (h & 63) & 1)
			verify(s, t, len, i, 0xff);
	}
}

#ifdef HAVE_SSSE3_FILTER
__attribute__((target("ssse3")))
static inline __m128i nibbles(__m128i c, __m128i lo, __m128i hi, __m128i m0f)
{
	return _mm_and_si128(_mm_shuffle_epi8(lo, _mm_and_si128(c, m0f)),
			     _mm_shuffle_epi8(hi, _mm_and_si128(_mm_srli_epi16(c, 4), m0f)));
}

/* @b holds the line's @len bytes and at least 18 zero bytes after them. */
__attribute__((target("ssse3")))
static void scan_blocks(struct state *s, const char *b, const char *t, size_t len)
{
	unsigned char lo[3][16] = { { 0 } }, hi[3][16] = { { 0 } };
	const __m128i m0f = _mm_set1_epi8(0x0f), zero = _mm_setzero_si128();
	__m128i l0, l1, l2, h0, h1, h2;

	for (size_t k = 0; k < s->n; k++)
		for (int j = 0; j < 3; j++) {
			unsigned char c = (unsigned char)s->nd[k].s[j];

			lo[j][c & 15] |= (unsigned char)(1u << (k & 7));
			hi[j][c >> 4] |= (unsigned char)(1u << (k & 7));
		}
	memcpy(&l0, lo[0], 16);
	memcpy(&l1, lo[1], 16);
	memcpy(&l2, lo[2], 16);
	memcpy(&h0, hi[0], 16);
	memcpy(&h1, hi[1], 16);
	memcpy(&h2, hi[2], 16);
	for (size_t w = 0; w < len && s->left; w += 16) {
		__m128i c0, c1, c2, bits;
		uint32_t m;
		unsigned char bk[16];

		memcpy(&c0, b + w, 16);
		memcpy(&c1, b + w + 1, 16);
		memcpy(&c2, b + w + 2, 16);
		bits = _mm_and_si128(_mm_and_si128(nibbles(c0, l0, h0, m0f), nibbles(c1, l1, h1, m0f)),
				     nibbles(c2, l2, h2, m0f));
		m = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(bits, zero)) ^ 0xffffu;
		if (!m)
			continue;
		memcpy(bk, &bits, 16);
		while (m) {
			unsigned int i = (unsigned int)__builtin_ctz(m);

			m &= m - 1;
			if (w + i < len)
				verify(s, t, len, w + i, bk[i]);
		}
	}
}
#endif

size_t bs_needles_first(const char *t, size_t len, const struct bs_needle *nd, size_t n, const char **hit)
{
	struct state s = { nd, n, hit, 0, 0 };
	size_t shortest = SIZE_MAX;

	for (size_t k = 0; k < n; k++) {
		hit[k] = NULL;
		s.left |= 1ull << k;
		if (nd[k].len < shortest)
			shortest = nd[k].len;
	}
	if (len < shortest)
		return 0;
#ifdef HAVE_SSSE3_FILTER
	if (len <= PADDED_MAX && __builtin_cpu_supports("ssse3")) {
		char b[PADDED_MAX + 32];

		memcpy(b, t, len);
		memset(b + len, 0, 32);
		scan_blocks(&s, b, t, len);
		return s.found;
	}
#endif
	scan_hashed(&s, t, len, shortest);
	return s.found;
}
