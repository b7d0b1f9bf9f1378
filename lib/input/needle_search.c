// SPDX-License-Identifier: MIT
/*
 * needle_search.c - the line reader's needle filter: between reports only
 * lines holding a needle are parsed.  Teddy (SSSE3/AVX2) or a portable
 * memmem() search finds the next needle; the newlines passed over are
 * only counted.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "input/linereader_internal.h"


/*
 * The needle filter
 *
 * While it is on, the reader looks for needles in the whole rest of the
 * chunk at once, counts the newlines it passes over, and parses only the
 * lines that hold a needle.  The search is Teddy (from Intel's Hyperscan,
 * as ripgrep uses it): every needle gets one of 8 bits (with more than 8
 * needles a bit stands for several, see assign_buckets()) and a 3-byte
 * fingerprint; per 16 input bytes, three PSHUFB lookups on the low and high
 * nibbles of three consecutive bytes say which needles' fingerprints may
 * start at each position, and the rare candidates are checked with
 * memcmp().  With one needle per bit the nibble test is exact, so the
 * fingerprint is taken at the needle's rarest three bytes, not its start.
 */

/* Smaller is rarer in log text; a rough order, enough to pick fingerprints. */
static unsigned int byte_rank(unsigned char c)
{
	if (c == ' ')
		return 255;
	if (strchr("etaoinsr", c))
		return 200;
	if (is_digit((char)c))
		return 190;
	if (c >= 'a' && c <= 'z')
		return 150;
	if (strchr(":,.[]=()/_-", c))
		return 140;
	if (c >= 'A' && c <= 'Z')
		return 100;
	return 60;
}

/* Count '\n' in @p[0..@n). */
uint64_t lr_count_lf(const char *p, size_t n)
{
	uint64_t total = 0;

#if defined(__SSE2__) && !defined(BS_NO_SIMD)
	const __m128i lf = _mm_set1_epi8('\n');
	const __m128i zero = _mm_setzero_si128();

	while (n >= 16) {
		__m128i acc = zero, sum;
		unsigned int k;
		uint64_t lanes[2];

		/* each matching byte adds 1 to its lane; 255 rounds fit a byte */
		for (k = 0; k < 255 && n >= 16; k++, p += 16, n -= 16) {
			__m128i v;

			memcpy(&v, p, sizeof(v));
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v, lf));
		}
		sum = _mm_sad_epu8(acc, zero);
		memcpy(lanes, &sum, sizeof(lanes));
		total += lanes[0] + lanes[1];
	}
#endif
	for (; n; p++, n--)
		total += *p == '\n';
	return total;
}

#ifdef HAVE_TEDDY
/* Does needle @nd start at @s, and end by @end? */
static inline bool needle_at(const struct needle *nd, const char *s, const char *end)
{
	return (size_t)(end - s) >= nd->len && !memcmp(s, nd->s, nd->len);
}

/* Check every needle at each start in [@from, @end), stopping at @best. */
static const char *find_needle_slow(const struct bs_linereader *r, const char *from,
				    const char *end, const char *best)
{
	for (const char *s = from; s < end && (!best || s < best); s++)
		for (size_t k = 0; k < r->nneedles; k++)
			if (*s == r->needles[k].s[0] && needle_at(&r->needles[k], s, end))
				return s;
	return best;
}

/*
 * teddy_verify - check the candidates of one block: bit i of @m is set
 * when bk[i] names needles whose fingerprint may start at @p + @w + i
 */
static const char *teddy_verify(const struct bs_linereader *r, const char *p, const char *end,
				size_t w, uint32_t m, const unsigned char *bk, const char *best)
{
	while (m) {
		unsigned int i = (unsigned int)__builtin_ctz(m), b = bk[i];

		m &= m - 1;
		while (b) {
			/* a bit stands for the needles of its bucket (more needles than bits) */
			unsigned int bit = (unsigned int)__builtin_ctz(b);

			b &= b - 1;
			for (unsigned int q = 0; q < r->bucket_n[bit]; q++) {
				const struct needle *nd = &r->needles[r->bucket[bit][q]];
				size_t pos = w + i;
				const char *s;

				if (pos < nd->off)
					continue;
				s = p + pos - nd->off;
				if ((!best || s < best) && needle_at(nd, s, end))
					best = s;
			}
		}
	}
	return best;
}

