// SPDX-License-Identifier: MIT
/*
 * prefix.c - the shape of an unknown line prefix: learned from a report's
 * header line, matched against the lines after it (see prefix.h).
 *
 * A shape is a short list of elements: a literal byte, a run of digits
 * (stamps, pids, CPUs change from line to line), a run of blanks of any
 * width (padding changes with the numbers), a single letter standing
 * alone (logcat's level: I, W, E), a run of non-ASCII bytes (localised
 * day and month names), and a bracketed group whose content may be
 * anything ("[1:  kswapd0:  123]", "(2)", "[123:kworker/2:1]").  Words are
 * kept literally: "kernel" must be "kernel".
 */
#include "parse/prefix.h"

#include <string.h>

enum elem {
	EL_NONE,
	EL_LIT,
	EL_DIGITS,
	EL_BLANKS,
	EL_LETTER1,
	EL_HIGH,
	EL_GROUP,	/* content up to and with arg, the closing bracket */
};

/* The longest bracketed group a prefix holds ("[Thu Mar 14 10:00:00 2024]" and more). */
#define GROUP_MAX 96

static bool is_digit(char c)
{
	return (unsigned char)(c - '0') < 10;
}

static bool is_letter(char c)
{
	return (unsigned char)((c | 0x20) - 'a') < 26;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * What ends a prefix: a closing bracket, or blanks after a colon, a
 * closing bracket or a number ("kernel: ", "] ", "123 ").  A comm with a
 * space in it ("Web Content") has a letter before its space.
 */
static bool ends_prefix(const char *t, size_t at)
{
	size_t r = at;

	if (at == 0)
		return true;
	if (strchr("])>|", t[at - 1]))
		return true;
	if (!is_blank(t[at - 1]))
		return false;
	while (r > 0 && is_blank(t[r - 1]))
		r--;
	return r == 0 || strchr(":])>|", t[r - 1]) || is_digit(t[r - 1]);
}

/* Where the comm that ends at @e starts, after any prefix. */
static long comm_start(const char *t, size_t e)
{
	size_t c = e;

	for (;;) {
		/* the comm may end in a bracket itself: "runc:[2:INIT]" */
		while (c > 0 && !is_blank(t[c - 1]) && (c == e || !strchr("]|", t[c - 1])))
			c--;
		if (ends_prefix(t, c))
			return (long)c;
		/* a word of the comm: go on to the one before it */
		while (c > 0 && is_blank(t[c - 1]))
			c--;
	}
}

/* The headers whose message starts with the comm, and where that comm ends. */
static long comm_header(const char *t, size_t len)
{
	static const char *const after_comm[] = {
		" invoked oom-killer:", ": vmalloc: allocation failure", ": vmalloc error:",
		": page allocation stalls for",
	};
	const char *m = memmem(t, len, " failure: order:", 16);

	if (!m)
		m = memmem(t, len, " failure. order:", 16);
	if (m) {
		/* back over the words of "page allocation" to the ": " after the comm */
		const char *w = memmem(t, (size_t)(m - t), ": ", 2), *last = NULL;

		while (w) {
			last = w;
			w = memmem(w + 2, (size_t)(m - (w + 2)), ": ", 2);
		}
		return last ? comm_start(t, (size_t)(last - t)) : -1;
	}
	for (size_t i = 0; i < sizeof(after_comm) / sizeof(after_comm[0]); i++) {
		m = memmem(t, len, after_comm[i], strlen(after_comm[i]));
		/* 3.x printed "vmalloc: allocation failure, ..." alone, without a comm or mode */
		if (m && i == 1 && !memmem(m, len - (size_t)(m - t), "mode:0x", 7))
			continue;
		if (m)
			return comm_start(t, (size_t)(m - t));
	}
	return -1;
}

long bs_prefix_message_start(const char *t, size_t len)
{
	/* messages that start with fixed text */
	static const char *const starts[] = {
		"SLUB: Unable", "INFO: task ", "XFS: ", "XFS (", "SPL: ", "Out of memory",
		"Memory cgroup out of memory", "oom-kill:", "Mem-Info:", "Mem-info:", "warn_alloc: ",
		"Possible memory allocation deadlock", "cma_alloc", "vmap allocation for size",
		"vmalloc: allocation failure",
	};
	long best = comm_header(t, len);

	if (best >= 0)
		return best;
	for (size_t i = 0; i < sizeof(starts) / sizeof(starts[0]); i++) {
		const char *m = memmem(t, len, starts[i], strlen(starts[i]));

		if (m && (best < 0 || m - t < best) && ends_prefix(t, (size_t)(m - t)))
			best = m - t;
	}
	return best;
}

static bool add(struct bs_prefix *p, enum elem k, unsigned char arg, unsigned char key)
{
	if (p->n >= BS_PREFIX_MAX_ELEMS)
		return false;
	p->kind[p->n] = (unsigned char)k;
	p->arg[p->n] = arg;
	p->key[p->n] = key;
	p->n++;
	return true;
}

static char closer(char c)
{
	switch (c) {
	case '[':
		return ']';
	case '(':
		return ')';
	case '{':
		return '}';
	case '<':
		return '>';
	default:
		return 0;
	}
}

/* The first punctuation byte of a group's content: the one every such group holds. */
static unsigned char group_key(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]) && !is_letter(s[i]) && !is_blank(s[i]) && (unsigned char)s[i] < 0x80)
			return (unsigned char)s[i];
	return 0;
}

