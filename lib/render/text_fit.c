// SPDX-License-Identifier: MIT
/*
 * text_fit.c - folding and colouring of rendered text for a terminal
 * (text_fit.h).  Widths count bytes of UTF-8 lead bytes only, so a
 * multi-byte character is one column.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "render/text_fit.h"

#define RED "\033[1;31m"
#define GREEN "\033[32m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

/* Columns of @n bytes at @s: UTF-8 continuation bytes take none. */
static int columns(const char *s, size_t n)
{
	int c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* Bytes of @s (length @n) that fill at most @cols columns. */
static size_t bytes_for(const char *s, size_t n, int cols)
{
	size_t i = 0;
	int c = 0;

	while (i < n) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && ++c > cols)
			break;
		i++;
	}
	return i;
}

/*
 * Where a folded line's continuation starts: under the value of a
 * "Label:    value" line, after "  - " or "  12. ", else two columns in.
 */
static int hang(const char *s, size_t n)
{
	size_t i = 0, lead;

	while (i < n && s[i] == ' ')
		i++;
	lead = i;
	if (i + 1 < n && s[i] == '-' && s[i + 1] == ' ')
		return (int)i + 2;
	if (i < n && isdigit((unsigned char)s[i])) {
		size_t j = i;

		while (j < n && isdigit((unsigned char)s[j]))
			j++;
		if (j + 1 < n && s[j] == '.' && s[j + 1] == ' ')
			return (int)j + 2;
	}
	/* "Label:  value", "why: value", "warning  value" */
	for (size_t j = i; j < n && j < 24; j++) {
		if (s[j] == ':' && j + 1 < n && s[j + 1] == ' ') {
			size_t k = j + 1;

			while (k < n && s[k] == ' ')
				k++;
			return (int)k;
		}
		if (!isalpha((unsigned char)s[j]) && s[j] != ' ' && s[j] != '_')
			break;
		if (lead == 0 && s[j] == ' ' && j + 1 < n && s[j + 1] == ' ') {
			size_t k = j;

			while (k < n && s[k] == ' ')
				k++;
			return (int)k;
		}
	}
	return (int)lead + 2;
}

static bool word_at(const char *s, size_t n, size_t i, const char *w)
{
	size_t wl = strlen(w);

	return i + wl <= n && !memcmp(s + i, w, wl) && (i == 0 || !isalnum((unsigned char)s[i - 1])) &&
	       (i + wl == n || !isalnum((unsigned char)s[i + wl]));
}

/* The cause after "Verdict:" is bold red, green when nothing failed. */
static bool calm(const char *s, size_t n)
{
	static const char *const ok[] = { "healthy", "none", "no_failure", NULL };

	for (int i = 0; ok[i]; i++)
		if (n == strlen(ok[i]) && !memcmp(s, ok[i], n))
			return true;
	return false;
}

/* One output line: FAIL red, ok green, a verdict's first word bold. */
static void put_colored(const char *s, size_t n, FILE *out)
{
	size_t i = 0;

	if (n > 11 && !memcmp(s, "Verdict:   ", 11)) {
		size_t e = 11;

		while (e < n && s[e] != ' ')
			e++;
		fwrite(s, 1, 11, out);
		fputs(calm(s + 11, e - 11) ? GREEN BOLD : RED, out);
		fwrite(s + 11, 1, e - 11, out);
		fputs(RESET, out);
		i = e;
	} else if (n > 9 && !memcmp(s, "verdict  ", 9)) {
		fwrite(s, 1, 9, out);
		fputs(BOLD, out);
		fwrite(s + 9, 1, n - 9, out);
		fputs(RESET, out);
		return;
	}
	while (i < n) {
		if (word_at(s, n, i, "FAIL")) {
			fputs(RED "FAIL" RESET, out);
			i += 4;
		} else if (word_at(s, n, i, "ok")) {
			fputs(GREEN "ok" RESET, out);
			i += 2;
		} else {
			fputc(s[i++], out);
		}
	}
}

static void put_line(const char *s, size_t n, const struct bs_text_fit *fit, FILE *out)
{
	if (fit->color)
		put_colored(s, n, out);
	else
		fwrite(s, 1, n, out);
	fputc('\n', out);
}

/* Fold one line (no newline) to @fit->width. */
static void fold(const char *s, size_t n, const struct bs_text_fit *fit, FILE *out)
{
	int w = fit->width, indent = hang(s, n);
	bool first = true;
	char pad[64];

	if (indent > w / 2)
		indent = w / 2 < (int)sizeof(pad) - 1 ? w / 2 : (int)sizeof(pad) - 1;
	memset(pad, ' ', (size_t)indent);
	pad[indent] = '\0';
	while (n) {
		int room = first ? w : w - indent;
		size_t take, cut;

		if (columns(s, n) <= room) {
			take = n;
		} else {
			/* the last space that keeps the piece within the room, else a hard cut */
			cut = bytes_for(s, n, room);
			take = cut;
			while (take > 0 && s[take] != ' ')
				take--;
			while (take > 0 && s[take - 1] == ' ')
				take--;
			if (take == 0 || (!first && take == 0))
				take = cut;
		}
		if (!first)
			fputs(pad, out);
		put_line(s, take, fit, out);
		s += take;
		n -= take;
		while (n && *s == ' ') {
			s++;
			n--;
		}
		first = false;
	}
}

/*
 * A table row: three runs of 2+ spaces after its indentation (aligned
 * columns; prose has at most its label's).  Folding one would scatter its
 * columns; it is written whole, wide as it is.
 */
static bool table_row(const char *s, size_t n)
{
	int runs = 0;

	for (size_t i = 1; i + 1 < n; i++)
		if (s[i] == ' ' && s[i + 1] == ' ' && s[i - 1] != ' ')
			runs++;
	return runs >= 3;
}

int bs_text_fit_write(const char *text, size_t len, const struct bs_text_fit *fit, FILE *out)
{
	const char *p = text, *end = text + len;

	if (!fit || (!fit->width && !fit->color)) {
		fwrite(text, 1, len, out);
		return ferror(out) ? -1 : 0;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (fit->width > 16 && columns(p, n) > fit->width && !table_row(p, n))
			fold(p, n, fit, out);
		else if (n || nl)
			put_line(p, n, fit, out);
		p += n + (nl != NULL);
	}
	return ferror(out) ? -1 : 0;
}

FILE *bs_text_fit_begin(struct bs_text_buf *b)
{
	b->text = NULL;
	b->len = 0;
	b->f = open_memstream(&b->text, &b->len);
	return b->f;
}

int bs_text_fit_end(struct bs_text_buf *b, const struct bs_text_fit *fit, FILE *out)
{
	int rc = fclose(b->f) ? -1 : 0;

	b->f = NULL;
	if (!rc)
		rc = bs_text_fit_write(b->text, b->len, fit, out);
	free(b->text);
	b->text = NULL;
	return rc;
}