/* Which needles' fingerprint byte may be each byte of @c (nibble lookups). */
__attribute__((target("ssse3")))
static inline __m128i teddy_nib16(__m128i c, __m128i lo, __m128i hi, __m128i m0f)
{
	return _mm_and_si128(_mm_shuffle_epi8(lo, _mm_and_si128(c, m0f)),
			     _mm_shuffle_epi8(hi, _mm_and_si128(_mm_srli_epi16(c, 4), m0f)));
}

__attribute__((target("ssse3")))
static const char *find_needle_teddy16(const struct bs_linereader *r, const char *p,
				       const char *end)
{
	const __m128i m0f = _mm_set1_epi8(0x0f);
	const __m128i zero = _mm_setzero_si128();
	__m128i lo0, lo1, lo2, hi0, hi1, hi2;
	const char *best = NULL;
	size_t w = 0, len = (size_t)(end - p);

	memcpy(&lo0, r->fp_lo[0], 16);
	memcpy(&lo1, r->fp_lo[1], 16);
	memcpy(&lo2, r->fp_lo[2], 16);
	memcpy(&hi0, r->fp_hi[0], 16);
	memcpy(&hi1, r->fp_hi[1], 16);
	memcpy(&hi2, r->fp_hi[2], 16);
	/* w: where the fingerprint's first byte is; loads reach w + 17 */
	for (; w + 18 <= len; w += 16) {
		__m128i c0, c1, c2, hit;
		uint32_t m;

		/* a needle starting before best would have its fingerprint by now */
		if (best && p + w > best + r->max_off)
			return best;
		memcpy(&c0, p + w, 16);
		memcpy(&c1, p + w + 1, 16);
		memcpy(&c2, p + w + 2, 16);
		hit = _mm_and_si128(_mm_and_si128(teddy_nib16(c0, lo0, hi0, m0f),
						  teddy_nib16(c1, lo1, hi1, m0f)),
				    teddy_nib16(c2, lo2, hi2, m0f));
		m = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(hit, zero)) ^ 0xffffu;
		if (m) {
			unsigned char bk[16];

			memcpy(bk, &hit, 16);
			best = teddy_verify(r, p, end, w, m, bk, best);
		}
	}
	/* the last few bytes, and needles that start just before them */
	return find_needle_slow(r, p + (w > r->max_off ? w - r->max_off : 0), end, best);
}

__attribute__((target("avx2")))
static inline __m256i teddy_nib32(__m256i c, __m256i lo, __m256i hi, __m256i m0f)
{
	return _mm256_and_si256(_mm256_shuffle_epi8(lo, _mm256_and_si256(c, m0f)),
				_mm256_shuffle_epi8(hi, _mm256_and_si256(_mm256_srli_epi16(c, 4), m0f)));
}

