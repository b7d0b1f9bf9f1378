/* SPDX-License-Identifier: MIT */
/*
 * linereader_internal.h - what the files of the line reader share
 * (logline.h is its public face): the reader's state, a cleaned piece of
 * a line, a parsed stamp, and the functions one file calls in another.
 * Not for use outside lib/input/.
 * Each function says what it promises where it is defined.
 */
#ifndef BS_INPUT_LINEREADER_INTERNAL_H
#define BS_INPUT_LINEREADER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input/logline.h"

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


struct stamp {
	int year;		/* 0: the stamp has none */
	int mon, day, hour, min, sec;
	bool has_zone;
	int zone;		/* seconds east of UTC */
};


enum tag_kind {
	TAG_NONE,		/* no "tag:" found */
	TAG_KERNEL,
	TAG_OTHER,
};


enum verdict {
	DELIVER,
	SKIP,
};

/* line_scan.c: physical lines and their cleaning */
size_t lr_clean_piece(const char *in, size_t n, char *out, bool *binary);
const char *lr_find_eol(const char *p, const char *end, unsigned int *bits);
bool lr_scan_spaces(const char *s, size_t n);
unsigned int lr_scan(const char *p, size_t n);

/* stamps.c: stamps, hosts and tags of the wrappers */
bool lr_parse_unix_stamp(const char *s, size_t n, size_t *pi, struct bs_line *l);
void lr_set_wall(struct bs_linereader *r, struct bs_line *l, const struct stamp *t);
bool lr_parse_iso_stamp(const char *s, size_t n, size_t *pi, struct stamp *t, bool *comma);
void lr_parse_caller(const char *s, size_t n, size_t *pi, struct bs_line *l);
int lr_digits(const char *p, size_t avail, size_t k);
bool lr_parse_mono(const char *s, size_t n, size_t *pi, struct bs_line *l);
bool lr_is_journal_separator(const char *s, size_t n);
bool lr_parse_ctime_stamp(const char *s, size_t n, size_t *pi, struct stamp *t);
bool lr_parse_full_stamp(const char *s, size_t n, size_t *pi, struct stamp *t);
bool lr_parse_kmsg(const char *s, size_t n, size_t *pi, struct bs_line *l);
void lr_journal_header_year(struct bs_linereader *r, const char *s, size_t n);
size_t lr_parse_inner(const char *s, size_t n, size_t i, struct bs_line *l);
bool lr_is_kmsg_dict(const char *s, size_t n);
enum tag_kind lr_parse_host_tag(const char *s, size_t n, size_t *pi, int *tok);
size_t lr_syslog_rest(const char *s, size_t n, size_t i, struct bs_line *l, bool tagless_kernel);
bool lr_parse_decode_prefix(const char *s, size_t n, size_t *pi, struct bs_line *l);
bool lr_parse_bsd_stamp(const char *s, size_t n, size_t *pi, struct stamp *t);

/* wrappers.c: which wrapper a line has, and its escapes */
size_t lr_unescape(const char *in, size_t n, char *out, bool kmsg);
bool lr_has_hash_escape(const char *p, size_t n);
enum verdict lr_parse_wrapper(struct bs_linereader *r, const char *s, size_t n,
				  struct bs_line *l, size_t *off, bool *kmsg_esc);

/* needle_search.c: the needle filter */
const char *lr_find_needle(struct bs_linereader *r, const char *p, const char *end);
uint64_t lr_count_lf(const char *p, size_t n);

#endif
