// SPDX-License-Identifier: MIT
/*
 * linejoin.c - which of "a b" and "ab" the kernel printed, from the token
 * grammar of the line (see linejoin.h).
 */
#include "parse/linejoin.h"

#include <string.h>

static const char *const zone_names[] = {
	"DMA32", "DMA", "Normal", "HighMem", "Movable", "Device",
};

static bool is_digit(char c)
{
	return (unsigned char)(c - '0') < 10;
}

static bool is_hex(char c)
{
	return is_digit(c) || (unsigned char)((c | 0x20) - 'a') < 6;
}

static bool is_lower_key(char c)
{
	return (c >= 'a' && c <= 'z') || c == '_' || is_digit(c) || c == '(' || c == ')';
}

static bool is_sym(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '.' ||
	       c == '$';
}

/* Length of "Node N " (0 if absent) then of a zone name followed by @next, or 0. */
static size_t zone_head(const char *t, size_t len, const char *next)
{
	size_t i = 0, nl = strlen(next);

	if (len > 5 && !memcmp(t, "Node ", 5)) {
		i = 5;
		while (i < len && is_digit(t[i]))
			i++;
		if (i == 5 || i >= len || t[i] != ' ')
			return 0;
		i++;
	}
	for (size_t k = 0; k < sizeof(zone_names) / sizeof(zone_names[0]); k++) {
		size_t zl = strlen(zone_names[k]);

		if (len - i >= zl + nl && !memcmp(t + i, zone_names[k], zl) && !memcmp(t + i + zl, next, nl))
			return i + zl + nl;
	}
	return 0;
}

/* "kB", "KB", "MB", "GB" at @t; its length or 0. */
static size_t unit_len(const char *t, size_t n)
{
	if (n >= 2 && t[1] == 'B' && (t[0] == 'k' || t[0] == 'K' || t[0] == 'M' || t[0] == 'G'))
		return 2;
	return 0;
}

static size_t digits(const char *t, size_t n)
{
	size_t i = 0;

	while (i < n && is_digit(t[i]))
		i++;
	return i;
}

/* A zone-line token "key:NkB" (or "pages_scanned:N", "all_unreclaimable?", "no"). */
static bool zone_token(const char *t, size_t n, bool want_unit)
{
	size_t i = 0, d;

	if ((n == 2 && !memcmp(t, "no", 2)) || (n == 3 && !memcmp(t, "yes", 3)))
		return true;
	while (i < n && is_lower_key(t[i]))
		i++;
	if (i == 0 || i >= n)
		return false;
	if (t[i] == '?')
		return i + 1 == n;
	if (t[i] != ':')
		return false;
	i++;
	d = digits(t + i, n - i);
	if (!d)
		return false;
	i += d;
	if (i == n)
		return !want_unit || (i - d > 14 && !memcmp(t, "pages_scanned:", 14));
	return i + unit_len(t + i, n - i) == n;
}

/* A buddy-line token: "12*4kB", "(UME)", "=", "3323044kB". */
static bool buddy_token(const char *t, size_t n)
{
	size_t i, d;

	if (n == 1 && t[0] == '=')
		return true;
	if (n >= 2 && t[0] == '(' && t[n - 1] == ')') {
		for (i = 1; i + 1 < n; i++)
			if (t[i] < 'A' || t[i] > 'Z')
				return false;
		return true;
	}
	d = digits(t, n);
	if (!d)
		return false;
	i = d;
	if (i < n && t[i] == '*') {
		d = digits(t + i + 1, n - i - 1);
		if (!d)
			return false;
		i += 1 + d;
	}
	return i + unit_len(t + i, n - i) == n && unit_len(t + i, n - i);
}

/* A Mem-Info counter token "active_anon:12345". */
static bool counter_token(const char *t, size_t n)
{
	size_t i = 0;

	while (i < n && is_lower_key(t[i]))
		i++;
	if (i == 0 || i >= n || t[i] != ':')
		return false;
	i++;
	return digits(t + i, n - i) == n - i && i < n;
}

