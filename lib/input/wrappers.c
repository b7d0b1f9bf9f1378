// SPDX-License-Identifier: MIT
/*
 * wrappers.c - the line reader's third layer: the first byte of a line
 * picks the few wrappers it can be (stamps.c parses each), and what is
 * left is the kernel message; rsyslog "#ooo" and /dev/kmsg "\xNN"
 * escapes in it are decoded here.
 */
#include <stdlib.h>
#include <string.h>

#include "input/linereader_internal.h"


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
	/* the host lies in this line's bytes: keep a copy for the further lines */
	if (l->host) {
		size_t n = l->host_len < sizeof(r->prev_host) ? l->host_len : sizeof(r->prev_host) - 1;

		memcpy(r->prev_host, l->host, n);
		r->prev.host = r->prev_host;
		r->prev.host_len = n;
	}
}

/*
 * lr_parse_wrapper - find the message inside @s[0..@n)
 *
 * Fills the stamps of @l and sets *@off to where the message starts.  A
 * line that matches no wrapper is a message as it stands, a kernel one
 * (raw dmesg without stamps, journalctl -o cat).
 */
enum verdict lr_parse_wrapper(struct bs_linereader *r, const char *s, size_t n,
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
	} else if (s[0] >= 'a' && s[0] <= 'z' && lr_parse_decode_prefix(s, n, &i, l) && i == n) {
		*off = i;
		return DELIVER;
	}

	switch (s[i]) {
	case '[':
		j = i;
		if (lr_parse_mono(s, n, &j, l)) {
			size_t h;
			int tok;

			lr_parse_caller(s, n, &j, l);
			/* journalctl short-monotonic: "[  12.3] host kernel: msg" */
			h = j;
			if (lr_parse_host_tag(s, n, &h, &tok) == TAG_KERNEL && tok == 1)
				j = lr_parse_inner(s, n, h, l);
			*off = j;
			return DELIVER;
		}
		j = i;
		if (lr_parse_ctime_stamp(s, n, &j, &t)) {
			lr_set_wall(r, l, &t);
			lr_parse_caller(s, n, &j, l);
			*off = j;
			return DELIVER;
		}
		break;
	case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		j = i;
		if (lr_parse_kmsg(s, n, &j, l)) {
			r->in_kmsg = true;
			*kmsg_esc = true;
			*off = j;
			return DELIVER;
		}
		j = i;
		if (lr_parse_iso_stamp(s, n, &j, &t, &comma)) {
			lr_set_wall(r, l, &t);
			/* dmesg's iso stamps are followed by the message itself */
			if (comma)
				lr_parse_caller(s, n, &j, l);
			else
				j = lr_syslog_rest(s, n, j, l, true);
			*off = j;
			remember(r, l, j);
			return DELIVER;
		}
		j = i;
		if (lr_parse_unix_stamp(s, n, &j, l)) {
			*off = j;
			remember(r, l, j);
			return DELIVER;
		}
		break;
	case ' ':
		if (was_kmsg && lr_is_kmsg_dict(s + i, n - i)) {
			r->in_kmsg = true;
			return SKIP;
		}
		/*
		 * journalctl short*: "Apr 29 21:54:31 host kernel: Mem-Info:"
		 * then "                             active_file:..." for the
		 * further lines of the same record, which share its stamps.
		 */
		if (indent && i == 0 && n > indent && s[indent - 1] == ' ' &&
		    lr_scan_spaces(s, indent)) {
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
			*off = lr_parse_inner(s, n, i + 8, l);
			return DELIVER;
		}
		break;
	case '-':
		if (i == 0 && lr_is_journal_separator(s, n)) {
			lr_journal_header_year(r, s, n);
			return SKIP;
		}
		break;
	default:
		if (!is_upper(s[i]))
			break;
		j = i;
		/* the parsers move j only on success */
		if (lr_parse_bsd_stamp(s, n, &j, &t) || lr_parse_full_stamp(s, n, &j, &t)) {
			lr_set_wall(r, l, &t);
			*off = lr_syslog_rest(s, n, j, l, false);
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
 * rsyslog writes control characters as '#' and three octal lr_digits
 * ("#012" newline, "#011" tab); only values below 040 are escapes.
 */
static inline bool is_hash_escape(const char *p, size_t avail)
{
	return avail >= 4 && p[0] == '#' && p[1] == '0' && (unsigned char)(p[2] - '0') < 4 &&
	       is_oct(p[3]);
}

bool lr_has_hash_escape(const char *p, size_t n)
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
 * lr_unescape - decode "#ooo" (rsyslog) or "\xNN" (/dev/kmsg, which escapes
 * every byte below ' ', from 127 up, and '\') into @out; RETURN VALUE: the
 * length, never more than @n.
 */
size_t lr_unescape(const char *in, size_t n, char *out, bool kmsg)
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
