// SPDX-License-Identifier: MIT
/*
 * line_scan.c - the line reader's first two layers: one vectorised pass
 * per physical line finds its '\n' and notes control bytes and '#' before
 * it; a line with control bytes is cleaned (NUL runs split it, CR keeps
 * what a terminal shows, ANSI escapes go, other control bytes become '?').
 */
#include <stdlib.h>
#include <string.h>

#include "input/linereader_internal.h"

/* Is @s[0..@n) all spaces? */
bool lr_scan_spaces(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ')
			return false;
	return true;
}

static inline bool is_ctrl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/*
 * lr_scan - which of SCAN_CTRL and SCAN_HASH occur in @p[0..@n)
 *
 * For lines lr_find_eol() did not see whole (carried over, cut) and for the
 * pieces of decoded records: 16 bytes per step with SSE2 (always there on
 * x86-64), 8 with the portable word trick otherwise.
 */
unsigned int lr_scan(const char *p, size_t n)
{
	unsigned int bits = 0;
	size_t i = 0;

#if defined(__SSE2__) && !defined(BS_NO_SIMD)
	const __m128i lim = _mm_set1_epi8(0x1f);
	const __m128i del = _mm_set1_epi8(0x7f);
	const __m128i hash = _mm_set1_epi8('#');
	__m128i actl = _mm_setzero_si128();
	__m128i ahash = _mm_setzero_si128();

	for (; i + 16 <= n; i += 16) {
		__m128i v;

		memcpy(&v, p + i, sizeof(v));
		/* min(v, 0x1f) == v exactly when v <= 0x1f, unsigned */
		actl = _mm_or_si128(actl, _mm_cmpeq_epi8(_mm_min_epu8(v, lim), v));
		actl = _mm_or_si128(actl, _mm_cmpeq_epi8(v, del));
		ahash = _mm_or_si128(ahash, _mm_cmpeq_epi8(v, hash));
	}
	if (_mm_movemask_epi8(actl))
		bits |= SCAN_CTRL;
	if (_mm_movemask_epi8(ahash))
		bits |= SCAN_HASH;
#else
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t highs = 0x8080808080808080ULL;
	uint64_t ctl = 0, hs = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t x, y, z;

		memcpy(&x, p + i, sizeof(x));
		/* a byte below 0x20; exact as a yes/no answer (bithacks hasless) */
		ctl |= (x - ones * 0x20) & ~x & highs;
		y = x ^ (ones * 0x7f);
		ctl |= (y - ones) & ~y & highs;
		z = x ^ (ones * '#');
		hs |= (z - ones) & ~z & highs;
	}
	if (ctl)
		bits |= SCAN_CTRL;
	if (hs)
		bits |= SCAN_HASH;
#endif
	for (; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (is_ctrl(c))
			bits |= SCAN_CTRL;
		else if (c == '#')
			bits |= SCAN_HASH;
	}
	return bits;
}

/*
 * lr_find_eol - the first '\n' in [@p, @end), or NULL, and in *@bits which of
 * SCAN_CTRL and SCAN_HASH occur before it
 *
 * memchr() and then lr_scan() would read every line twice; this reads it once.
 */
const char *lr_find_eol(const char *p, const char *end, unsigned int *bits)
{
	unsigned int b = 0;

#if defined(__SSE2__) && !defined(BS_NO_SIMD)
	const __m128i lim = _mm_set1_epi8(0x1f);
	const __m128i del = _mm_set1_epi8(0x7f);
	const __m128i hash = _mm_set1_epi8('#');
	const __m128i lf = _mm_set1_epi8('\n');

	for (; end - p >= 16; p += 16) {
		__m128i v;
		unsigned int mn, mc, mh;

		memcpy(&v, p, sizeof(v));
		mn = (unsigned int)_mm_movemask_epi8(_mm_cmpeq_epi8(v, lf));
		mc = (unsigned int)_mm_movemask_epi8(_mm_or_si128(
			_mm_cmpeq_epi8(_mm_min_epu8(v, lim), v), _mm_cmpeq_epi8(v, del)));
		mh = (unsigned int)_mm_movemask_epi8(_mm_cmpeq_epi8(v, hash));
		if (mn) {
			/* only what lies before the '\n' counts */
			unsigned int before = (1u << __builtin_ctz(mn)) - 1;

			if (mc & before)
				b |= SCAN_CTRL;
			if (mh & before)
				b |= SCAN_HASH;
			*bits = b;
			return p + __builtin_ctz(mn);
		}
		if (mc)
			b |= SCAN_CTRL;
		if (mh)
			b |= SCAN_HASH;
	}
#endif
	for (; p < end; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '\n') {
			*bits = b;
			return p;
		}
		if (is_ctrl(c))
			b |= SCAN_CTRL;
		else if (c == '#')
			b |= SCAN_HASH;
	}
	*bits = b;
	return NULL;
}