/* A frame token: "[<ffffffff81686b13>]", "?", "func+0x19/0x1b", "[libceph]", "(func+0x0/0x1)", "from". */
static bool frame_token(const char *t, size_t n)
{
	size_t i = 0;

	if ((n == 1 && t[0] == '?') || (n == 4 && !memcmp(t, "from", 4)))
		return true;
	if (n > 4 && t[0] == '[' && t[1] == '<' && t[n - 2] == '>' && t[n - 1] == ']') {
		for (i = 2; i + 2 < n; i++)
			if (!is_hex(t[i]))
				return false;
		return true;
	}
	if (n > 2 && t[0] == '[' && t[n - 1] == ']') {
		for (i = 1; i + 1 < n; i++)
			if (!is_sym(t[i]) && t[i] != '-')
				return false;
		return true;
	}
	if (n > 2 && t[0] == '(' && t[n - 1] == ')') {
		t++;
		n -= 2;
	}
	while (i < n && is_sym(t[i]))
		i++;
	if (i == 0 || n - i < 4 || memcmp(t + i, "+0x", 3))
		return false;
	for (i += 3; i < n && is_hex(t[i]); i++)
		;
	if (i == n)
		return true;
	if (n - i < 4 || memcmp(t + i, "/0x", 3))
		return false;
	for (i += 3; i < n && is_hex(t[i]); i++)
		;
	return i == n;
}

enum kind {
	K_UNKNOWN,
	K_ZONE,
	K_BUDDY,
	K_COUNTERS,
	K_FRAME,
	K_HEADER,
	K_OOM_HEADER,
	K_CPU,
};

static enum kind line_kind(const char *t, size_t n, size_t *body)
{
	size_t h;

	*body = 0;
	if ((h = zone_head(t, n, " free:")) != 0) {
		*body = h - 5;
		return K_ZONE;
	}
	if ((h = zone_head(t, n, ": ")) != 0) {
		*body = h;
		return K_BUDDY;
	}
	if (memmem(t, n, " failure: order:", 16) || memmem(t, n, " failure. order:", 16))
		return K_HEADER;
	if ((h = (size_t)((const char *)memmem(t, n, " invoked oom-killer:", 20) - t)) < n) {
		*body = h + 20;
		return K_OOM_HEADER;
	}
	if (n > 5 && (!memcmp(t, "CPU: ", 5) || !memcmp(t, "Pid: ", 5)))
		return K_CPU;
	if (n > 2 && (!memcmp(t, "[<", 2) || (t[0] == '(' && memchr(t, '+', n))))
		return K_FRAME;
	{
		const char *sp = memchr(t, ' ', n);
		size_t first = sp ? (size_t)(sp - t) : n;

		if (frame_token(t, first))
			return K_FRAME;
		if (counter_token(t, first))
			return K_COUNTERS;
	}
	return K_UNKNOWN;
}

/*
 * The header reads well: "page allocation failure" or "<x> alloc failure"
 * as the words, the order a number followed by ',', the mode hex followed
 * by '(' or ',' or the end.
 */
static int header_score(const char *t, size_t n)
{
	const char *m = memmem(t, n, " failure: order:", 16);
	const char *mode = memmem(t, n, "mode:0x", 7);
	int bad = 0;
	size_t i;

	if (!m)
		m = memmem(t, n, " failure. order:", 16);
	if (!m)
		return 1;
	if (!((size_t)(m - t) >= 15 && !memcmp(m - 15, "page allocation", 15)) &&
	    !((size_t)(m - t) >= 6 && !memcmp(m - 6, " alloc", 6)))
		bad++;
	i = (size_t)(m - t) + 16;
	i += digits(t + i, n - i);
	if (i >= n || t[i] != ',')
		bad++;
	if (!mode)
		return bad + 1;
	for (i = (size_t)(mode - t) + 7; i < n && is_hex(t[i]); i++)
		;
	if (i < n && t[i] != '(' && t[i] != ',')
		bad++;
	return bad;
}

/* "key=value" tokens after " invoked oom-killer:". */
static bool oom_token(const char *t, size_t n)
{
	size_t i = 0;

	while (i < n && is_lower_key(t[i]))
		i++;
	return i > 0 && i < n && t[i] == '=';
}

/*
 * "CPU: 3 PID: 1 Comm: x Tainted: G W 5.19.0-1-amd64 #1 Debian ...": the
 * version is one token, followed by "#N" or nothing.
 */
static int cpu_score(const char *t, size_t n)
{
	const char *m = memmem(t, n, "ainted", 6);
	size_t i;

	if (!m)
		return 0;
	i = (size_t)(m - t) + 6;
	if (i < n && t[i] == ':')
		i++;
	while (i < n && (t[i] == ' ' || (t[i] >= 'A' && t[i] <= 'Z')))
		i++;
	if (i >= n || !is_digit(t[i]))
		return 0;
	while (i < n && t[i] != ' ')
		i++;
	while (i < n && t[i] == ' ')
		i++;
	return i < n && t[i] != '#';
}

