// SPDX-License-Identifier: MIT
/*
 * logline.c - raw log input to normalised kernel message lines.
 *
 * The reader works in three layers:
 *
 *   1. Physical lines.  One vectorised pass per line finds its '\n' and
 *      notes whether control bytes or '#' came before it.  A line that lies
 *      wholly in the caller's chunk is parsed where it is, only a line that
 *      straddles two chunks is copied into the carry buffer.  A line longer
 *      than BS_LINE_MAX is cut, and the rest of it is skipped as it streams
 *      by, so memory stays at a few fixed buffers whatever the input.  With
 *      the needle filter on, whole stretches of lines are only counted (see
 *      "The needle filter" below).
 *
 *   2. Cleaning.  Almost every line has no control byte and goes on
 *      untouched.  The rare others are copied into a scratch buffer: runs
 *      of NUL split the line (a crash leaves NUL blocks in syslog files and
 *      the next record starts right after them), CR keeps what a terminal
 *      would end up showing, ANSI escapes go, other control bytes become '?'.
 *
 *   3. Wrappers.  The first byte of the line picks the few formats it can
 *      be, each checked with a handful of byte comparisons: '[' dmesg or
 *      dmesg -T, a digit /dev/kmsg or RFC 3339 or short-unix, a capital
 *      letter syslog or journalctl short-full, '-' a journalctl separator,
 *      ' ' a /dev/kmsg continuation.  What is left is the message; rsyslog
 *      "#ooo" and /dev/kmsg "\xNN" escapes in it are decoded last, and each
 *      "#012" or "\x0a" starts a new line with the same stamps.
 */
#include "logline.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__) && !defined(BS_NO_SIMD)
#include <emmintrin.h>	/* BS_NO_SIMD: use the portable code, for tests */
#endif
#if (defined(__x86_64__) || defined(__i386__)) && !defined(BS_NO_SIMD)
#include <immintrin.h>
#define HAVE_TEDDY 1	/* SSSE3 or AVX2 needle search, chosen at run time */
#endif

/* One needle of the filter, see bs_linereader_set_needles(). */
struct needle {
	char *s;
	size_t len;
	size_t off;		/* where its 3-byte fingerprint starts */
	size_t score;		/* byte_rank() sum of the fingerprint: smaller is rarer */
};

struct bs_linereader {
	bs_line_fn fn;
	void *ctx;
	char *source;

	char *carry;		/* the start of a line that straddles chunks */
	size_t carry_len;
	bool skipping;		/* discarding the rest of an overlong line */

	char *clean;		/* scratch: a line with control bytes, cleaned */
	char *unesc;		/* scratch: a message with escapes decoded */

	uint64_t lineno;
	bool in_kmsg;		/* the previous line was a /dev/kmsg record */
	size_t indent;		/* message column of the previous syslog-style
				   line, 0 if it was none: journalctl indents the
				   further lines of a multi-line record to it */
	struct bs_line prev;	/* that line's stamps, for its further lines */
	bool line_binary;	/* some piece of the current line was binary */

	/* the year guess for stamps without one, see bs_linereader_set_year() */
	int year;
	bool year_known;
	bool year_from_caller;	/* year came from set_year, no dated stamp since */
	int last_month;		/* 0: no year-less stamp seen yet */
	int day_key;		/* year * 512 + month * 32 + day of day_num */
	int64_t day_num;	/* its days since the epoch: consecutive lines
				   share the date, so the calendar is done once */

	/* the needle filter */
	struct needle needles[BS_LINEREADER_NEEDLES_MAX];
	size_t nneedles;
	size_t max_off;		/* largest needle.off */
	bool filter;
	int teddy;		/* 2: the CPU has AVX2, 1: SSSE3, 0: neither */
	unsigned char fp_lo[3][16];	/* Teddy tables: bit k of fp_lo[j][c & 15] */
	unsigned char fp_hi[3][16];	/* and of fp_hi[j][c >> 4]: needle k's
					   fingerprint byte j may be c */
	unsigned char bucket[8][BS_LINEREADER_NEEDLES_MAX];	/* the needles bit b stands for */
	unsigned char bucket_n[8];
	/* portable search: where each needle next occurs in the chunk */
	const char *cache_end;
	const char *cache_from[BS_LINEREADER_NEEDLES_MAX];
	const char *cache_hit[BS_LINEREADER_NEEDLES_MAX];

	struct bs_linereader_stats st;
};

enum {
	SCAN_CTRL = 1,		/* a byte below 0x20 or 0x7f */
	SCAN_HASH = 2,		/* a '#', maybe an rsyslog escape */
	SCAN_UNKNOWN = 4,	/* not scanned yet */
};

/* What a cleaned line held, for the wrapper and the escape decoder. */
struct piece {
	const char *s;
	size_t n;
	bool truncated;
	bool binary;
	bool may_hash;
};

static inline bool is_digit(char c)
{
	return (unsigned char)(c - '0') < 10;
}

static inline bool is_upper(char c)
{
	return (unsigned char)(c - 'A') < 26;
}

static inline bool is_alpha(char c)
{
	return (unsigned char)((c | 0x20) - 'a') < 26;
}

/* Is @s[0..@n) all spaces? */
static bool scan_spaces(const char *s, size_t n)
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
 * scan - which of SCAN_CTRL and SCAN_HASH occur in @p[0..@n)
 *
 * For lines find_eol() did not see whole (carried over, cut) and for the
 * pieces of decoded records: 16 bytes per step with SSE2 (always there on
 * x86-64), 8 with the portable word trick otherwise.
 */
static unsigned int scan(const char *p, size_t n)
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
 * find_eol - the first '\n' in [@p, @end), or NULL, and in *@bits which of
 * SCAN_CTRL and SCAN_HASH occur before it
 *
 * memchr() and then scan() would read every line twice; this reads it once.
 */