/*
 * Cleaning: what a terminal would show
 */

/*
 * ansi_len - length of the escape sequence at @p (p[0] is ESC), 0 when it
 * is a lone ESC.  Covers CSI ("ESC [ params final", colours and cursor
 * moves), OSC ("ESC ] ... BEL" or "ESC ] ... ESC \", window titles),
 * charset designation ("ESC ( B") and the two-byte forms ("ESC =").  A sequence cut
 * by the end of the line runs to the end.
 */
static size_t ansi_len(const char *p, size_t n)
{
	size_t i;

	if (n < 2)
		return 0;
	switch (p[1]) {
	case '[':
		i = 2;
		while (i < n && (unsigned char)p[i] >= 0x30 && (unsigned char)p[i] <= 0x3f)
			i++;
		while (i < n && (unsigned char)p[i] >= 0x20 && (unsigned char)p[i] <= 0x2f)
			i++;
		if (i < n && (unsigned char)p[i] >= 0x40 && (unsigned char)p[i] <= 0x7e)
			i++;
		return i;
	case ']':
		for (i = 2; i < n; i++) {
			if (p[i] == '\a')
				return i + 1;
			if (p[i] == '\033' && i + 1 < n && p[i + 1] == '\\')
				return i + 2;
		}
		return n;
	case '(':
	case ')':
	case '*':
	case '+':
		return n < 3 ? n : 3;
	default:
		/* Fp, Fe and Fs: "ESC =" (keypad), "ESC M" (reverse index), ... */
		if ((unsigned char)p[1] >= 0x30 && (unsigned char)p[1] <= 0x7e)
			return 2;
		return 0;
	}
}

/* Does @p[0..@n) show anything but blanks once escapes are gone? */
static bool visible(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t k;

		if (p[i] == '\033' && (k = ansi_len(p + i, n - i)) > 0) {
			i += k;
			continue;
		}
		if (p[i] != ' ' && p[i] != '\t')
			return true;
		i++;
	}
	return false;
}

/*
 * lr_clean_piece - copy @in[0..@n) to @out as a terminal would leave it
 *
 * A CR returns the carriage: what follows overwrites the line.  Serial
 * captures end lines with "\r\n" or "\r\r\n", and a console that prints
 * over a login prompt gives "login: \r[  12.3] msg".  So the text kept is
 * the last CR-separated segment that shows something; trailing CRs and
 * segments that are blank or only escapes ("\r\033[K") do not count.  The
 * overwrite is not merged character by character: the tail of a longer
 * earlier segment is dropped, which is what matters for a log ("login: "
 * is not part of the kernel message).  Then ANSI escapes are removed, tabs
 * kept and other control bytes replaced by '?', setting *@binary.
 *
 * @out may equal @in: the output never runs ahead of the input.  NUL is
 * treated as any other control byte here; the line layer splits on it
 * before.  RETURN VALUE: the length written, at most @n.
 */
size_t lr_clean_piece(const char *in, size_t n, char *out, bool *binary)
{
	const char *s = in, *e = in + n;
	size_t i, w = 0;

	if (memchr(in, '\r', n)) {
		const char *end = in + n;

		for (;;) {
			const char *st = end;

			while (st > in && st[-1] != '\r')
				st--;
			if (visible(st, (size_t)(end - st))) {
				s = st;
				e = end;
				break;
			}
			if (st == in) {
				s = e = in;
				break;
			}
			end = st - 1;
		}
	}

	n = (size_t)(e - s);
	for (i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\033') {
			size_t k = ansi_len(s + i, n - i);

			if (k > 0) {
				i += k;
				continue;
			}
		}
		if (is_ctrl(c) && c != '\t') {
			*binary = true;
			c = '?';
		}
		out[w++] = (char)c;
		i++;
	}
	return w;
}
