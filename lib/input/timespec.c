// SPDX-License-Identifier: MIT
/*
 * timespec.c - journalctl's time specifications (systemd.time(7)): the
 * forms people type after --since and --until.
 */
#include "input.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define USEC 1000000LL

/* Relative-time units, longest spelling first where one is a prefix of another. */
static const struct { const char *name; int64_t usec; } units[] = {
	{ "usec", 1 }, { "us", 1 }, { "msec", 1000 }, { "ms", 1000 },
	{ "seconds", USEC }, { "second", USEC }, { "sec", USEC }, { "s", USEC },
	{ "minutes", 60 * USEC }, { "minute", 60 * USEC }, { "min", 60 * USEC }, { "m", 60 * USEC },
	{ "hours", 3600 * USEC }, { "hour", 3600 * USEC }, { "hr", 3600 * USEC }, { "h", 3600 * USEC },
	{ "days", 86400 * USEC }, { "day", 86400 * USEC }, { "d", 86400 * USEC },
	{ "weeks", 604800 * USEC }, { "week", 604800 * USEC }, { "w", 604800 * USEC },
	{ "months", 2629800 * USEC }, { "month", 2629800 * USEC }, { "M", 2629800 * USEC },
	{ "years", 31557600 * USEC }, { "year", 31557600 * USEC }, { "y", 31557600 * USEC },
};

/* "1h 30min", "2d": the sum in microseconds.  0, or -1 when malformed. */
static int parse_span(const char *s, int64_t *out)
{
	int64_t sum = 0;

	while (*s) {
		char *end;
		long long v;
		size_t i, k;

		while (*s == ' ')
			s++;
		if (!*s)
			break;
		if (*s < '0' || *s > '9')
			return -1;
		errno = 0;
		v = strtoll(s, &end, 10);
		if (errno || v > 1000000000LL)
			return -1;
		s = end;
		while (*s == ' ')
			s++;
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			k = strlen(units[i].name);
			if (!strncmp(s, units[i].name, k) && !(s[k] >= 'a' && s[k] <= 'z'))
				break;
		}
		if (i == sizeof(units) / sizeof(units[0])) {
			/* a bare number is seconds, as in systemd */
			if (*s && *s != ' ')
				return -1;
			sum += v * USEC;
			continue;
		}
		sum += v * units[i].usec;
		s += strlen(units[i].name);
	}
	*out = sum;
	return 0;
}

/* Local (or, with @utc, UTC) calendar time @tm as Unix seconds. */
static int64_t calendar(struct tm *tm, int utc)
{
	tm->tm_isdst = -1;
	return utc ? (int64_t)timegm(tm) : (int64_t)mktime(tm);
}

int bs_input_parse_time(const char *s, int64_t now_usec, int64_t *usec)
{
	struct tm tm;
	time_t now = (time_t)(now_usec / USEC);
	char rest[8] = "";
	int utc = 0, n = 0;
	size_t len = strlen(s);
	int64_t span;

	if (len > 4 && !strcmp(s + len - 4, " UTC"))
		utc = 1;
	if (!strcmp(s, "now")) {
		*usec = now_usec;
		return 0;
	}
	if (!strcmp(s, "today") || !strcmp(s, "yesterday") || !strcmp(s, "tomorrow")) {
		localtime_r(&now, &tm);
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
		tm.tm_mday += !strcmp(s, "yesterday") ? -1 : !strcmp(s, "tomorrow") ? 1 : 0;
		*usec = calendar(&tm, 0) * USEC;
		return 0;
	}
	if (s[0] == '@') {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(s + 1, &end, 10);
		if (errno || *end || end == s + 1)
			goto bad;
		*usec = (int64_t)v * USEC;
		return 0;
	}
	if ((s[0] == '-' || s[0] == '+') && parse_span(s + 1, &span) == 0) {
		*usec = now_usec + (s[0] == '-' ? -span : span);
		return 0;
	}
	if (len > 4 && !strcmp(s + len - 3, " ago") && len < 64) {
		char buf[64];

		memcpy(buf, s, len - 4);
		buf[len - 4] = '\0';
		if (parse_span(buf, &span) == 0) {
			*usec = now_usec - span;
			return 0;
		}
	}
	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &n) == 3) {
		const char *t = s + n;

		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		if (*t == ' ' || *t == 'T') {
			int m = 0;

			if (sscanf(t + 1, "%2d:%2d:%2d%n", &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &m) != 3 &&
			    (m = 0, sscanf(t + 1, "%2d:%2d%n", &tm.tm_hour, &tm.tm_min, &m) != 2))
				goto bad;
			t += 1 + m;
		}
		snprintf(rest, sizeof(rest), "%s", t);
	} else {
		time_t today = now;
		int m = 0;

		localtime_r(&today, &tm);
		tm.tm_sec = 0;
		if (sscanf(s, "%2d:%2d:%2d%n", &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &m) != 3 &&
		    (m = 0, sscanf(s, "%2d:%2d%n", &tm.tm_hour, &tm.tm_min, &m) != 2))
			goto bad;
		snprintf(rest, sizeof(rest), "%s", s + m);
	}
	if (rest[0] && strcmp(rest, " UTC"))
		goto bad;
	if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
	    tm.tm_min > 59 || tm.tm_sec > 60)
		goto bad;
	*usec = calendar(&tm, utc) * USEC;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}
