// SPDX-License-Identifier: MIT
/*
 * logline.c - raw log input to normalised kernel message lines: the
 * reader itself (chunks, carried lines, delivery of each message with its
 * stamps, dmesg records reflowed onto one line split again).  Its layers
 * live beside it: line_scan.c (1, 2), wrappers.c and stamps.c (3),
 * needle_search.c (the filter).
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
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "input/linereader_internal.h"

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
 * A syslog stamp "Mmm dd hh:mm:ss " (day padded or not) that ends right
 * before @s[@e] and starts after a space: where it starts, or 0.
 */
static size_t bsd_stamp_ending_at(const char *s, size_t n, size_t e, struct stamp *t)
{
	for (size_t w = 15; w >= 14; w--) {
		size_t i;

		if (e < w + 2 || s[e - w - 2] != ' ')
			continue;
		i = e - w - 1;
		if (lr_parse_bsd_stamp(s, n, &i, t) && i == e)
			return e - w - 1;
	}
	return 0;
}

/*
 * syslog_reflowed_at - where in @s[0..@n) another syslog record starts,
 * "Oct 27 18:00:02 host kernel: " after a space (or with no host, as
 * busybox logs); *@cut is where the message before it ends, *@tag where
 * its host or tag starts (after the stamp) and *@t its stamp.  0 when
 * there is none.  A line that holds no "kernel:" costs one
 * memmem().
 */
static size_t syslog_reflowed_at(const char *s, size_t n, size_t *cut, size_t *tag, struct stamp *t)
{
	const char *k = s;

	while ((k = memmem(k + 1, n - (size_t)(k + 1 - s), " kernel:", 8)) != NULL) {
		size_t e = (size_t)(k - s) + 1, h = e - 1, at;

		while (h > 0 && s[h - 1] != ' ')	/* the host token before "kernel:" */
			h--;
		at = bsd_stamp_ending_at(s, n, e, t);
		*tag = e;
		if (!at && h > 0) {
			at = bsd_stamp_ending_at(s, n, h, t);
			*tag = h;
		}
		if (at) {
			size_t c = at - 1;

			while (c > 0 && s[c - 1] == ' ')
				c--;
			*cut = c;
			return at;
		}
	}
	return 0;
}

/*
 * emit - hand one message to the callback; several dmesg or syslog
 * records that a web form, a mail client or a paste reflowed onto one
 * line are split back, each with its own stamp.
 */
static void emit(struct bs_linereader *r, struct bs_line *l, const char *s, size_t n, bool binary)
{
	size_t at, cut = 0, sat, scut = 0, tag = 0;
	struct stamp t = { 0 };	/* a syslog stamp sets no year: 0 asks lr_set_wall() for one */

	while (n > 16) {
		struct bs_line next = *l;
		size_t i;

		at = reflowed_at(s, n, &cut);
		sat = n > 24 ? syslog_reflowed_at(s, n, &scut, &tag, &t) : 0;
		/* "Mar 14 10:00:05 host kernel: [ 64.2] ": the syslog record starts first */
		if (sat && (!at || sat < at)) {
			lr_set_wall(r, &next, &t);
			i = lr_syslog_rest(s, n, tag, &next, true);
			cut = scut;
		} else if (at) {
			i = at;
			if (!lr_parse_mono(s, n, &i, &next))
				break;
			lr_parse_caller(s, n, &i, &next);
		} else {
			break;
		}
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

	if (kmsg ? !memchr(s, '\\', n) : !(may_hash && lr_has_hash_escape(s, n))) {
		emit(r, l, s, n, binary);
		return;
	}

	p = r->unesc;
	end = p + lr_unescape(s, n, r->unesc, kmsg);
	for (;;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		bool bin = binary;

		/* a record ending in "#012" holds no empty last line */
		if (!nl && len == 0 && p != r->unesc)
			break;
		if (lr_scan(p, len) & SCAN_CTRL)
			len = lr_clean_piece(p, len, p, &bin);
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

	if (lr_parse_wrapper(r, pc->s + q, pc->n - q, &l, &off, &kmsg) == SKIP) {
		r->st.skipped++;
		return;
	}
	deliver(r, &l, pc->s + q + off, pc->n - q - off, pc->binary, pc->may_hash, kmsg);
}

/*
 * One physical line, without its '\n'; @n <= BS_LINE_MAX.  @bits is what
 * lr_scan() says of it, or SCAN_UNKNOWN.
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
		bits = lr_scan(p, n);
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
		pc.n = lr_clean_piece(q, (size_t)(e - q), r->clean, &pc.binary);
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

static void skip_lines(struct bs_linereader *r, const char *from, const char *to)
{
	uint64_t k = lr_count_lf(from, (size_t)(to - from));

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
			const char *h = lr_find_needle(r, p, end), *ls;

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

		nl = lr_find_eol(p, end, &bits);
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