/* The same as find_needle_teddy16(), 32 bytes a step. */
__attribute__((target("avx2")))
static const char *find_needle_teddy32(const struct bs_linereader *r, const char *p,
				       const char *end)
{
	const __m256i m0f = _mm256_set1_epi8(0x0f);
	const __m256i zero = _mm256_setzero_si256();
	__m256i lo0, lo1, lo2, hi0, hi1, hi2;
	__m128i t;
	const char *best = NULL;
	size_t w = 0, len = (size_t)(end - p);

	/* PSHUFB looks up within each 16-byte lane: the same table in both */
	memcpy(&t, r->fp_lo[0], 16);
	lo0 = _mm256_broadcastsi128_si256(t);
	memcpy(&t, r->fp_lo[1], 16);
	lo1 = _mm256_broadcastsi128_si256(t);
	memcpy(&t, r->fp_lo[2], 16);
	lo2 = _mm256_broadcastsi128_si256(t);
	memcpy(&t, r->fp_hi[0], 16);
	hi0 = _mm256_broadcastsi128_si256(t);
	memcpy(&t, r->fp_hi[1], 16);
	hi1 = _mm256_broadcastsi128_si256(t);
	memcpy(&t, r->fp_hi[2], 16);
	hi2 = _mm256_broadcastsi128_si256(t);
	for (; w + 34 <= len; w += 32) {
		__m256i c0, c1, c2, hit;
		uint32_t m;

		if (best && p + w > best + r->max_off)
			return best;
		memcpy(&c0, p + w, 32);
		memcpy(&c1, p + w + 1, 32);
		memcpy(&c2, p + w + 2, 32);
		hit = _mm256_and_si256(_mm256_and_si256(teddy_nib32(c0, lo0, hi0, m0f),
							teddy_nib32(c1, lo1, hi1, m0f)),
				       teddy_nib32(c2, lo2, hi2, m0f));
		m = ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(hit, zero));
		if (m) {
			unsigned char bk[32];

			memcpy(bk, &hit, 32);
			best = teddy_verify(r, p, end, w, m, bk, best);
		}
	}
	return find_needle_slow(r, p + (w > r->max_off ? w - r->max_off : 0), end, best);
}
#endif

/*
 * lr_find_needle - where the first needle that lies wholly in [@p, @end)
 * starts, or NULL
 */
const char *lr_find_needle(struct bs_linereader *r, const char *p, const char *end)
{
	const char *best = NULL;

#ifdef HAVE_TEDDY
	if (r->teddy == 2)
		return find_needle_teddy32(r, p, end);
	if (r->teddy == 1)
		return find_needle_teddy16(r, p, end);
#endif
	/*
	 * memmem() each needle, remembering where each one next occurs in
	 * this chunk: a rare needle is then searched for once per chunk, not
	 * once per hit of a common one.
	 */
	if (r->cache_end != end) {
		r->cache_end = end;
		memset(r->cache_from, 0, sizeof(r->cache_from));
	}
	for (size_t k = 0; k < r->nneedles; k++) {
		const struct needle *nd = &r->needles[k];
		const char *h = r->cache_hit[k];

		if (!r->cache_from[k] || r->cache_from[k] > p || (h && h < p)) {
			h = memmem(p, (size_t)(end - p), nd->s, nd->len);
			r->cache_from[k] = p;
			r->cache_hit[k] = h;
		}
		if (h && (!best || h < best))
			best = h;
	}
	return best;
}

/* Physical lines in [@from, @to), which ends after a '\n', passed over. */

/* Candidates a bucket's nibble sets let through per 2^24 byte triples: the product over its 3 bytes. */
static unsigned long bucket_cost(const uint16_t lo[3], const uint16_t hi[3])
{
	unsigned long c = 1;

	for (int j = 0; j < 3; j++)
		c *= (unsigned long)__builtin_popcount(lo[j]) * (unsigned long)__builtin_popcount(hi[j]);
	return c;
}

/*
 * Teddy has 8 bits: with more needles, some share one, and the nibble test
 * of a shared bit lets through mixes of their fingerprints.  The needles
 * with the commonest fingerprints get a bit of their own (most text hits
 * them); each further needle joins the bucket it widens least.
 */
