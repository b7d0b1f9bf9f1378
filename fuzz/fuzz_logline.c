// SPDX-License-Identifier: MIT
/*
 * fuzz_logline.c - libFuzzer target for the input layer.
 *
 * Input layout: 8 bytes seed the chunk sizes, 1 byte picks the year, 1 byte
 * the number of needles (0-8), then each needle as a length byte and 3-8
 * bytes, then the log.
 *
 * Three properties are checked:
 *  - every line keeps the contract of struct bs_line: at most BS_LINE_MAX
 *    bytes, no '\n', no control byte but '\t', lines numbered in order;
 *  - the output does not depend on the chunking: the log is read whole and
 *    in random chunks, and a digest of every field of every line must match
 *    (without the filter, and with it toggled from the callback);
 *  - with the filter always on, exactly the physical lines without a needle
 *    are filtered, and every delivered line has one.
 *
 * Run with -max_len=200000 now and then: the default 4096 never reaches
 * BS_LINE_MAX.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input/logline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct run {
	struct bs_linereader *r;
	uint64_t h;
	uint64_t lines;
	uint64_t last_lineno;
	int toggle;		/* 0: never; else filter off for that many lines
				   after a line starting with 'k' */
	int left;
	const char *log;	/* for the oracle: the raw input */
	size_t len;
	const char *const *needles;
	size_t nneedles;
	bool oracle;
	size_t *starts;		/* where each physical line starts */
	size_t nlines;
};

static void mix(struct run *d, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	/* FNV-1a: order-sensitive, enough to tell two readings apart */
	for (i = 0; i < n; i++) {
		d->h ^= b[i];
		d->h *= 0x100000001b3ULL;
	}
}

/* Index the physical lines of the raw log. */
static void index_lines(struct run *d)
{
	size_t i, n = 0;

	d->starts = malloc((d->len + 1) * sizeof(*d->starts));
	if (!d->starts)
		abort();
	for (i = 0; i < d->len; i++)
		if (i == 0 || d->log[i - 1] == '\n')
			d->starts[n++] = i;
	d->nlines = n;
}

/* Does physical line @lineno hold a needle in the bytes the reader keeps? */
static bool line_has_needle(const struct run *d, uint64_t lineno)
{
	const char *p, *end = d->log + d->len, *nl;
	size_t n, k;

	if (lineno == 0 || lineno > d->nlines)
		abort();
	p = d->log + d->starts[lineno - 1];
	nl = memchr(p, '\n', (size_t)(end - p));
	n = (size_t)((nl ? nl : end) - p);
	if (n > BS_LINE_MAX)
		n = BS_LINE_MAX;
	for (k = 0; k < d->nneedles; k++)
		if (memmem(p, n, d->needles[k], strlen(d->needles[k])))
			return true;
	return false;
}