bool bs_prefix_learn(struct bs_prefix *p, const char *t, size_t len)
{
	size_t i = 0;

	memset(p, 0, sizeof(*p));
	while (i < len) {
		char c = t[i], cl = closer(c);
		bool ok;

		if (is_digit(c)) {
			while (i < len && is_digit(t[i]))
				i++;
			ok = add(p, EL_DIGITS, 0, 0);
		} else if (is_blank(c)) {
			while (i < len && is_blank(t[i]))
				i++;
			ok = add(p, EL_BLANKS, 0, 0);
		} else if ((unsigned char)c >= 0x80) {
			while (i < len && (unsigned char)t[i] >= 0x80)
				i++;
			ok = add(p, EL_HIGH, 0, 0);
		} else if (cl) {
			const char *e = memchr(t + i + 1, cl, len - i - 1 < GROUP_MAX ? len - i - 1 : GROUP_MAX);

			ok = add(p, EL_LIT, (unsigned char)c, 0);
			/* as bs_prefix_match() will: "[<...>]" is a frame, never a group */
			if (e && ok && !(e > t + i + 1 && t[i + 1] == '<')) {
				ok = add(p, EL_GROUP, (unsigned char)cl, group_key(t + i + 1, (size_t)(e - t - i - 1)));
				i = (size_t)(e - t) + 1;
			} else {
				i++;
			}
		} else if (is_letter(c) && (i + 1 >= len || !is_letter(t[i + 1])) &&
			   (i == 0 || !is_letter(t[i - 1])) && (i + 1 >= len || !is_digit(t[i + 1]))) {
			ok = add(p, EL_LETTER1, 0, 0);
			i++;
		} else {
			ok = add(p, EL_LIT, (unsigned char)c, 0);
			i++;
		}
		if (!ok) {
			memset(p, 0, sizeof(*p));
			return false;
		}
	}
	/* blanks alone are indentation, stripped from every line anyway: no prefix */
	for (int k = 0; k < p->n; k++)
		if (p->kind[k] != EL_BLANKS)
			return true;
	memset(p, 0, sizeof(*p));
	return false;
}

size_t bs_prefix_match(const struct bs_prefix *p, const char *t, size_t len)
{
	size_t i = 0;

	for (int k = 0; k < p->n; k++) {
		size_t s = i;

		switch ((enum elem)p->kind[k]) {
		case EL_LIT:
			if (i >= len || (unsigned char)t[i] != p->arg[k])
				return 0;
			i++;
			break;
		case EL_DIGITS:
			while (i < len && is_digit(t[i]))
				i++;
			if (i == s)
				return 0;
			break;
		case EL_BLANKS:
			while (i < len && is_blank(t[i]))
				i++;
			break;
		case EL_LETTER1:
			if (i >= len || !is_letter(t[i]) || (i + 1 < len && is_letter(t[i + 1])))
				return 0;
			i++;
			break;
		case EL_HIGH:
			while (i < len && (unsigned char)t[i] >= 0x80)
				i++;
			if (i == s)
				return 0;
			break;
		case EL_GROUP: {
			size_t lim = len - i < GROUP_MAX ? len - i : GROUP_MAX;
			const char *e = memchr(t + i, p->arg[k], lim);

			/* "[<ffffffff81686b13>]" opens a call-trace frame, never a prefix */
			if (!e || (e > t + i && t[i] == '<') ||
			    (p->key[k] && !memchr(t + i, p->key[k], (size_t)(e - t - i))))
				return 0;
			i = (size_t)(e - t) + 1;
			break;
		}
		case EL_NONE:
			return 0;
		}
	}
	return i;
}

bool bs_prefix_mono(const char *t, size_t len, double *mono)
{
	const char *b = t, *end = t + len;

	while ((b = memchr(b, '[', (size_t)(end - b))) != NULL) {
		const char *q = b + 1;
		double ip = 0, scale = 1, fp = 0;
		int nd = 0, nf = 0;

		while (q < end && *q == ' ')
			q++;
		for (; q < end && is_digit(*q) && nd < 12; q++, nd++)
			ip = ip * 10 + (*q - '0');
		if (nd && q < end && *q == '.') {
			for (q++; q < end && is_digit(*q) && nf < 9; q++, nf++) {
				scale /= 10;
				fp += (*q - '0') * scale;
			}
			if (nf && q < end && *q == ']') {
				*mono = ip + fp;
				return true;
			}
		}
		b++;
	}
	return false;
}