static void assign_buckets(struct bs_linereader *r)
{
	uint16_t lo[8][3] = { { 0 } }, hi[8][3] = { { 0 } };
	bool done[BS_LINEREADER_NEEDLES_MAX] = { false };

	memset(r->bucket_n, 0, sizeof(r->bucket_n));
	for (size_t step = 0; step < r->nneedles; step++) {
		size_t k = r->nneedles;
		unsigned int best = 0;
		unsigned long best_cost = ~0ul;

		for (size_t i = 0; i < r->nneedles; i++)	/* the commonest fingerprint left */
			if (!done[i] && (k == r->nneedles || r->needles[i].score > r->needles[k].score))
				k = i;
		done[k] = true;
		for (unsigned int b = 0; b < 8; b++) {
			uint16_t l[3], h[3];
			unsigned long c;

			for (int j = 0; j < 3; j++) {
				unsigned char ch = (unsigned char)r->needles[k].s[r->needles[k].off + (size_t)j];

				l[j] = (uint16_t)(lo[b][j] | 1u << (ch & 15));
				h[j] = (uint16_t)(hi[b][j] | 1u << (ch >> 4));
			}
			c = r->bucket_n[b] ? bucket_cost(l, h) - bucket_cost(lo[b], hi[b]) : 0;
			if (c < best_cost) {
				best_cost = c;
				best = b;
			}
			if (!r->bucket_n[b])
				break;	/* an empty bit costs nothing: take the first */
		}
		for (int j = 0; j < 3; j++) {
			unsigned char ch = (unsigned char)r->needles[k].s[r->needles[k].off + (size_t)j];

			lo[best][j] = (uint16_t)(lo[best][j] | 1u << (ch & 15));
			hi[best][j] = (uint16_t)(hi[best][j] | 1u << (ch >> 4));
			r->fp_lo[j][ch & 15] |= (unsigned char)(1u << best);
			r->fp_hi[j][ch >> 4] |= (unsigned char)(1u << best);
		}
		r->bucket[best][r->bucket_n[best]++] = (unsigned char)k;
	}
}

int bs_linereader_set_needles(struct bs_linereader *r, const char *const *needles, size_t n)
{
	struct needle nd[BS_LINEREADER_NEEDLES_MAX];
	size_t k;

	if (n > BS_LINEREADER_NEEDLES_MAX) {
		errno = EINVAL;
		return -1;
	}
	for (k = 0; k < n; k++) {
		size_t len = strlen(needles[k]);

		if (len < 3 || len > 255 || memchr(needles[k], '\n', len)) {
			errno = EINVAL;
			return -1;
		}
	}
	memset(nd, 0, sizeof(nd));
	for (k = 0; k < n; k++) {
		size_t len = strlen(needles[k]), o, best = ~(size_t)0;

		nd[k].s = malloc(len);
		if (!nd[k].s) {
			while (k--)
				free(nd[k].s);
			errno = ENOMEM;
			return -1;
		}
		memcpy(nd[k].s, needles[k], len);
		nd[k].len = len;
		for (o = 0; o + 3 <= len; o++) {
			const unsigned char *u = (const unsigned char *)needles[k] + o;
			size_t score = byte_rank(u[0]) + byte_rank(u[1]) + byte_rank(u[2]);

			if (score < best) {
				best = score;
				nd[k].off = o;
				nd[k].score = score;
			}
		}
	}

	for (k = 0; k < r->nneedles; k++)
		free(r->needles[k].s);
	memcpy(r->needles, nd, sizeof(nd));
	r->nneedles = n;
	r->max_off = 0;
	memset(r->fp_lo, 0, sizeof(r->fp_lo));
	memset(r->fp_hi, 0, sizeof(r->fp_hi));
	for (k = 0; k < n; k++)
		if (nd[k].off > r->max_off)
			r->max_off = nd[k].off;
	assign_buckets(r);
	r->cache_end = NULL;
#ifdef HAVE_TEDDY
	__builtin_cpu_init();
	r->teddy = __builtin_cpu_supports("avx2") ? 2 : __builtin_cpu_supports("ssse3") ? 1 : 0;
#ifdef BS_TEDDY_MAX
	/* tests build with a cap to run every search on any machine */
	if (r->teddy > BS_TEDDY_MAX)
		r->teddy = BS_TEDDY_MAX;
#endif
#endif
	return 0;
}
