// SPDX-License-Identifier: MIT
/*
 * verbose.c - lines in, entries out: the line is assembled across chunks
 * (cut at BS_LINE_MAX), then read as a header, a field or a continuation.
 */
#include "verbose.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct bs_verbose {
	bs_jrecord_fn fn;
	void *ctx;
	char *line;		/* BS_LINE_MAX bytes */
	size_t line_len;
	char *msg;		/* BS_LINE_MAX bytes */
	size_t msg_len;
	size_t msg_indent;	/* 4 + strlen("MESSAGE=") while MESSAGE may go on */
	bool in_msg, has_msg, in_entry;
	bool has_mono, has_real;
	uint64_t mono, real;
	char host[256], transport[64];
	uint64_t records, bad;
};

struct bs_verbose *bs_verbose_alloc(bs_jrecord_fn fn, void *ctx)
{
	struct bs_verbose *v = calloc(1, sizeof(*v));

	if (!v || !(v->line = malloc(BS_LINE_MAX)) || !(v->msg = malloc(BS_LINE_MAX))) {
		bs_verbose_free(v);
		errno = ENOMEM;
		return NULL;
	}
	v->fn = fn;
	v->ctx = ctx;
	return v;
}

static void emit(struct bs_verbose *v)
{
	struct bs_jrecord r = { 0 };

	if (v->in_entry) {
		r.has_msg = v->has_msg;
		r.msg = v->msg;
		r.msg_len = v->msg_len;
		r.has_mono = v->has_mono;
		r.mono_usec = v->mono;
		r.has_real = v->has_real;
		r.real_usec = v->real;
		r.host = v->host[0] ? v->host : NULL;
		r.transport = v->transport[0] ? v->transport : NULL;
		v->records++;
		v->fn(&r, v->ctx);
	}
	v->in_entry = v->in_msg = v->has_msg = v->has_mono = v->has_real = false;
	v->msg_len = 0;
	v->host[0] = v->transport[0] = '\0';
}

/* The hexadecimal number after @key ("m=") inside the header's brackets. */
static bool header_hex(const char *p, size_t n, const char *key, uint64_t *out)
{
	const char *b = memmem(p, n, " [s=", 4);
	const char *end = p + n, *k;
	uint64_t val = 0;
	int digits = 0;

	if (!b)
		return false;
	for (k = b; (k = memmem(k, (size_t)(end - k), key, 2)) != NULL; k += 2) {
		if (k[-1] == ';')
			break;
	}
	if (!k)
		return false;
	for (k += 2; k < end && digits < 16; k++, digits++) {
		int d = *k >= '0' && *k <= '9' ? *k - '0' : *k >= 'a' && *k <= 'f' ? *k - 'a' + 10 : -1;

		if (d < 0)
			break;
		val = val << 4 | (uint64_t)d;
	}
	*out = val;
	return digits > 0;
}

static void copy_str(char *dst, size_t cap, const char *src, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Leading spaces of @p, counted up to @max. */
static size_t spaces(const char *p, size_t max)
{
	size_t i = 0;

	while (i < max && p[i] == ' ')
		i++;
	return i;
}

static void take_line(struct bs_verbose *v, const char *p, size_t n)
{
	const char *eq;

	if (n >= 3 && !memcmp(p, "-- ", 3))
		return;		/* "-- Boot ... --", "-- No entries --" */
	if (n && p[0] != ' ') {
		emit(v);
		if (!memmem(p, n, " [s=", 4)) {
			v->bad++;
			return;
		}
		v->in_entry = true;
		v->has_mono = header_hex(p, n, "m=", &v->mono);
		v->has_real = header_hex(p, n, "t=", &v->real);
		return;
	}
	if (!v->in_entry) {
		v->bad += n > 0;
		return;
	}
	/* a line indented past "    MESSAGE=" goes on with the message */
	if (v->in_msg && n >= v->msg_indent && spaces(p, v->msg_indent) == v->msg_indent) {
		size_t k = n - v->msg_indent;

		if (v->msg_len < BS_LINE_MAX)
			v->msg[v->msg_len++] = '\n';
		if (k > BS_LINE_MAX - v->msg_len)
			k = BS_LINE_MAX - v->msg_len;
		memcpy(v->msg + v->msg_len, p + v->msg_indent, k);
		v->msg_len += k;
		return;
	}
	v->in_msg = false;
	if (n < 5 || memcmp(p, "    ", 4) || !(eq = memchr(p + 4, '=', n - 4)))
		return;
	if ((size_t)(eq - p) == 11 && !memcmp(p + 4, "MESSAGE", 7) && !v->has_msg) {
		v->msg_len = n - 12;
		memcpy(v->msg, p + 12, v->msg_len);
		v->has_msg = v->in_msg = true;
		v->msg_indent = 12;
	} else if ((size_t)(eq - p) == 13 && !memcmp(p + 4, "_HOSTNAME", 9)) {
		copy_str(v->host, sizeof(v->host), eq + 1, n - 14);
	} else if ((size_t)(eq - p) == 14 && !memcmp(p + 4, "_TRANSPORT", 10)) {
		copy_str(v->transport, sizeof(v->transport), eq + 1, n - 15);
	}
}

void bs_verbose_feed(struct bs_verbose *v, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p), k = n;

		if (k > BS_LINE_MAX - v->line_len)
			k = BS_LINE_MAX - v->line_len;
		memcpy(v->line + v->line_len, p, k);
		v->line_len += k;
		if (!nl)
			return;
		take_line(v, v->line, v->line_len);
		v->line_len = 0;
		p = nl + 1;
	}
}

void bs_verbose_finish(struct bs_verbose *v)
{
	if (v->line_len)
		take_line(v, v->line, v->line_len);
	v->line_len = 0;
	emit(v);
}

void bs_verbose_stats(const struct bs_verbose *v, uint64_t *records, uint64_t *bad)
{
	*records = v->records;
	*bad = v->bad;
}

void bs_verbose_free(struct bs_verbose *v)
{
	if (!v)
		return;
	free(v->line);
	free(v->msg);
	free(v);
}
