// SPDX-License-Identifier: MIT
/*
 * detect.c - what a stream holds, from its first bytes: the magic of a
 * compressor or of a journal file, then the shape of the records.  File
 * names are never asked: logrotate names a gzip'd log kern.log.2.gz, but a
 * copy of it mailed or uploaded is called anything.
 */
#include "input.h"

#include <string.h>

enum bs_input_codec bs_input_detect_codec(const void *buf, size_t len)
{
	const unsigned char *b = buf;

	if (len >= 2 && b[0] == 0x1f && b[1] == 0x8b)
		return BS_CODEC_GZIP;
	if (len >= 6 && !memcmp(b, "\xfd" "7zXZ\0", 6))
		return BS_CODEC_XZ;
	if (len >= 4 && !memcmp(b, "\x28\xb5\x2f\xfd", 4))
		return BS_CODEC_ZSTD;
	/* "BZh" then the block size '1'..'9' then a block or end-of-stream magic */
	if (len >= 10 && !memcmp(b, "BZh", 3) && b[3] >= '1' && b[3] <= '9' &&
	    (!memcmp(b + 4, "\x31\x41\x59\x26\x53\x59", 6) || !memcmp(b + 4, "\x17\x72\x45\x38\x50\x90", 6)))
		return BS_CODEC_BZIP2;
	return BS_CODEC_NONE;
}

/* A journal field name: upper-case letters, digits and '_', not starting with a digit. */
static bool field_name(const char *p, size_t n)
{
	if (!n || n > 64 || (p[0] >= '0' && p[0] <= '9'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '_'))
			return false;
	return true;
}

/*
 * Export format: every line of the first record is "FIELD=value" or a bare
 * "FIELD" (a binary field follows), and journalctl starts each record with
 * __CURSOR=, __SEQNUM= or __REALTIME_TIMESTAMP=.  Two field lines in a row
 * are asked for so that a log that starts with one "KEY=value" line is text.
 */
static bool is_export(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	int fields = 0;

	while (p < end && fields < 2) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eq;
		size_t n;

		if (!nl)
			break;
		n = (size_t)(nl - p);
		eq = memchr(p, '=', n);
		if (!field_name(p, eq ? (size_t)(eq - p) : n))
			return false;
		if (!eq)
			return fields > 0 || !memcmp(p, "MESSAGE", n > 7 ? 7 : n);
		if (!fields && strncmp(p, "__", 2) && strncmp(p, "_", 1) && strncmp(p, "MESSAGE=", 8) &&
		    strncmp(p, "PRIORITY=", 9))
			return false;
		fields++;
		p = nl + 1;
	}
	return fields >= 2;
}

/* Past blank space and journalctl's "-- Journal begins at ..." / "-- No entries --" lines. */
static const char *skip_preamble(const char *p, const char *end)
{
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
			p++;
		if (end - p >= 3 && !memcmp(p, "-- ", 3)) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));

			if (!nl)
				return end;
			p = nl + 1;
			continue;
		}
		return p;
	}
}

/* journalctl -o verbose opens every entry with "Day YYYY-MM-DD HH:MM:SS.uuuuuu TZ [s=...;i=...;b=...;m=...;t=...;x=...]". */
static bool is_verbose(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
	const char *s = memmem(p, n, " [s=", 4);

	return s && memmem(s, n - (size_t)(s - p), ";m=", 3) && memmem(s, n - (size_t)(s - p), ";t=", 3) &&
	       nl && nl + 5 < end && !memcmp(nl + 1, "    ", 4);
}

/* Mostly text: no NUL, and at most one byte in 32 a control byte other than tab, CR, LF, ESC, FF. */
static bool is_text(const char *buf, size_t len)
{
	size_t bad = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (!c)
			return false;
		if (c < 0x20 && c != '\t' && c != '\r' && c != '\n' && c != 0x1b && c != '\f')
			bad++;
	}
	return bad * 32 <= len;
}

enum bs_input_format bs_input_detect_format(const char *buf, size_t len)
{
	const char *end = buf + len, *p;

	if (len >= 8 && !memcmp(buf, "LPKSHHRH", 8))
		return BS_FORMAT_JOURNAL;
	p = skip_preamble(buf, end);
	if (p < end && *p == 0x1e)
		return BS_FORMAT_JSON;		/* json-seq: RFC 7464 record separator */
	if (p < end && *p == '{') {
		const char *q = p + 1;

		while (q < end && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'))
			q++;
		if (end - q >= 7 && !memcmp(q, "\"dmesg\"", 7))
			return BS_FORMAT_DMESG_JSON;
		if (q < end && *q == '"')
			return BS_FORMAT_JSON;
	}
	if (is_export(p, (size_t)(end - p)))
		return BS_FORMAT_EXPORT;
	if (p < end && is_verbose(p, end))
		return BS_FORMAT_VERBOSE;
	/* export's binary fields hold NULs: asked before the text test */
	return is_text(buf, len) ? BS_FORMAT_TEXT : BS_FORMAT_BINARY;
}

const char *bs_input_codec_name(enum bs_input_codec c)
{
	static const char *const names[BS_CODEC_NR] = {
		[BS_CODEC_NONE] = "none",
		[BS_CODEC_GZIP] = "gzip",
		[BS_CODEC_XZ] = "xz",
		[BS_CODEC_ZSTD] = "zstd",
		[BS_CODEC_BZIP2] = "bzip2",
	};

	return (unsigned)c < BS_CODEC_NR ? names[c] : "?";
}

const char *bs_input_format_name(enum bs_input_format f)
{
	static const char *const names[BS_FORMAT_NR] = {
		[BS_FORMAT_TEXT] = "text",
		[BS_FORMAT_JSON] = "json",
		[BS_FORMAT_DMESG_JSON] = "dmesg-json",
		[BS_FORMAT_EXPORT] = "export",
		[BS_FORMAT_VERBOSE] = "verbose",
		[BS_FORMAT_JOURNAL] = "journal",
		[BS_FORMAT_BINARY] = "binary",
	};

	return (unsigned)f < BS_FORMAT_NR ? names[f] : "?";
}