static void check(const struct bs_line *l, void *ctx)
{
	struct run *d = ctx;
	size_t i;
	unsigned char f;

	if (l->len > BS_LINE_MAX || l->lineno < d->last_lineno || l->lineno == 0)
		abort();
	for (i = 0; i < l->len; i++) {
		unsigned char c = (unsigned char)l->text[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			abort();
	}
	if (l->caller_cpu < -1 || l->caller_tid < -1 || l->level < -1 || l->level > 7)
		abort();
	if (l->has_mono && !(l->mono >= 0))
		abort();
	if (d->oracle && !line_has_needle(d, l->lineno))
		abort();
	d->last_lineno = l->lineno;
	d->lines++;
	mix(d, &l->len, sizeof(l->len));
	mix(d, l->text, l->len);
	mix(d, &l->lineno, sizeof(l->lineno));
	if (l->has_mono)
		mix(d, &l->mono, sizeof(l->mono));
	if (l->has_wall)
		mix(d, &l->wall, sizeof(l->wall));
	mix(d, &l->caller_cpu, sizeof(l->caller_cpu));
	mix(d, &l->caller_tid, sizeof(l->caller_tid));
	mix(d, &l->level, sizeof(l->level));
	f = (unsigned char)(l->has_mono | l->has_wall << 1 | l->wall_utc << 2 |
			    l->wall_no_year << 3 | l->kernel << 4 | l->truncated << 5 |
			    l->binary << 6);
	mix(d, &f, 1);

	if (d->toggle) {
		if (l->len && l->text[0] == 'k') {
			bs_linereader_set_filter(d->r, false);
			d->left = d->toggle;
		} else if (d->left && --d->left == 0) {
			bs_linereader_set_filter(d->r, true);
		}
	}
}

static void read_all(struct run *d, uint64_t seed, int year, bool filter,
		     struct bs_linereader_stats *st)
{
	const char *p = d->log;
	size_t n = d->len;

	d->h = 0xcbf29ce484222325ULL;
	d->lines = 0;
	d->last_lineno = 0;
	d->left = 0;
	d->r = bs_linereader_alloc("fuzz", check, d);
	if (!d->r)
		abort();
	if (bs_linereader_set_year(d->r, year))
		abort();
	if (filter) {
		if (bs_linereader_set_needles(d->r, d->needles, d->nneedles))
			abort();
		bs_linereader_set_filter(d->r, true);
	}
	if (!seed) {
		bs_linereader_feed(d->r, p, n);
	} else {
		size_t at = 0;

		while (at < n) {
			size_t k;

			/* xorshift64: chunks of 0 to 63 bytes, now and then larger */
			seed ^= seed << 13;
			seed ^= seed >> 7;
			seed ^= seed << 17;
			k = (seed & 0x100) ? (seed >> 9) % 70000 : seed % 64;
			if (k > n - at)
				k = n - at;
			bs_linereader_feed(d->r, p + at, k);
			at += k;
		}
	}
	bs_linereader_finish(d->r);
	bs_linereader_stats(d->r, st);
	bs_linereader_free(d->r);
	d->r = NULL;
}

/* Compare a whole and a chunked reading. */
static void same(struct run *d, uint64_t seed, int year, bool filter)
{
	struct bs_linereader_stats sa, sb;
	uint64_t ha, la;

	read_all(d, 0, year, filter, &sa);
	ha = d->h;
	la = d->lines;
	read_all(d, seed, year, filter, &sb);
	if (ha != d->h || la != d->lines || memcmp(&sa, &sb, sizeof(sa)))
		abort();
	if (sa.messages != la || sa.truncated > sa.lines || sa.binary > sa.lines ||
	    sa.filtered > sa.lines)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char needle_buf[BS_LINEREADER_NEEDLES_MAX][9];
	const char *needles[BS_LINEREADER_NEEDLES_MAX];
	struct bs_linereader_stats st;
	struct run d = { 0 };
	uint64_t seed = 0, want = 0, lineno;
	size_t nn, k;
	int year;

	if (size < 10)
		return 0;
	memcpy(&seed, data, 8);
	seed |= 1;		/* xorshift never leaves 0 */
	year = data[8] & 1 ? 1970 + data[8] : 0;
	nn = data[9] % (BS_LINEREADER_NEEDLES_MAX + 1);
	data += 10;
	size -= 10;
	for (k = 0; k < nn; k++) {
		size_t len, j;

		if (size < 1)
			return 0;
		len = 3 + data[0] % 6;
		if (size < 1 + len)
			return 0;
		for (j = 0; j < len; j++) {
			char c = (char)data[1 + j];

			/* needles are C strings without '\n' */
			needle_buf[k][j] = c == '\0' ? 'x' : c == '\n' ? 'y' : c;
		}
		needle_buf[k][len] = '\0';
		needles[k] = needle_buf[k];
		data += 1 + len;
		size -= 1 + len;
	}
	d.log = (const char *)data;
	d.len = size;
	d.needles = needles;
	d.nneedles = nn;

	same(&d, seed, year, false);
	if (!nn)
		return 0;

	/* the filter toggled by what the lines say, whole and chunked */
	d.toggle = 1 + (int)(seed >> 60);
	same(&d, seed, year, true);

	/* the filter always on: the oracle */
	d.toggle = 0;
	d.oracle = true;
	index_lines(&d);
	read_all(&d, seed, year, true, &st);
	if (st.lines != d.nlines)
		abort();
	for (lineno = 1; lineno <= st.lines; lineno++)
		if (!line_has_needle(&d, lineno))
			want++;
	free(d.starts);
	if (st.filtered != want)
		abort();
	return 0;
}