/* Tokens of @t[@from..@n) that @ok rejects; -1 for a line of unknown kind. */
static int score(const char *t, size_t n)
{
	size_t body, i;
	enum kind k = line_kind(t, n, &body);
	bool want_unit = false;
	int bad = 0;

	if (k == K_UNKNOWN)
		return -1;
	if (k == K_HEADER)
		return header_score(t, n);
	if (k == K_CPU)
		return cpu_score(t, n);
	if (k == K_ZONE) {
		/* every field but pages_scanned carries kB when the first one does */
		const char *f = t + body + 5;

		want_unit = (size_t)(f - t) < n && memmem(f, (size_t)(t + n - f), "kB", 2) != NULL;
	}
	i = body;
	while (i < n) {
		size_t s, e;
		bool ok;

		while (i < n && t[i] == ' ')
			i++;
		s = i;
		while (i < n && t[i] != ' ')
			i++;
		e = i;
		if (e == s)
			break;
		switch (k) {
		case K_ZONE:
			ok = zone_token(t + s, e - s, want_unit);
			break;
		case K_BUDDY:
			ok = buddy_token(t + s, e - s);
			break;
		case K_COUNTERS:
			ok = counter_token(t + s, e - s);
			break;
		case K_OOM_HEADER:
			ok = oom_token(t + s, e - s);
			break;
		default:
			ok = frame_token(t + s, e - s);
			break;
		}
		bad += !ok;
	}
	return bad;
}

enum bs_join bs_join_decide(const char *a, size_t alen, const char *b, size_t blen, char *scratch)
{
	int s_space, s_direct;

	memcpy(scratch, a, alen);
	scratch[alen] = ' ';
	memcpy(scratch + alen + 1, b, blen);
	s_space = score(scratch, alen + 1 + blen);
	memcpy(scratch + alen, b, blen);
	s_direct = score(scratch, alen + blen);
	if (s_space < 0 || s_direct < 0 || s_space == s_direct) {
		/* inside "(GFP_KERNEL|__GFP_COMP)" or "[2:INIT]" there are no spaces */
		size_t i = alen;
		int depth = 0;

		while (i > 0 && a[i - 1] != ' ')
			i--;
		for (; i < alen; i++)
			depth += (a[i] == '(' || a[i] == '[') - (a[i] == ')' || a[i] == ']');
		return depth > 0 ? BS_JOIN_DIRECT : BS_JOIN_UNSURE;
	}
	return s_direct < s_space ? BS_JOIN_DIRECT : BS_JOIN_SPACE;
}

/* The last blank-separated token of @t[0..@n). */
static const char *last_token(const char *t, size_t n, size_t *len)
{
	size_t e = n, b;

	while (e > 0 && t[e - 1] == ' ')
		e--;
	b = e;
	while (b > 0 && t[b - 1] != ' ')
		b--;
	*len = e - b;
	return t + b;
}

bool bs_join_continues(const char *held, size_t hlen, const char *t, size_t len)
{
	size_t body, tl;
	enum kind hk, k;
	const char *lt;

	if (!len)
		return false;
	/* what a person put in: "<..snip..>", "[...]", "...", "[snip]" */
	if (t[0] == '<' || (len >= 3 && !memcmp(t, "...", 3)) || (len >= 4 && !memcmp(t, "[...", 4)) ||
	    memmem(t, len, "snip", 4))
		return false;
	/* "(callee+0x..)", "? func", "[module]": pieces of a frame line */
	if (t[0] == '(' || t[0] == '?' || (t[0] == '[' && (len < 2 || t[1] != '<')))
		return true;
	hk = line_kind(held, hlen, &body);
	k = line_kind(t, len, &body);
	/* "pages_scanned:0 all_unreclaimable? no" goes on a zone line; counters go on counters */
	if (k == K_COUNTERS && (hk == K_ZONE || hk == K_COUNTERS))
		return true;
	if (k == K_FRAME && hk == K_FRAME) {
		/* a frame line cut after its address: "[<c001b6a8>]", "[c0000000fffd3a30] [c000000000010e4c]" */
		lt = last_token(held, hlen, &tl);
		return (tl > 2 && lt[0] == '[' && lt[tl - 1] == ']') ||
		       (tl == 4 && !memcmp(lt, "from", 4)) || (tl == 1 && lt[0] == '?');
	}
	return !bs_join_is_line_start(t, len);
}