static const char *find_eol(const char *p, const char *end, unsigned int *bits)
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
 * clean_piece - copy @in[0..@n) to @out as a terminal would leave it
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
static size_t clean_piece(const char *in, size_t n, char *out, bool *binary)
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

/*
 * Time
 */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned int m, unsigned int d)
{
	int64_t era;
	unsigned int yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned int)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

struct stamp {
	int year;		/* 0: the stamp has none */
	int mon, day, hour, min, sec;
	bool has_zone;
	int zone;		/* seconds east of UTC */
};

/* "Jan".."Dec" at @p -> 1..12, else 0. */
static int month_of(const char *p)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int m;

	if (!is_upper(p[0]))
		return 0;
	for (m = 0; m < 12; m++)
		if (names[3 * m] == p[0] && names[3 * m + 1] == p[1] && names[3 * m + 2] == p[2])
			return m + 1;
	return 0;
}

/* Exactly @k digits at @p; -1 if not. */
static int digits(const char *p, size_t avail, size_t k)
{
	int v = 0;
	size_t i;

	if (avail < k)
		return -1;
	for (i = 0; i < k; i++) {
		if (!is_digit(p[i]))
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

/* "hh:mm:ss" at @p; false if not. */
static bool parse_hms(const char *p, size_t avail, struct stamp *t)
{
	if (avail < 8 || p[2] != ':' || p[5] != ':')
		return false;
	t->hour = digits(p, 2, 2);
	t->min = digits(p + 3, 2, 2);
	t->sec = digits(p + 6, 2, 2);
	return t->hour >= 0 && t->hour < 24 && t->min >= 0 && t->min < 60 &&
	       t->sec >= 0 && t->sec <= 60;
}

/* Skip ".123456" or ",123456" (fractions are not kept in wall); new offset. */
static size_t skip_frac(const char *s, size_t i, size_t n, char sep)
{
	if (i + 1 < n && s[i] == sep && is_digit(s[i + 1])) {
		i++;
		while (i < n && is_digit(s[i]))
			i++;
	}
	return i;
}

/*
 * year_for - the year of a stamp that has none, and the guess advanced
 *
 * Worked example, year set to 2022: "Dec 31" -> 2022, "Jan 1" (back 11
 * months, >= 6) -> 2023, "Dec 31" straggler (ahead 11 months, >= 10) ->
 * 2022 again without moving the guess, "Jan 1" -> 2023.
 */
static int year_for(struct bs_linereader *r, int mon)
{
	if (r->last_month == 0) {
		r->last_month = mon;
	} else if (mon + 6 <= r->last_month) {
		r->year++;
		r->last_month = mon;
	} else if (mon >= r->last_month + 10) {
		return r->year - 1;
	} else {
		r->last_month = mon;
	}
	return r->year;
}

static void set_wall(struct bs_linereader *r, struct bs_line *l, const struct stamp *t)
{
	int year = t->year, key;
	int64_t v;

	if (year) {
		/* a dated stamp is better than any guess */
		r->year = year;
		r->year_known = true;
		r->year_from_caller = false;
		r->last_month = t->mon;
	} else {
		year = year_for(r, t->mon);
		l->wall_no_year = !r->year_known;
		l->year_from_caller = r->year_known && r->year_from_caller;
	}
	key = year * 512 + t->mon * 32 + t->day;
	if (key != r->day_key) {
		r->day_key = key;
		r->day_num = days_from_civil(year, (unsigned int)t->mon, (unsigned int)t->day);
	}
	v = r->day_num * 86400 + t->hour * 3600 + t->min * 60 + t->sec;
	if (t->has_zone)
		v -= t->zone;
	l->wall = v;
	l->has_wall = true;
	l->wall_utc = t->has_zone;
}

/*
 * Wrappers
 */

/*
 * parse_mono - "[  123.456789]" at @s[*@i], also dmesg -d's
 * "[  123.456789 <    0.000012>]"; on success *@i is past the ']' and one
 * following space.
 */
static bool parse_mono(const char *s, size_t n, size_t *pi, struct bs_line *l)
{
	static const double scale[] = {
		1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9,
	};
	size_t i = *pi + 1, k;
	uint64_t ip = 0, fp = 0;

	if (i >= n || s[*pi] != '[')
		return false;
	while (i < n && s[i] == ' ')
		i++;
	for (k = 0; i < n && is_digit(s[i]) && k < 12; i++, k++)
		ip = ip * 10 + (uint64_t)(s[i] - '0');
	if (k == 0 || i >= n || s[i] != '.')
		return false;
	i++;
	for (k = 0; i < n && is_digit(s[i]) && k < 9; i++, k++)
		fp = fp * 10 + (uint64_t)(s[i] - '0');
	if (k == 0)
		return false;
	if (i < n && s[i] == ' ' && i + 1 < n && s[i + 1] == '<') {
		const char *gt = memchr(s + i, '>', n - i);

		if (!gt || gt - s > (ptrdiff_t)i + 24)
			return false;
		i = (size_t)(gt - s) + 1;
	}
	if (i >= n || s[i] != ']')
		return false;
	i++;
	if (i < n && s[i] == ' ')
		i++;
	l->mono = (double)ip + (double)fp * scale[k];
	l->has_mono = true;
	*pi = i;
	return true;
}

/* "T1234" or "C3" at @s[*@i] up to @n; on success *@i is past it. */
static bool parse_caller_id(const char *s, size_t n, size_t *pi, struct bs_line *l)
{
	size_t i = *pi, k;
	int v = 0;
	char kind;

	if (i >= n || (s[i] != 'T' && s[i] != 'C'))
		return false;
	kind = s[i++];
	for (k = 0; i < n && is_digit(s[i]) && k < 9; i++, k++)
		v = v * 10 + (s[i] - '0');
	if (k == 0)
		return false;
	if (kind == 'T')
		l->caller_tid = v;
	else
		l->caller_cpu = v;
	*pi = i;
	return true;
}

/*
 * parse_caller - the printk caller id of CONFIG_PRINTK_CALLER: the kernel
 * prints "[  T1234]" right after the stamp, dmesg(1) "[T1234]" after a
 * space; "[C3]" when the message came from a context without a task.
 */
static void parse_caller(const char *s, size_t n, size_t *pi, struct bs_line *l)
{
	struct bs_line tmp = *l;
	size_t i = *pi;

	if (i >= n || s[i] != '[')
		return;
	i++;
	while (i < n && s[i] == ' ')
		i++;
	/* parse into a copy: "[T12x]" is a message, not a caller */
	if (!parse_caller_id(s, n, &i, &tmp) || i >= n || s[i] != ']')
		return;
	i++;
	if (i < n && s[i] == ' ')
		i++;
	l->caller_tid = tmp.caller_tid;
	l->caller_cpu = tmp.caller_cpu;
	*pi = i;
}

/* The stamp and caller a kernel message may start with inside syslog. */
static size_t parse_inner(const char *s, size_t n, size_t i, struct bs_line *l)
{
	if (i < n && s[i] == '[' && parse_mono(s, n, &i, l))
		parse_caller(s, n, &i, l);
	return i;
}

enum tag_kind {
	TAG_NONE,		/* no "tag:" found */
	TAG_KERNEL,
	TAG_OTHER,
};

/* Is @s[0..@n) "kernel", perhaps with a "[0]" pid? */
static bool tag_is_kernel(const char *s, size_t n)
{
	return n >= 6 && memcmp(s, "kernel", 6) == 0 && (n == 6 || s[6] == '[');
}

/*
 * parse_host_tag - "host tag: msg" after a syslog stamp
 *
 * The tag is the first of the next tokens that ends in ':': the first token
 * when the host is missing (busybox without -h), the second normally
 * ("host kernel:", "host sshd[123]:"), the third when busybox logs the
 * facility too ("host kern.warn kernel:").  *@i ends at the message, after
 * one space; *@tok (if not NULL) says which token was the tag.
 */
static enum tag_kind parse_host_tag(const char *s, size_t n, size_t *pi, int *tok)
{
	size_t i = *pi, start[3];
	int t;

	for (t = 0; t < 3 && i < n; t++) {
		size_t e = i;

		/* tokens are short: a loop beats a memchr() call here */
		while (e < n && s[e] != ' ')
			e++;
		start[t] = i;
		if (e > i && s[e - 1] == ':') {
			enum tag_kind k = tag_is_kernel(s + i, e - 1 - i) ? TAG_KERNEL : TAG_OTHER;

			/* a third token only after "facility.level" */
			if (t == 2 && !memchr(s + start[1], '.', start[2] - start[1]))
				return TAG_NONE;
			*pi = e < n ? e + 1 : n;
			if (tok)
				*tok = t;
			return k;
		}
		i = e + 1;
	}
	return TAG_NONE;
}

/* After a syslog-style stamp at @i: tag, inner stamp, message. */
static size_t syslog_rest(const char *s, size_t n, size_t i, struct bs_line *l, bool tagless_kernel)
{
	size_t j = i;

	switch (parse_host_tag(s, n, &j, NULL)) {
	case TAG_KERNEL:
		l->kernel = true;
		return parse_inner(s, n, j, l);
	case TAG_OTHER:
		l->kernel = false;
		return j;
	case TAG_NONE:
		break;
	}
	l->kernel = tagless_kernel;
	return i;
}

/*
 * "Apr 29 21:54:31[.123456] " (syslog, journalctl short and short-precise);
 * the day may be space-padded ("Apr  3", RFC 3164) or not ("Apr 3", as
 * some relays and hand-made excerpts write it).
 */
static bool parse_bsd_stamp(const char *s, size_t n, size_t *pi, struct stamp *t)
{
	size_t i = *pi, d = 0;	/* d: 1 when the day takes one column, not two */

	if (n - i < 15 || s[i + 3] != ' ')
		return false;
	t->mon = month_of(s + i);
	if (!t->mon)
		return false;
	if (s[i + 4] == ' ' && is_digit(s[i + 5])) {
		t->day = s[i + 5] - '0';
	} else if (is_digit(s[i + 4]) && s[i + 5] == ' ') {
		t->day = s[i + 4] - '0';
		d = 1;
	} else {
		t->day = digits(s + i + 4, 2, 2);
	}
	if (n - i < 16 - d || s[i + 6 - d] != ' ')
		return false;
	if (t->day < 1 || t->day > 31 || !parse_hms(s + i + 7 - d, n - i - 7 + d, t))
		return false;
	i = skip_frac(s, i + 15 - d, n, '.');
	if (i >= n || s[i] != ' ')
		return false;
	*pi = i + 1;
	return true;
}

/* "YYYY-MM-DD" at @s[@i]. */
static bool parse_date(const char *s, size_t n, size_t i, struct stamp *t)
{
	if (n - i < 10 || s[i + 4] != '-' || s[i + 7] != '-')
		return false;
	t->year = digits(s + i, 4, 4);
	t->mon = digits(s + i + 5, 2, 2);
	t->day = digits(s + i + 8, 2, 2);
	return t->year > 0 && t->mon >= 1 && t->mon <= 12 && t->day >= 1 && t->day <= 31;
}

/*
 * "2023-04-29T21:54:31[.123456](Z|+08:00|+0800) " - RFC 3339 (rsyslog),
 * journalctl short-iso and short-iso-precise, and dmesg --time-format=iso,
 * which uses ',' before the fraction.
 */
static bool parse_iso_stamp(const char *s, size_t n, size_t *pi, struct stamp *t, bool *comma)
{
	size_t i = *pi;

	if (!parse_date(s, n, i, t) || n - i < 20 || s[i + 10] != 'T' ||
	    !parse_hms(s + i + 11, n - i - 11, t))
		return false;
	i += 19;
	*comma = i < n && s[i] == ',';
	i = skip_frac(s, i, n, *comma ? ',' : '.');
	if (i < n && s[i] == 'Z') {
		t->has_zone = true;
		t->zone = 0;
		i++;
	} else if (i < n && (s[i] == '+' || s[i] == '-')) {
		int sign = s[i] == '-' ? -1 : 1, hh, mm;

		hh = digits(s + i + 1, n - i - 1, 2);
		if (hh < 0)
			return false;
		i += 3;
		if (i < n && s[i] == ':')
			i++;
		mm = digits(s + i, n - i, 2);
		if (mm < 0 || hh > 23 || mm > 59)
			return false;
		i += 2;
		t->has_zone = true;
		t->zone = sign * (hh * 3600 + mm * 60);
	}
	if (i >= n || s[i] != ' ')
		return false;
	*pi = i + 1;
	return true;
}

/*
 * "[Sat Apr 29 21:54:31 2023]" (dmesg -T).  The day is space-padded
 * ("Apr  1"); the day-of-week name is not checked beyond being letters.
 */
static bool parse_ctime_stamp(const char *s, size_t n, size_t *pi, struct stamp *t)
{
	size_t i = *pi, j;
	/* a German locale writes two-letter day names: "[Di Aug 12 03:54:03 2025]" */
	size_t w = n - i > 4 && s[i + 3] == ' ' ? 1 : 0;

	if (n - i < 26 - w || s[i] != '[' || !is_alpha(s[i + 1]) || s[i + 4 - w] != ' ' ||
	    s[i + 20 - w] != ' ' || s[i + 25 - w] != ']')
		return false;
	i++;
	j = i + 4 - w;
	if (!parse_bsd_stamp(s, n, &j, t))
		return false;
	t->year = digits(s + i + 20 - w, 4, 4);
	if (t->year <= 0)
		return false;
	i += 25 - w;
	if (i < n && s[i] == ' ')
		i++;
	*pi = i;
	return true;
}

/*
 * "Sat 2023-04-29 21:54:31[.123456] CST host kernel: " (journalctl
 * short-full).  Only UTC and GMT are zones we can convert; other names are
 * ambiguous (CST is three zones), so wall stays local then.
 */
static bool parse_full_stamp(const char *s, size_t n, size_t *pi, struct stamp *t)
{
	size_t i = *pi;
	const char *sp;

	if (n - i < 25 || s[i + 3] != ' ' || !parse_date(s, n, i + 4, t) ||
	    s[i + 14] != ' ' || !parse_hms(s + i + 15, n - i - 15, t))
		return false;
	i = skip_frac(s, i + 23, n, '.');
	if (i >= n || s[i] != ' ')
		return false;
	i++;
	sp = memchr(s + i, ' ', n - i);
	if (!sp)
		return false;
	if ((sp - (s + i) == 3 && (!memcmp(s + i, "UTC", 3) || !memcmp(s + i, "GMT", 3)))) {
		t->has_zone = true;
		t->zone = 0;
	}
	*pi = (size_t)(sp - s) + 1;
	return true;
}

/*
 * /dev/kmsg: "6,1234,5678901,-[,caller=T12];msg" - prio (facility * 8 +
 * level), sequence, microseconds since boot, flags, then optional fields
 * up to ';'.
 */
static bool parse_kmsg(const char *s, size_t n, size_t *pi, struct bs_line *l)
{
	size_t i = *pi, field, k;
	uint64_t v[3] = { 0, 0, 0 };
	const char *semi;

	for (field = 0; field < 3; field++) {
		/* saturate: 20 digits can pass UINT64_MAX and wrap to a small prio */
		for (k = 0; i < n && is_digit(s[i]) && k < 20; i++, k++)
			v[field] = v[field] > (UINT64_MAX - 9) / 10 ? UINT64_MAX
				   : v[field] * 10 + (uint64_t)(s[i] - '0');
		if (k == 0 || i >= n || s[i] != ',')
			return false;
		i++;
	}
	if (v[0] > 1023 || i >= n)
		return false;
	semi = memchr(s + i, ';', n - i < 128 ? n - i : 128);
	if (!semi)
		return false;
	/* optional fields, of which only "caller=T12" matters here */
	while (i < (size_t)(semi - s)) {
		const char *comma = memchr(s + i, ',', (size_t)(semi - s) - i);
		size_t e = comma ? (size_t)(comma - s) : (size_t)(semi - s);

		if (e - i > 7 && !memcmp(s + i, "caller=", 7)) {
			size_t j = i + 7;
			struct bs_line tmp = *l;

			if (parse_caller_id(s, e, &j, &tmp) && j == e) {
				l->caller_tid = tmp.caller_tid;
				l->caller_cpu = tmp.caller_cpu;
			}
		}
		i = e + 1;
	}
	l->level = (int)(v[0] & 7);
	l->kernel = (v[0] >> 3) == 0;
	l->mono = (double)v[2] / 1e6;
	l->has_mono = true;
	*pi = (size_t)(semi - s) + 1;
	return true;
}

/* /dev/kmsg continuation: " KEY=value" (SUBSYSTEM=, DEVICE=). */
static bool is_kmsg_dict(const char *s, size_t n)
{
	size_t i = 1;

	while (i < n && (is_upper(s[i]) || is_digit(s[i]) || s[i] == '_'))
		i++;
	return i > 1 && i < n && s[i] == '=';
}

/* journalctl's "-- Logs begin at ... --", "-- Boot 3f2e... --", "-- Reboot --". */
static bool is_journal_separator(const char *s, size_t n)
{
	return n >= 6 && s[1] == '-' && s[2] == ' ' && !memcmp(s + n - 3, " --", 3);
}

/*
 * journal_header_year - journalctl short stamps have no year, but its first
 * line says when the logs begin: "-- Logs begin at Sat 2023-04-01 08:00:01
 * CST, end at ... --" (systemd < 249), "-- Journal begins at Sat 2023-..."
 * (later).  Take that date as a dated stamp: it resets the year guess.
 */
static void journal_header_year(struct bs_linereader *r, const char *s, size_t n)
{
	static const char *const heads[] = { "-- Logs begin at ", "-- Journal begins at " };
	struct stamp t = { 0 };
	size_t k, hl;

	for (k = 0; k < sizeof(heads) / sizeof(heads[0]); k++) {
		hl = strlen(heads[k]);
		if (n > hl + 14 && !memcmp(s, heads[k], hl) && s[hl + 3] == ' ' &&
		    parse_date(s, n, hl + 4, &t)) {
			r->year = t.year;
			r->year_known = true;
			r->year_from_caller = false;
			r->last_month = t.mon;
			return;
		}
	}
}

/*
 * dmesg -x (--decode): "kern  :warn  : " before the stamp, facility and
 * level names padded to six columns.  Only these fixed columns are checked
 * first, so a message like "kworker/31:0: ..." costs two comparisons.
 */
static bool parse_decode_prefix(const char *s, size_t n, size_t *pi, struct bs_line *l)
{
	static const char *const levels[] = {
		"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug",
	};
	size_t i = *pi, fl = 0, ll = 0, k;

	if (n - i < 15 || s[i + 6] != ':' || s[i + 13] != ':' || s[i + 14] != ' ')
		return false;
	while (fl < 6 && s[i + fl] >= 'a' && s[i + fl] <= 'z')
		fl++;
	while (ll < 6 && s[i + 7 + ll] >= 'a' && s[i + 7 + ll] <= 'z')
		ll++;
	if (!fl || !ll || !scan_spaces(s + i + fl, 6 - fl) || !scan_spaces(s + i + 7 + ll, 6 - ll))
		return false;
	for (k = 0; k < sizeof(levels) / sizeof(levels[0]); k++)
		if (strlen(levels[k]) == ll && !memcmp(s + i + 7, levels[k], ll))
			break;
	if (k == sizeof(levels) / sizeof(levels[0]))
		return false;
	l->level = (int)k;
	l->kernel = fl == 4 && !memcmp(s + i, "kern", 4);
	*pi = i + 15;
	return true;
}

/*
 * "1682805271.123456 host kernel: " (journalctl short-unix).  Only taken
 * with a tag, so a bare message that starts with a number stays whole.
 */
static bool parse_unix_stamp(const char *s, size_t n, size_t *pi, struct bs_line *l)
{
	size_t i = *pi, j, k;
	int64_t v = 0;

	for (k = 0; i < n && is_digit(s[i]) && k < 12; i++, k++)
		v = v * 10 + (s[i] - '0');
	if (k < 9 || i >= n || s[i] != '.')
		return false;
	i = skip_frac(s, i, n, '.');
	if (i >= n || s[i] != ' ')
		return false;
	j = ++i;
	switch (parse_host_tag(s, n, &j, NULL)) {
	case TAG_NONE:
		return false;
	case TAG_KERNEL:
		l->kernel = true;
		j = parse_inner(s, n, j, l);
		break;
	case TAG_OTHER:
		l->kernel = false;
		break;
	}
	l->wall = v;
	l->has_wall = true;
	l->wall_utc = true;
	*pi = j;
	return true;
}

enum verdict {
	DELIVER,
	SKIP,
};

/*
 * Keep the stamps of a stamped line whose message starts at column @off,
 * for the journalctl continuation lines that may follow it.  Only a full
 * "stamp host tag: " prefix counts: a dmesg "[ 1.2] " is no journalctl
 * prefix, and continuation lines there have no indent to strip.
 */
static void remember(struct bs_linereader *r, const struct bs_line *l, size_t off)
{
	if (off < 16)
		return;
	r->indent = off;
	r->prev = *l;
}

/*
 * parse_wrapper - find the message inside @s[0..@n)
 *
 * Fills the stamps of @l and sets *@off to where the message starts.  A
 * line that matches no wrapper is a message as it stands, a kernel one
 * (raw dmesg without stamps, journalctl -o cat).
 */
static enum verdict parse_wrapper(struct bs_linereader *r, const char *s, size_t n,
				  struct bs_line *l, size_t *off, bool *kmsg_esc)
{
	bool was_kmsg = r->in_kmsg;
	size_t indent = r->indent;
	struct stamp t = { 0 };
	size_t i = 0, j;
	bool comma;

	r->in_kmsg = false;
	r->indent = 0;
	*off = 0;
	if (n == 0)
		return DELIVER;

	/* dmesg -r and raw syslog: "<6>"; the facility says who wrote it */
	if (s[0] == '<') {
		int v = 0;
		size_t k;

		for (i = 1, k = 0; i < n && is_digit(s[i]) && k < 4; i++, k++)
			v = v * 10 + (s[i] - '0');
		if (k > 0 && i < n && s[i] == '>' && v < 1024) {
			l->level = v & 7;
			l->kernel = (v >> 3) == 0;
			i++;
		} else {
			i = 0;
		}
		if (i == n) {
			*off = i;
			return DELIVER;
		}
	} else if (s[0] >= 'a' && s[0] <= 'z' && parse_decode_prefix(s, n, &i, l) && i == n) {
		*off = i;
		return DELIVER;
	}

	switch (s[i]) {
	case '[':
		j = i;
		if (parse_mono(s, n, &j, l)) {
			size_t h;
			int tok;

			parse_caller(s, n, &j, l);
			/* journalctl short-monotonic: "[  12.3] host kernel: msg" */
			h = j;
			if (parse_host_tag(s, n, &h, &tok) == TAG_KERNEL && tok == 1)
				j = parse_inner(s, n, h, l);
			*off = j;
			return DELIVER;
		}
		j = i;
		if (parse_ctime_stamp(s, n, &j, &t)) {
			set_wall(r, l, &t);
			parse_caller(s, n, &j, l);
			*off = j;
			return DELIVER;
		}
		break;
	case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		j = i;
		if (parse_kmsg(s, n, &j, l)) {
			r->in_kmsg = true;
			*kmsg_esc = true;
			*off = j;
			return DELIVER;
		}
		j = i;
		if (parse_iso_stamp(s, n, &j, &t, &comma)) {
			set_wall(r, l, &t);
			/* dmesg's iso stamps are followed by the message itself */
			if (comma)
				parse_caller(s, n, &j, l);
			else
				j = syslog_rest(s, n, j, l, true);
			*off = j;
			remember(r, l, j);
			return DELIVER;
		}
		j = i;
		if (parse_unix_stamp(s, n, &j, l)) {
			*off = j;
			remember(r, l, j);
			return DELIVER;
		}
		break;
	case ' ':
		if (was_kmsg && is_kmsg_dict(s + i, n - i)) {
			r->in_kmsg = true;
			return SKIP;
		}
		/*
		 * journalctl short*: "Apr 29 21:54:31 host kernel: Mem-Info:"
		 * then "                             active_file:..." for the
		 * further lines of the same record, which share its stamps.
		 */
		if (indent && i == 0 && n > indent && s[indent - 1] == ' ' &&
		    scan_spaces(s, indent)) {
			uint64_t lineno = l->lineno;
			bool truncated = l->truncated;

			*l = r->prev;
			l->lineno = lineno;
			l->truncated = truncated;
			r->indent = indent;
			*off = indent;
			return DELIVER;
		}
		break;
	case 'k':
		/* "kernel: [ 12.3] msg", "kernel: msg": syslog lines copied without stamp and host */
		if (n - i > 8 && !memcmp(s + i, "kernel: ", 8)) {
			*off = parse_inner(s, n, i + 8, l);
			return DELIVER;
		}
		break;
	case '-':
		if (i == 0 && is_journal_separator(s, n)) {
			journal_header_year(r, s, n);
			return SKIP;
		}
		break;
	default:
		if (!is_upper(s[i]))
			break;
		j = i;
		/* the parsers move j only on success */
		if (parse_bsd_stamp(s, n, &j, &t) || parse_full_stamp(s, n, &j, &t)) {
			set_wall(r, l, &t);
			*off = syslog_rest(s, n, j, l, false);
			remember(r, l, *off);
			return DELIVER;
		}
		break;
	}
	*off = i;
	return DELIVER;
}

/*
 * Escapes
 */

static inline bool is_oct(char c)
{
	return (unsigned char)(c - '0') < 8;
}

/*
 * rsyslog writes control characters as '#' and three octal digits
 * ("#012" newline, "#011" tab); only values below 040 are escapes.
 */
static inline bool is_hash_escape(const char *p, size_t avail)
{
	return avail >= 4 && p[0] == '#' && p[1] == '0' && (unsigned char)(p[2] - '0') < 4 &&
	       is_oct(p[3]);
}

static bool has_hash_escape(const char *p, size_t n)
{
	const char *e = p + n, *h = p;

	while ((h = memchr(h, '#', (size_t)(e - h))) != NULL) {
		if (is_hash_escape(h, (size_t)(e - h)))
			return true;
		h++;
	}
	return false;
}

static int hexval(char c)
{
	if (is_digit(c))
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * unescape - decode "#ooo" (rsyslog) or "\xNN" (/dev/kmsg, which escapes
 * every byte below ' ', from 127 up, and '\') into @out; RETURN VALUE: the
 * length, never more than @n.
 */
static size_t unescape(const char *in, size_t n, char *out, bool kmsg)
{
	size_t i = 0, w = 0;

	while (i < n) {
		char c = in[i];

		if (!kmsg && c == '#' && is_hash_escape(in + i, n - i)) {
			out[w++] = (char)(((in[i + 2] - '0') << 3) | (in[i + 3] - '0'));
			i += 4;
		} else if (kmsg && c == '\\' && n - i >= 4 && in[i + 1] == 'x' &&
			   hexval(in[i + 2]) >= 0 && hexval(in[i + 3]) >= 0) {
			out[w++] = (char)((hexval(in[i + 2]) << 4) | hexval(in[i + 3]));
			i += 4;
		} else {
			out[w++] = c;
			i++;
		}
	}
	return w;
}

/*
 * Delivery
 */

static void emit_one(struct bs_linereader *r, struct bs_line *l, const char *s, size_t n, bool binary)
{
	l->text = s;
	l->len = n;
	l->binary = binary;
	if (binary)
		r->line_binary = true;
	r->st.messages++;
	r->fn(l, r->ctx);
}

/*
 * reflowed_at - where in @s[0..@n) another dmesg record starts: " [" and
 * a stamp with six decimals ("[ 1234.567890]", what dmesg prints) after a
 * space; *@cut is where the message before it ends (a "kernel:" that
 * introduced the record is not part of it).  0 when there is none.
 */
static size_t reflowed_at(const char *s, size_t n, size_t *cut)
{
	const char *b = s + 1, *end = s + n;

	while ((b = memchr(b, '[', (size_t)(end - b))) != NULL) {
		const char *q = b + 1, *dot;

		if (b[-1] != ' ') {
			b++;
			continue;
		}
		while (q < end && *q == ' ')
			q++;
		while (q < end && is_digit(*q))
			q++;
		dot = q;
		if (q > b + 1 && is_digit(q[-1]) && q < end && *q == '.') {
			for (q++; q < end && is_digit(*q); q++)
				;
			if (q - dot == 7 && q < end && *q == ']') {
				size_t c = (size_t)(b - s) - 1;

				while (c > 0 && s[c - 1] == ' ')
					c--;
				if (c >= 7 && !memcmp(s + c - 7, "kernel:", 7) && (c == 7 || s[c - 8] == ' '))
					c -= 7;
				while (c > 0 && s[c - 1] == ' ')
					c--;
				/* what stands before is a message, not a prefix ("2024-03-14 10:00:00") */
				for (size_t k = 0; k < c; k++) {
					if (is_alpha(s[k])) {
						*cut = c;
						return (size_t)(b - s);
					}
				}
			}
		}
		b++;
	}
	return 0;
}

/*
 * emit - hand one message to the callback; several dmesg records that a
 * web form or a paste reflowed onto one line are split back, each with
 * its own stamp.
 */
static void emit(struct bs_linereader *r, struct bs_line *l, const char *s, size_t n, bool binary)
{
	size_t at, cut;

	while (n > 16 && (at = reflowed_at(s, n, &cut)) != 0) {
		struct bs_line next = *l;
		size_t i = at;

		if (!parse_mono(s, n, &i, &next))
			break;
		parse_caller(s, n, &i, &next);
		emit_one(r, l, s, cut, binary);
		*l = next;
		s += i;
		n -= i;
	}
	emit_one(r, l, s, n, binary);
}

/* Deliver the message @s[0..@n), split at decoded newlines. */
static void deliver(struct bs_linereader *r, struct bs_line *l, const char *s, size_t n,
		    bool binary, bool may_hash, bool kmsg)
{
	char *p, *end;

	if (kmsg ? !memchr(s, '\\', n) : !(may_hash && has_hash_escape(s, n))) {
		emit(r, l, s, n, binary);
		return;
	}

	p = r->unesc;
	end = p + unescape(s, n, r->unesc, kmsg);
	for (;;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		bool bin = binary;

		/* a record ending in "#012" holds no empty last line */
		if (!nl && len == 0 && p != r->unesc)
			break;
		if (scan(p, len) & SCAN_CTRL)
			len = clean_piece(p, len, p, &bin);
		emit(r, l, p, len, bin);
		if (!nl)
			break;
		p = nl + 1;
	}
}

/*
 * Reports travel by mail and forums, quoted with "> ", ">> ", "| " or
 * indented with a tab.  Kernel messages never begin with '>', '|' or a
 * tab, so such a prefix belongs to the quote: its length.
 */
static size_t quote_prefix(const char *s, size_t n)
{
	size_t i = 0;

	for (;;) {
		size_t j = i;

		while (j < n && (s[j] == '>' || s[j] == '|'))
			j++;
		if (j == i)
			break;
		if (j < n && s[j] == ' ')
			j++;
		i = j;
	}
	while (i < n && s[i] == '\t')
		i++;
	return i;
}

static void process_piece(struct bs_linereader *r, const struct piece *pc)
{
	struct bs_line l = {
		.raw_len = pc->n,
		.lineno = r->lineno,
		.source = r->source,
		.caller_cpu = -1,
		.caller_tid = -1,
		.level = -1,
		.kernel = true,
		.truncated = pc->truncated,
	};
	bool kmsg = false;
	size_t off, q = quote_prefix(pc->s, pc->n);

	if (parse_wrapper(r, pc->s + q, pc->n - q, &l, &off, &kmsg) == SKIP) {
		r->st.skipped++;
		return;
	}
	deliver(r, &l, pc->s + q + off, pc->n - q - off, pc->binary, pc->may_hash, kmsg);
}

/*
 * One physical line, without its '\n'; @n <= BS_LINE_MAX.  @bits is what
 * scan() says of it, or SCAN_UNKNOWN.
 */
static void process_line(struct bs_linereader *r, const char *p, size_t n, bool truncated,
			 unsigned int bits)
{
	struct piece pc = {
		.s = p,
		.n = n,
		.truncated = truncated,
		.may_hash = (bits & SCAN_HASH) != 0,
	};
	const char *q, *end;

	if (bits & SCAN_UNKNOWN) {
		bits = scan(p, n);
		pc.may_hash = (bits & SCAN_HASH) != 0;
	}
	r->lineno++;
	r->st.lines++;
	if (truncated)
		r->st.truncated++;
	r->line_binary = false;

	if (!(bits & SCAN_CTRL)) {
		process_piece(r, &pc);
		goto out;
	}

	/*
	 * NUL never occurs in text.  A run of them is what a crash leaves in
	 * a log file where blocks were allocated but not written, and the
	 * record after the run starts fresh, so each run ends a line.  Pieces
	 * that clean to nothing are dropped then, as the NULs said nothing.
	 */
	q = p;
	end = p + n;
	for (;;) {
		const char *z = memchr(q, '\0', (size_t)(end - q));
		const char *e = z ? z : end;
		bool had_nul = z != NULL || q != p;

		pc.binary = had_nul;
		pc.n = clean_piece(q, (size_t)(e - q), r->clean, &pc.binary);
		pc.s = r->clean;
		if (pc.n > 0 || !had_nul)
			process_piece(r, &pc);
		if (!z)
			break;
		while (z < end && *z == '\0')
			z++;
		q = z;
		r->line_binary = true;
		if (q == end)
			break;
	}
out:
	if (r->line_binary)
		r->st.binary++;
}

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
static uint64_t count_lf(const char *p, size_t n)
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
 * find_needle - where the first needle that lies wholly in [@p, @end)
 * starts, or NULL
 */
static const char *find_needle(struct bs_linereader *r, const char *p, const char *end)
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
static void skip_lines(struct bs_linereader *r, const char *from, const char *to)
{
	uint64_t k = count_lf(from, (size_t)(to - from));

	r->lineno += k;
	r->st.lines += k;
	r->st.filtered += k;
	/* what follows is not the rest of a record we delivered */
	r->in_kmsg = false;
	r->indent = 0;
}

/* A line not found by the search (carried over, or cut): filter it here. */
static void take_line(struct bs_linereader *r, const char *p, size_t n, bool truncated)
{
	if (r->filter && r->nneedles) {
		size_t k;

		for (k = 0; k < r->nneedles; k++)
			if (memmem(p, n, r->needles[k].s, r->needles[k].len))
				break;
		if (k == r->nneedles) {
			r->lineno++;
			r->st.lines++;
			r->st.filtered++;
			r->in_kmsg = false;
			r->indent = 0;
			return;
		}
	}
	process_line(r, p, n, truncated, SCAN_UNKNOWN);
}

/*
 * API
 */

struct bs_linereader *bs_linereader_alloc(const char *source, bs_line_fn fn, void *ctx)
{
	struct bs_linereader *r;
	size_t slen;

	if (!fn) {
		errno = EINVAL;
		return NULL;
	}
	if (!source)
		source = "-";
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	slen = strlen(source);
	r->source = malloc(slen + 1);
	r->carry = malloc(BS_LINE_MAX);
	r->clean = malloc(BS_LINE_MAX);
	r->unesc = malloc(BS_LINE_MAX);
	if (!r->source || !r->carry || !r->clean || !r->unesc)
		goto error;
	memcpy(r->source, source, slen + 1);
	r->fn = fn;
	r->ctx = ctx;
	r->year = 1970;
	return r;

error:
	bs_linereader_free(r);
	errno = ENOMEM;
	return NULL;
}

int bs_linereader_set_year(struct bs_linereader *r, int year)
{
	if (year > 9999) {
		errno = EINVAL;
		return -1;
	}
	r->year_known = year > 1970;
	r->year_from_caller = r->year_known;
	r->year = r->year_known ? year : 1970;
	r->last_month = 0;
	return 0;
}

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

void bs_linereader_set_filter(struct bs_linereader *r, bool on)
{
	r->filter = on;
}

void bs_linereader_feed(struct bs_linereader *r, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;

	if (len == 0)
		return;
	/* the caller may refill the same buffer: what was found is gone */
	r->cache_end = NULL;

	if (r->skipping) {
		const char *nl = memchr(p, '\n', len);

		if (!nl)
			return;
		r->skipping = false;
		p = nl + 1;
	} else if (r->carry_len) {
		/* finish the line begun in an earlier chunk */
		const char *nl = memchr(p, '\n', len);
		size_t need = (size_t)((nl ? nl : end) - p);
		size_t room = BS_LINE_MAX - r->carry_len;

		if (need > room) {
			memcpy(r->carry + r->carry_len, p, room);
			r->carry_len = 0;
			take_line(r, r->carry, BS_LINE_MAX, true);
			if (!nl) {
				r->skipping = true;
				return;
			}
		} else {
			memcpy(r->carry + r->carry_len, p, need);
			r->carry_len += need;
			if (!nl)
				return;
			need = r->carry_len;
			r->carry_len = 0;
			take_line(r, r->carry, need, false);
		}
		p = nl + 1;
	}

	while (p < end) {
		unsigned int bits;
		const char *nl;
		size_t n;

		if (r->filter && r->nneedles) {
			const char *h = find_needle(r, p, end), *ls;

			if (!h) {
				/* no whole line from here on holds a needle */
				const char *last = memrchr(p, '\n', (size_t)(end - p));

				if (last) {
					skip_lines(r, p, last + 1);
					p = last + 1;
					continue;
				}
			} else {
				ls = memrchr(p, '\n', (size_t)(h - p));
				if (ls) {
					skip_lines(r, p, ls + 1);
					p = ls + 1;
				}
			}
			/* p is at the line with the needle, or at a partial line */
		}

		nl = find_eol(p, end, &bits);
		n = (size_t)((nl ? nl : end) - p);
		if (n > BS_LINE_MAX) {
			take_line(r, p, BS_LINE_MAX, true);
			if (!nl) {
				r->skipping = true;
				return;
			}
		} else if (!nl) {
			memcpy(r->carry, p, n);
			r->carry_len = n;
			return;
		} else {
			process_line(r, p, n, false, bits);
		}
		p = nl + 1;
	}
}

void bs_linereader_finish(struct bs_linereader *r)
{
	size_t n = r->carry_len;

	r->skipping = false;
	if (n) {
		r->carry_len = 0;
		take_line(r, r->carry, n, false);
	}
}

void bs_linereader_stats(const struct bs_linereader *r, struct bs_linereader_stats *st)
{
	*st = r->st;
}

void bs_linereader_free(struct bs_linereader *r)
{
	if (!r)
		return;
	free(r->source);
	free(r->carry);
	free(r->clean);
	free(r->unesc);
	for (size_t k = 0; k < r->nneedles; k++)
		free(r->needles[k].s);
	free(r);
}
