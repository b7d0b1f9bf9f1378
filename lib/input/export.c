// SPDX-License-Identifier: MIT
/*
 * export.c - a byte-at-a-time state machine over the export format, so
 * that any chunking of the stream gives the same entries.
 */
#include "export.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Fields kept, and where. */
enum field { F_MESSAGE, F_MONO, F_REAL, F_HOST, F_TRANSPORT, F_NR, F_NONE = F_NR };

static const char *const field_names[F_NR] = {
	[F_MESSAGE] = "MESSAGE",
	[F_MONO] = "__MONOTONIC_TIMESTAMP",
	[F_REAL] = "__REALTIME_TIMESTAMP",
	[F_HOST] = "_HOSTNAME",
	[F_TRANSPORT] = "_TRANSPORT",
};

#define KEY_MAX 256
/* A binary field longer than this is taken for damage, not data (journald allows 64 MiB by default). */
#define BIN_MAX (768ull << 20)

enum state {
	S_KEY,		/* reading a field name, up to '=' or '\n' */
	S_TEXT,		/* a text value, up to '\n' */
	S_LEN,		/* the 8 length bytes of a binary value */
	S_BIN,		/* the binary value */
	S_BIN_NL,	/* the '\n' after it */
	S_JUNK,		/* a malformed line: skipped to its '\n' */
};

struct bs_export {
	bs_jrecord_fn fn;
	void *ctx;
	enum state st;
	char key[KEY_MAX];
	size_t key_len;
	enum field cur;
	unsigned char len_bytes[8];
	int len_have;
	uint64_t bin_left;
	char *val[F_NR];	/* BS_LINE_MAX + 1 bytes each */
	size_t val_len[F_NR];
	bool has[F_NR];
	bool any;		/* the entry has a field */
	uint64_t records, bad;
};

struct bs_export *bs_export_alloc(bs_jrecord_fn fn, void *ctx)
{
	struct bs_export *x = calloc(1, sizeof(*x));

	if (!x)
		return NULL;
	for (int f = 0; f < F_NR; f++) {
		x->val[f] = malloc(BS_LINE_MAX + 1);
		if (!x->val[f]) {
			bs_export_free(x);
			errno = ENOMEM;
			return NULL;
		}
	}
	x->fn = fn;
	x->ctx = ctx;
	return x;
}

static bool parse_usec(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;

	if (!n || n > 19)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return true;
}

/* The entry is complete: hand it out and start the next. */
static void emit(struct bs_export *x)
{
	struct bs_jrecord r = { 0 };

	if (x->any) {
		r.has_msg = x->has[F_MESSAGE];
		r.msg = x->val[F_MESSAGE];
		r.msg_len = x->val_len[F_MESSAGE];
		r.has_mono = x->has[F_MONO] && parse_usec(x->val[F_MONO], x->val_len[F_MONO], &r.mono_usec);
		r.has_real = x->has[F_REAL] && parse_usec(x->val[F_REAL], x->val_len[F_REAL], &r.real_usec);
		for (int f = F_HOST; f <= F_TRANSPORT; f++)
			x->val[f][x->val_len[f]] = '\0';
		r.host = x->has[F_HOST] ? x->val[F_HOST] : NULL;
		r.transport = x->has[F_TRANSPORT] ? x->val[F_TRANSPORT] : NULL;
		x->records++;
		x->fn(&r, x->ctx);
	}
	memset(x->has, 0, sizeof(x->has));
	memset(x->val_len, 0, sizeof(x->val_len));
	x->any = false;
}

/* The field named by x->key starts: keep it if wanted (a field set twice keeps its first value). */
static void field_start(struct bs_export *x)
{
	x->cur = F_NONE;
	x->any = true;
	for (int f = 0; f < F_NR; f++) {
		if (strlen(field_names[f]) == x->key_len && !memcmp(field_names[f], x->key, x->key_len)) {
			if (!x->has[f]) {
				x->cur = (enum field)f;
				x->has[f] = true;
				x->val_len[f] = 0;
			}
			break;
		}
	}
}

static void value_byte(struct bs_export *x, char c)
{
	if (x->cur != F_NONE && x->val_len[x->cur] < BS_LINE_MAX)
		x->val[x->cur][x->val_len[x->cur]++] = c;
}

static bool key_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static void step(struct bs_export *x, char c)
{
	switch (x->st) {
	case S_KEY:
		if (c == '\n' && !x->key_len) {
			emit(x);			/* the empty line ends the entry */
		} else if (c == '=' && x->key_len) {
			field_start(x);
			x->st = S_TEXT;
		} else if (c == '\n') {
			field_start(x);
			x->len_have = 0;
			x->st = S_LEN;
			x->key_len = 0;
			return;
		} else if (key_char(c) && x->key_len < KEY_MAX) {
			x->key[x->key_len++] = c;
			return;
		} else {
			x->bad++;
			x->st = S_JUNK;
		}
		x->key_len = 0;
		return;
	case S_TEXT:
		if (c == '\n')
			x->st = S_KEY;
		else
			value_byte(x, c);
		return;
	case S_LEN:
		x->len_bytes[x->len_have++] = (unsigned char)c;
		if (x->len_have < 8)
			return;
		x->bin_left = 0;
		for (int i = 7; i >= 0; i--)
			x->bin_left = x->bin_left << 8 | x->len_bytes[i];
		if (x->bin_left > BIN_MAX) {
			x->bad++;
			if (x->cur != F_NONE)
				x->has[x->cur] = false;
			x->st = S_JUNK;
		} else {
			x->st = x->bin_left ? S_BIN : S_BIN_NL;
		}
		return;
	case S_BIN:
		value_byte(x, c);
		if (!--x->bin_left)
			x->st = S_BIN_NL;
		return;
	case S_BIN_NL:
		if (c != '\n') {
			x->bad++;
			x->st = S_JUNK;
			return;
		}
		x->st = S_KEY;
		return;
	case S_JUNK:
		if (c == '\n')
			x->st = S_KEY;
		return;
	}
}

void bs_export_feed(struct bs_export *x, const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		/* the bulk of a binary value needs no look at each byte */
		if (x->st == S_BIN && x->cur == F_NONE && x->bin_left > 1) {
			uint64_t k = x->bin_left - 1;

			if (k > len - i)
				k = len - i;
			x->bin_left -= k;
			i += (size_t)k - 1;
			continue;
		}
		step(x, buf[i]);
	}
}

void bs_export_finish(struct bs_export *x)
{
	if (x->st == S_TEXT || x->st == S_KEY || x->st == S_JUNK)
		emit(x);
	else
		x->bad++;	/* cut inside a binary field: the entry is lost */
	memset(x->has, 0, sizeof(x->has));
	x->any = false;
	x->st = S_KEY;
	x->key_len = 0;
}

void bs_export_stats(const struct bs_export *x, uint64_t *records, uint64_t *bad)
{
	*records = x->records;
	*bad = x->bad;
}

void bs_export_free(struct bs_export *x)
{
	if (!x)
		return;
	for (int f = 0; f < F_NR; f++)
		free(x->val[f]);
	free(x);
}