bool bs_join_is_line_start(const char *t, size_t len)
{
	static const char *const starts[] = {
		"CPU: ", "Pid: ", "Hardware name:", "Call Trace:", "Call trace:", "Mem-Info:", "Mem-info:",
		"lowmem_reserve[]:", "Node ", "Free swap", "Total swap", "Workqueue:", "<IRQ>", "</IRQ>",
		"<TASK>", "</TASK>", "Modules linked in", "Tasks state", "[  pid  ]",
	};
	size_t body;

	for (size_t i = 0; i < sizeof(starts) / sizeof(starts[0]); i++)
		if (len >= strlen(starts[i]) && !memcmp(t, starts[i], strlen(starts[i])))
			return true;
	/* a frame begins with its address or its function, not with "[module]" or "?" */
	if (len && (t[0] == '?' || (t[0] == '[' && (len < 2 || t[1] != '<'))))
		return false;
	return line_kind(t, len, &body) != K_UNKNOWN ||
	       (digits(t, len) && (memmem(t, len, " pages", 6) || memmem(t, len, " total pagecache", 16)));
}

/* @t[0..@n) ends with @suffix. */
static bool ends_with(const char *t, size_t n, const char *suffix)
{
	size_t sl = strlen(suffix);

	return n >= sl && !memcmp(t + n - sl, suffix, sl);
}

/* Every blank-separated token of @t[0..@n) is a buddy-line token. */
static bool all_buddy_tokens(const char *t, size_t n)
{
	size_t i = 0;
	bool any = false;

	while (i < n) {
		size_t s;

		while (i < n && t[i] == ' ')
			i++;
		s = i;
		while (i < n && t[i] != ' ')
			i++;
		if (i == s)
			break;
		if (!buddy_token(t + s, i - s))
			return false;
		any = true;
	}
	return any;
}

/* "Node N" and nothing more: show_node()'s piece before a zone or buddy line. */
static bool node_only(const char *t, size_t n)
{
	return n > 5 && !memcmp(t, "Node ", 5) && digits(t + 5, n - 5) == n - 5;
}

/* "lowmem_reserve[]:" and the numbers printed after it so far. */
static bool lowmem_reserve_open(const char *t, size_t n)
{
	size_t i = 17;

	if (n < 17 || memcmp(t, "lowmem_reserve[]:", 17))
		return false;
	while (i < n) {
		if (t[i] != ' ' && !is_digit(t[i]))
			return false;
		i++;
	}
	return true;
}

bool bs_join_pr_cont(const char *held, size_t hlen, const char *t, size_t len, bool *space)
{
	size_t body, hlen0 = hlen;

	while (hlen && (held[hlen - 1] == ' ' || held[hlen - 1] == '\t'))
		hlen--;
	while (len && (t[len - 1] == ' ' || t[len - 1] == '\t'))
		len--;
	*space = true;
	if (!hlen || !len)
		return false;
	if (lowmem_reserve_open(held, hlen))
		return digits(t, len) == len;
	if (node_only(held, hlen))
		return zone_head(t, len, " free:") || zone_head(t, len, ":");
	/* "Node 0 DMA32: " keeps its blank: the zone head is "DMA32: " */
	if (line_kind(held, hlen0, &body) == K_BUDDY) {
		/* the line ends with its "= NkB" total: nothing comes after it */
		size_t tl;
		const char *lt = last_token(held, hlen, &tl);

		if (lt > held + 1 && lt[-2] == '=')
			return false;
		/* "10*" / "32768kB": a line cut inside a token is a wrap, not a piece */
		if (lt[tl - 1] != ':' && !buddy_token(lt, tl))
			return false;
		return all_buddy_tokens(t, len);
	}
	/* warn_alloc() and dump_header() before 4.14: "comm: " + "page allocation failure: order:N" + ", mode:.." */
	if (held[hlen - 1] == ':' && !memchr(held, ' ', hlen) &&
	    (!strncmp(t, "page allocation ", 16) || !strncmp(t, "vmalloc: allocation failure", 27)))
		return true;
	if (t[0] == ',' && line_kind(held, hlen, &body) == K_HEADER) {
		*space = false;
		return true;
	}
	/* "nodemask=" + "(null)" or "0-1", "cpuset=" + the cgroup's name */
	if ((ends_with(held, hlen, "nodemask=") || ends_with(held, hlen, "cpuset=")) && !memchr(t, ' ', len)) {
		*space = false;
		return true;
	}
	if (!strncmp(t, "mems_allowed=", 13) && memmem(held, hlen, "cpuset=", 7) && !memmem(held, hlen, "mems_allowed=", 13))
		return true;
	if (t[0] == ',' && (memmem(held, hlen, " invoked oom-killer: ", 21) != NULL)) {
		*space = false;
		return true;
	}
	return false;
}
