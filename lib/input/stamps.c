// SPDX-License-Identifier: MIT
/*
 * stamps.c - the stamps and prefixes of the wrappers a kernel message
 * comes in: dmesg "[ 1.2]" and printk caller ids, syslog "Mon DD hh:mm:ss
 * host tag:", RFC 3339 and ISO stamps, ctime (dmesg -T), /dev/kmsg
 * records, journalctl headers and separators, Unix-time stamps; and the
 * calendar that turns them into wall-clock seconds (with the year guess
 * for stamps that carry none).
 */
#include <stdlib.h>
#include <string.h>

#include "input/linereader_internal.h"


/*
 * Time
 */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned int m, unsigned int d)
{
	int64_t era;
	unsigned int yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned int)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}


/* "Jan".."Dec" at @p -> 1..12, else 0. */
static int month_of(const char *p)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int m;

	if (!is_upper(p[0]))
		return 0;
	for (m = 0; m < 12; m++)
		if (names[3 * m] == p[0] && names[3 * m + 1] == p[1] && names[3 * m + 2] == p[2])
			return m + 1;
	return 0;
}

/* Exactly @k lr_digits at @p; -1 if not. */
int lr_digits(const char *p, size_t avail, size_t k)
{
	int v = 0;
	size_t i;

	if (avail < k)
		return -1;
	for (i = 0; i < k; i++) {
		if (!is_digit(p[i]))
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

/* "hh:mm:ss" at @p; false if not. */
static bool parse_hms(const char *p, size_t avail, struct stamp *t)
{
	if (avail < 8 || p[2] != ':' || p[5] != ':')
		return false;
	t->hour = lr_digits(p, 2, 2);
	t->min = lr_digits(p + 3, 2, 2);
	t->sec = lr_digits(p + 6, 2, 2);
	return t->hour >= 0 && t->hour < 24 && t->min >= 0 && t->min < 60 &&
	       t->sec >= 0 && t->sec <= 60;
}

/* Skip ".123456" or ",123456" (fractions are not kept in wall); new offset. */
static size_t skip_frac(const char *s, size_t i, size_t n, char sep)
{
	if (i + 1 < n && s[i] == sep && is_digit(s[i + 1])) {
		i++;
		while (i < n && is_digit(s[i]))
			i++;
	}
	return i;
}

/*
 * year_for - the year of a stamp that has none, and the guess advanced
 *
 * Worked example, year set to 2022: "Dec 31" -> 2022, "Jan 1" (back 11
 * months, >= 6) -> 2023, "Dec 31" straggler (ahead 11 months, >= 10) ->
 * 2022 again without moving the guess, "Jan 1" -> 2023.
 */
static int year_for(struct bs_linereader *r, int mon)
{
	if (r->last_month == 0) {
		r->last_month = mon;
	} else if (mon + 6 <= r->last_month) {
		r->year++;
		r->last_month = mon;
	} else if (mon >= r->last_month + 10) {
		return r->year - 1;
	} else {
		r->last_month = mon;
	}
	return r->year;
}

void lr_set_wall(struct bs_linereader *r, struct bs_line *l, const struct stamp *t)
{
	int year = t->year, key;
	int64_t v;

	if (year) {
		/* a dated stamp is better than any guess */
		r->year = year;
		r->year_known = true;
		r->year_from_caller = false;
		r->last_month = t->mon;
	} else {
		year = year_for(r, t->mon);
		l->wall_no_year = !r->year_known;
		l->year_from_caller = r->year_known && r->year_from_caller;
	}
	key = year * 512 + t->mon * 32 + t->day;
	if (key != r->day_key) {
		r->day_key = key;
		r->day_num = days_from_civil(year, (unsigned int)t->mon, (unsigned int)t->day);
	}
	v = r->day_num * 86400 + t->hour * 3600 + t->min * 60 + t->sec;
	if (t->has_zone)
		v -= t->zone;
	l->wall = v;
	l->has_wall = true;
	l->wall_utc = t->has_zone;
}

/*
 * Wrappers
 */

/*
 * lr_parse_mono - "[  123.456789]" at @s[*@i], also dmesg -d's
 * "[  123.456789 <    0.000012>]"; on success *@i is past the ']' and one
 * following space.
 */
bool lr_parse_mono(const char *s, size_t n, size_t *pi, struct bs_line *l)
{
	static const double scale[] = {
		1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9,
	};
	size_t i = *pi + 1, k;
	uint64_t ip = 0, fp = 0;

	if (i >= n || s[*pi] != '[')
		return false;
	while (i < n && s[i] == ' ')
		i++;
	for (k = 0; i < n && is_digit(s[i]) && k < 12; i++, k++)
		ip = ip * 10 + (uint64_t)(s[i] - '0');
	if (k == 0 || i >= n || s[i] != '.')
		return false;
	i++;
	for (k = 0; i < n && is_digit(s[i]) && k < 9; i++, k++)
		fp = fp * 10 + (uint64_t)(s[i] - '0');
	if (k == 0)
		return false;
	if (i < n && s[i] == ' ' && i + 1 < n && s[i + 1] == '<') {
		const char *gt = memchr(s + i, '>', n - i);

		if (!gt || gt - s > (ptrdiff_t)i + 24)
			return false;
		i = (size_t)(gt - s) + 1;
	}
	if (i >= n || s[i] != ']')
		return false;
	i++;
	if (i < n && s[i] == ' ')
		i++;
	l->mono = (double)ip + (double)fp * scale[k];
	l->has_mono = true;
	*pi = i;
	return true;
}

/* "T1234" or "C3" at @s[*@i] up to @n; on success *@i is past it. */
static bool parse_caller_id(const char *s, size_t n, size_t *pi, struct bs_line *l)
{
	size_t i = *pi, k;
	int v = 0;
	char kind;

	if (i >= n || (s[i] != 'T' && s[i] != 'C'))
		return false;
	kind = s[i++];
	for (k = 0; i < n && is_digit(s[i]) && k < 9; i++, k++)
		v = v * 10 + (s[i] - '0');
	if (k == 0)
		return false;
	if (kind == 'T')
		l->caller_tid = v;
	else
		l->caller_cpu = v;
	*pi = i;
	return true;
}

/*
 * lr_parse_caller - the printk caller id of CONFIG_PRINTK_CALLER: the kernel
 * prints "[  T1234]" right after the stamp, dmesg(1) "[T1234]" after a
 * space; "[C3]" when the message came from a context without a task.
 */
void lr_parse_caller(const char *s, size_t n, size_t *pi, struct bs_line *l)
{
	struct bs_line tmp = *l;
	size_t i = *pi;

	if (i >= n || s[i] != '[')
		return;
	i++;
	while (i < n && s[i] == ' ')
		i++;
	/* parse into a copy: "[T12x]" is a message, not a caller */
	if (!parse_caller_id(s, n, &i, &tmp) || i >= n || s[i] != ']')
		return;
	i++;
	if (i < n && s[i] == ' ')
		i++;
	l->caller_tid = tmp.caller_tid;
	l->caller_cpu = tmp.caller_cpu;
	*pi = i;
}

/* The stamp and caller a kernel message may start with inside syslog. */
size_t lr_parse_inner(const char *s, size_t n, size_t i, struct bs_line *l)
{
	if (i < n && s[i] == '[' && lr_parse_mono(s, n, &i, l))
		lr_parse_caller(s, n, &i, l);
	return i;
}


/* Is @s[0..@n) "kernel", perhaps with a "[0]" pid? */
static bool tag_is_kernel(const char *s, size_t n)
{
	return n >= 6 && memcmp(s, "kernel", 6) == 0 && (n == 6 || s[6] == '[');
}

/*
 * lr_parse_host_tag - "host tag: msg" after a syslog stamp
 *
 * The tag is the first of the next tokens that ends in ':': the first token
 * when the host is missing (busybox without -h), the second normally
 * ("host kernel:", "host sshd[123]:"), the third when busybox logs the
 * facility too ("host kern.warn kernel:").  *@i ends at the message, after
 * one space; *@tok (if not NULL) says which token was the tag.
 */
enum tag_kind lr_parse_host_tag(const char *s, size_t n, size_t *pi, int *tok)
{
	size_t i = *pi, start[3];
	int t;

	for (t = 0; t < 3 && i < n; t++) {
		size_t e = i;

		/* tokens are short: a loop beats a memchr() call here */
		while (e < n && s[e] != ' ')
			e++;
		start[t] = i;
		if (e > i && s[e - 1] == ':') {
			enum tag_kind k = tag_is_kernel(s + i, e - 1 - i) ? TAG_KERNEL : TAG_OTHER;

			/* a third token only after "facility.level" */
			if (t == 2 && !memchr(s + start[1], '.', start[2] - start[1]))
				return TAG_NONE;
			*pi = e < n ? e + 1 : n;
			if (tok)
				*tok = t;
			return k;
		}
		i = e + 1;
	}
	return TAG_NONE;
}

/* After a syslog-style stamp at @i: tag, inner stamp, message. */
size_t lr_syslog_rest(const char *s, size_t n, size_t i, struct bs_line *l, bool tagless_kernel)
{
	size_t j = i;
	int tok = 0;
	enum tag_kind k = lr_parse_host_tag(s, n, &j, &tok);

	/* a tag after the first token: the first is the host */
	if (k != TAG_NONE && tok >= 1) {
		const char *e = memchr(s + i, ' ', n - i);

		l->host = s + i;
		l->host_len = e ? (size_t)(e - (s + i)) : 0;
	}
	switch (k) {
	case TAG_KERNEL:
		l->kernel = true;
		return lr_parse_inner(s, n, j, l);
	case TAG_OTHER:
		l->kernel = false;
		return j;
	case TAG_NONE:
		break;
	}
	l->kernel = tagless_kernel;
	return i;
}

/*
 * "Apr 29 21:54:31[.123456] " (syslog, journalctl short and short-precise);
 * the day may be space-padded ("Apr  3", RFC 3164) or not ("Apr 3", as
 * some relays and hand-made excerpts write it).
 */
bool lr_parse_bsd_stamp(const char *s, size_t n, size_t *pi, struct stamp *t)
{
	size_t i = *pi, d = 0;	/* d: 1 when the day takes one column, not two */

	if (n - i < 15 || s[i + 3] != ' ')
		return false;
	t->mon = month_of(s + i);
	if (!t->mon)
		return false;
	if (s[i + 4] == ' ' && is_digit(s[i + 5])) {
		t->day = s[i + 5] - '0';
	} else if (is_digit(s[i + 4]) && s[i + 5] == ' ') {
		t->day = s[i + 4] - '0';
		d = 1;
	} else {
		t->day = lr_digits(s + i + 4, 2, 2);
	}
	if (n - i < 16 - d || s[i + 6 - d] != ' ')
		return false;
	if (t->day < 1 || t->day > 31 || !parse_hms(s + i + 7 - d, n - i - 7 + d, t))
		return false;
	i = skip_frac(s, i + 15 - d, n, '.');
	if (i >= n || s[i] != ' ')
		return false;
	*pi = i + 1;
	return true;
}

/* "YYYY-MM-DD" at @s[@i]. */
static bool parse_date(const char *s, size_t n, size_t i, struct stamp *t)
{
	if (n - i < 10 || s[i + 4] != '-' || s[i + 7] != '-')
		return false;
	t->year = lr_digits(s + i, 4, 4);
	t->mon = lr_digits(s + i + 5, 2, 2);
	t->day = lr_digits(s + i + 8, 2, 2);
	return t->year > 0 && t->mon >= 1 && t->mon <= 12 && t->day >= 1 && t->day <= 31;
}

/*
 * "2023-04-29T21:54:31[.123456](Z|+08:00|+0800) " - RFC 3339 (rsyslog),
 * journalctl short-iso and short-iso-precise, and dmesg --time-format=iso,
 * which uses ',' before the fraction.
 */
bool lr_parse_iso_stamp(const char *s, size_t n, size_t *pi, struct stamp *t, bool *comma)
{
	size_t i = *pi;

	if (!parse_date(s, n, i, t) || n - i < 20 || s[i + 10] != 'T' ||
	    !parse_hms(s + i + 11, n - i - 11, t))
		return false;
	i += 19;
	*comma = i < n && s[i] == ',';
	i = skip_frac(s, i, n, *comma ? ',' : '.');
	if (i < n && s[i] == 'Z') {
		t->has_zone = true;
		t->zone = 0;
		i++;
	} else if (i < n && (s[i] == '+' || s[i] == '-')) {
		int sign = s[i] == '-' ? -1 : 1, hh, mm;

		hh = lr_digits(s + i + 1, n - i - 1, 2);
		if (hh < 0)
			return false;
		i += 3;
		if (i < n && s[i] == ':')
			i++;
		mm = lr_digits(s + i, n - i, 2);
		if (mm < 0 || hh > 23 || mm > 59)
			return false;
		i += 2;
		t->has_zone = true;
		t->zone = sign * (hh * 3600 + mm * 60);
	}
	if (i >= n || s[i] != ' ')
		return false;
	*pi = i + 1;
	return true;
}

/*
 * "[Sat Apr 29 21:54:31 2023]" (dmesg -T).  The day is space-padded
 * ("Apr  1"); the day-of-week name is not checked beyond being letters.
 */
bool lr_parse_ctime_stamp(const char *s, size_t n, size_t *pi, struct stamp *t)
{
	size_t i = *pi, j;
	/* a German locale writes two-letter day names: "[Di Aug 12 03:54:03 2025]" */
	size_t w = n - i > 4 && s[i + 3] == ' ' ? 1 : 0;

	if (n - i < 26 - w || s[i] != '[' || !is_alpha(s[i + 1]) || s[i + 4 - w] != ' ' ||
	    s[i + 20 - w] != ' ' || s[i + 25 - w] != ']')
		return false;
	i++;
	j = i + 4 - w;
	if (!lr_parse_bsd_stamp(s, n, &j, t))
		return false;
	t->year = lr_digits(s + i + 20 - w, 4, 4);
	if (t->year <= 0)
		return false;
	i += 25 - w;
	if (i < n && s[i] == ' ')
		i++;
	*pi = i;
	return true;
}

/*
 * "Sat 2023-04-29 21:54:31[.123456] CST host kernel: " (journalctl
 * short-full).  Only UTC and GMT are zones we can convert; other names are
 * ambiguous (CST is three zones), so wall stays local then.
 */
bool lr_parse_full_stamp(const char *s, size_t n, size_t *pi, struct stamp *t)
{
	size_t i = *pi;
	const char *sp;

	if (n - i < 25 || s[i + 3] != ' ' || !parse_date(s, n, i + 4, t) ||
	    s[i + 14] != ' ' || !parse_hms(s + i + 15, n - i - 15, t))
		return false;
	i = skip_frac(s, i + 23, n, '.');
	if (i >= n || s[i] != ' ')
		return false;
	i++;
	sp = memchr(s + i, ' ', n - i);
	if (!sp)
		return false;
	if ((sp - (s + i) == 3 && (!memcmp(s + i, "UTC", 3) || !memcmp(s + i, "GMT", 3)))) {
		t->has_zone = true;
		t->zone = 0;
	}
	*pi = (size_t)(sp - s) + 1;
	return true;
}

/*
 * /dev/kmsg: "6,1234,5678901,-[,caller=T12];msg" - prio (facility * 8 +
 * level), sequence, microseconds since boot, flags, then optional fields
 * up to ';'.
 */
bool lr_parse_kmsg(const char *s, size_t n, size_t *pi, struct bs_line *l)
{
	size_t i = *pi, field, k;
	uint64_t v[3] = { 0, 0, 0 };
	const char *semi;

	for (field = 0; field < 3; field++) {
		/* saturate: 20 lr_digits can pass UINT64_MAX and wrap to a small prio */
		for (k = 0; i < n && is_digit(s[i]) && k < 20; i++, k++)
			v[field] = v[field] > (UINT64_MAX - 9) / 10 ? UINT64_MAX
				   : v[field] * 10 + (uint64_t)(s[i] - '0');
		if (k == 0 || i >= n || s[i] != ',')
			return false;
		i++;
	}
	if (v[0] > 1023 || i >= n)
		return false;
	semi = memchr(s + i, ';', n - i < 128 ? n - i : 128);
	if (!semi)
		return false;
	/* optional fields, of which only "caller=T12" matters here */
	while (i < (size_t)(semi - s)) {
		const char *comma = memchr(s + i, ',', (size_t)(semi - s) - i);
		size_t e = comma ? (size_t)(comma - s) : (size_t)(semi - s);

		if (e - i > 7 && !memcmp(s + i, "caller=", 7)) {
			size_t j = i + 7;
			struct bs_line tmp = *l;

			if (parse_caller_id(s, e, &j, &tmp) && j == e) {
				l->caller_tid = tmp.caller_tid;
				l->caller_cpu = tmp.caller_cpu;
			}
		}
		i = e + 1;
	}
	l->level = (int)(v[0] & 7);
	l->kernel = (v[0] >> 3) == 0;
	l->mono = (double)v[2] / 1e6;
	l->has_mono = true;
	*pi = (size_t)(semi - s) + 1;
	return true;
}

/* /dev/kmsg continuation: " KEY=value" (SUBSYSTEM=, DEVICE=). */
bool lr_is_kmsg_dict(const char *s, size_t n)
{
	size_t i = 1;

	while (i < n && (is_upper(s[i]) || is_digit(s[i]) || s[i] == '_'))
		i++;
	return i > 1 && i < n && s[i] == '=';
}

/* journalctl's "-- Logs begin at ... --", "-- Boot 3f2e... --", "-- Reboot --". */
bool lr_is_journal_separator(const char *s, size_t n)
{
	return n >= 6 && s[1] == '-' && s[2] == ' ' && !memcmp(s + n - 3, " --", 3);
}

/*
 * lr_journal_header_year - journalctl short stamps have no year, but its first
 * line says when the logs begin: "-- Logs begin at Sat 2023-04-01 08:00:01
 * CST, end at ... --" (systemd < 249), "-- Journal begins at Sat 2023-..."
 * (later).  Take that date as a dated stamp: it resets the year guess.
 */
void lr_journal_header_year(struct bs_linereader *r, const char *s, size_t n)
{
	static const char *const heads[] = { "-- Logs begin at ", "-- Journal begins at " };
	struct stamp t = { 0 };
	size_t k, hl;

	for (k = 0; k < sizeof(heads) / sizeof(heads[0]); k++) {
		hl = strlen(heads[k]);
		if (n > hl + 14 && !memcmp(s, heads[k], hl) && s[hl + 3] == ' ' &&
		    parse_date(s, n, hl + 4, &t)) {
			r->year = t.year;
			r->year_known = true;
			r->year_from_caller = false;
			r->last_month = t.mon;
			return;
		}
	}
}

/*
 * dmesg -x (--decode): "kern  :warn  : " before the stamp, facility and
 * level names padded to six columns.  Only these fixed columns are checked
 * first, so a message like "kworker/31:0: ..." costs two comparisons.
 */
bool lr_parse_decode_prefix(const char *s, size_t n, size_t *pi, struct bs_line *l)
{
	static const char *const levels[] = {
		"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug",
	};
	size_t i = *pi, fl = 0, ll = 0, k;

	if (n - i < 15 || s[i + 6] != ':' || s[i + 13] != ':' || s[i + 14] != ' ')
		return false;
	while (fl < 6 && s[i + fl] >= 'a' && s[i + fl] <= 'z')
		fl++;
	while (ll < 6 && s[i + 7 + ll] >= 'a' && s[i + 7 + ll] <= 'z')
		ll++;
	if (!fl || !ll || !lr_scan_spaces(s + i + fl, 6 - fl) || !lr_scan_spaces(s + i + 7 + ll, 6 - ll))
		return false;
	for (k = 0; k < sizeof(levels) / sizeof(levels[0]); k++)
		if (strlen(levels[k]) == ll && !memcmp(s + i + 7, levels[k], ll))
			break;
	if (k == sizeof(levels) / sizeof(levels[0]))
		return false;
	l->level = (int)k;
	l->kernel = fl == 4 && !memcmp(s + i, "kern", 4);
	*pi = i + 15;
	return true;
}

/*
 * "1682805271.123456 host kernel: " (journalctl short-unix).  Only taken
 * with a tag, so a bare message that starts with a number stays whole.
 */
bool lr_parse_unix_stamp(const char *s, size_t n, size_t *pi, struct bs_line *l)
{
	size_t i = *pi, j, k;
	int64_t v = 0;

	for (k = 0; i < n && is_digit(s[i]) && k < 12; i++, k++)
		v = v * 10 + (s[i] - '0');
	if (k < 9 || i >= n || s[i] != '.')
		return false;
	i = skip_frac(s, i, n, '.');
	if (i >= n || s[i] != ' ')
		return false;
	j = ++i;
	switch (lr_parse_host_tag(s, n, &j, NULL)) {
	case TAG_NONE:
		return false;
	case TAG_KERNEL:
		l->kernel = true;
		j = lr_parse_inner(s, n, j, l);
		break;
	case TAG_OTHER:
		l->kernel = false;
		break;
	}
	l->wall = v;
	l->has_wall = true;
	l->wall_utc = true;
	*pi = j;
	return true;
}
