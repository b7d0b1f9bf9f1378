// SPDX-License-Identifier: MIT
/*
 * kversion.c - read kernel versions as logs print them.  Which GFP table
 * and rules a version gets is kernel_era.c's business (gfp.c, rules.c).
 *
 * What each scheme means (the sublevel is the upstream stable release the
 * kernel is built from, -1 when the string does not say):
 *
 *   6.1.55                          upstream or stable: 6.1, sublevel 55
 *   6.1.0-13-cloud-amd64 ... Debian 6.1.55-1
 *                                   Debian: "6.1.0-13" is an ABI name; the
 *                                   real stable release is in the trailer
 *   5.15.0-91-generic #101-Ubuntu   Ubuntu: ABI 91; sublevel unknown unless
 *                                   /proc/version_signature's "5.15.131" tail
 *                                   is given
 *   3.10.0-1160.el7.x86_64          RHEL/CentOS 7.9: release 1160 of a 3.10
 *                                   base carrying years of backports
 *   4.14.35-1902.300.11.el7uek      Oracle UEK: upstream 4.14.35, not RHEL
 *   4.14.186-146.268.amzn2.x86_64   Amazon Linux 2: stable 4.14.186
 *   5.10.107-android13-4-...        Android common kernel: stable 5.10.107
 *   5.14.21-150400.24.46-default    SUSE: stable 5.14.21 base
 */
#include "kernel/kversion.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

struct span {
	const char *p;
	size_t n;
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* read a decimal number of at most 9 digits at *p; -1 when none */
static long num(const char **p, const char *end)
{
	long v = 0;
	int digits = 0;

	while (*p < end && is_digit(**p)) {
		if (digits++ < 9)
			v = v * 10 + (**p - '0');
		(*p)++;
	}
	return digits ? v : -1;
}

/* a version token character: "6.1.0-13-cloud-amd64", "3.10.0-1160.el7.x86_64" */
static bool tokch(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '-' || c == '_' || c == '+' || c == '~';
}

/* case-insensitive search of @needle in [p, p+n) */
static const char *find(const char *p, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; k && i + k <= n; i++)
		if (!strncasecmp(p + i, needle, k))
			return p + i;
	return NULL;
}

/*
 * The first "X.Y" at a word start whose major is plausible (2..9) and whose
 * minor has at most 3 digits; skips "python3.8" (not at a word start).
 */
static bool find_version(const char *s, size_t len, struct span *tok)
{
	for (size_t i = 0; i < len; i++) {
		const char *p = s + i, *end = s + len, *q;
		long maj, min;

		if (!is_digit(*p) || (i > 0 && tokch(s[i - 1]) && s[i - 1] != '-' && s[i - 1] != '('))
			continue;
		if (i > 0 && s[i - 1] == '-')
			continue;
		q = p;
		maj = num(&q, end);
		if (q >= end || *q != '.' || maj < 2 || maj > 9)
			continue;
		q++;
		if (q >= end || !is_digit(*q))
			continue;
		min = num(&q, end);
		if (min < 0 || min > 999)
			continue;
		while (q < end && tokch(*q))
			q++;
		tok->p = p;
		tok->n = (size_t)(q - p);
		return true;
	}
	return false;
}

/* "X.Y.Z" at *p with X.Y == major.minor: Z, else -1 */
static int series_sublevel(const char *p, const char *end, int major, int minor)
{
	long a = num(&p, end), b, c;

	if (a != major || p >= end || *p != '.')
		return -1;
	p++;
	b = num(&p, end);
	if (b != minor || p >= end || *p != '.')
		return -1;
	p++;
	c = num(&p, end);
	return c >= 0 && c < 1000 ? (int)c : -1;
}

/*
 * The stable release from a trailer: Debian's "Debian 6.1.55-1", or
 * Ubuntu's /proc/version_signature "Ubuntu 5.15.0-91.101-generic 5.15.131".
 */
static int trailer_sublevel(const char *s, size_t len, int major, int minor)
{
	const char *end = s + len;

	for (const char *p = s; (p = find(p, (size_t)(end - p), "Debian ")) != NULL; p += 7) {
		int z = series_sublevel(p + 7, end, major, minor);

		if (z >= 0)
			return z;
	}
	for (const char *p = s; (p = find(p, (size_t)(end - p), "Ubuntu ")) != NULL; p += 7) {
		const char *q = p + 7;
		int z;

		while (q < end && *q != ' ')
			q++;
		while (q < end && *q == ' ')
			q++;
		z = series_sublevel(q, end, major, minor);
		if (z >= 0)
			return z;
	}
	return -1;
}

static bool has_suffix_word(const char *p, size_t n, const char *w)
{
	const char *f = find(p, n, w);

	return f != NULL;
}

int bs_kver_parse(const char *s, size_t len, struct bs_kver *v)
{
	struct span tok;
	const char *p, *end, *rest;
	size_t rl;
	long z = -1;

	if (!s || !v) {
		errno = EINVAL;
		return -1;
	}
	memset(v, 0, sizeof(*v));
	v->sublevel = v->distro_release = v->distro_major = -1;
	len = strnlen(s, len);
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (!find_version(s, len, &tok)) {
		errno = EINVAL;
		return -1;
	}
	{
		size_t n = len < sizeof(v->raw) - 1 ? len : sizeof(v->raw) - 1;

		memcpy(v->raw, s, n);
		v->raw[n] = '\0';
		n = tok.n < sizeof(v->release) - 1 ? tok.n : sizeof(v->release) - 1;
		memcpy(v->release, tok.p, n);
		v->release[n] = '\0';
	}
	p = tok.p;
	end = tok.p + tok.n;
	v->major = (int)num(&p, end);
	p++;			/* '.' */
	v->minor = (int)num(&p, end);
	if (p < end && *p == '.' && p + 1 < end && is_digit(p[1])) {
		p++;
		z = num(&p, end);
	}
	/* 2.6.32.71: the stable number is the fourth field */
	if (v->major == 2 && p < end && *p == '.' && p + 1 < end && is_digit(p[1])) {
		p++;
		num(&p, end);
	}
	rest = p;
	rl = (size_t)(end - p);

	/* the distro, from the release suffix and the rest of the line */
	if (has_suffix_word(rest, rl, "uek")) {
		v->distro = BS_DISTRO_OTHER;	/* Oracle UEK: upstream base */
		v->sublevel = (int)z;
	} else if (has_suffix_word(rest, rl, ".el")) {
		const char *e = find(rest, rl, ".el");
		const char *q = rest;

		v->distro = BS_DISTRO_RHEL;
		if (q < end && *q == '-') {
			q++;
			v->distro_release = (int)num(&q, end);
		}
		q = e + 3;
		v->distro_major = (int)num(&q, end);
		/* x.y.0 is the base, not a stable release; 2.6.32 names its series */
		v->sublevel = v->major == 2 ? (int)z : -1;
	} else if (has_suffix_word(rest, rl, "android")) {
		v->distro = BS_DISTRO_ANDROID;
		v->sublevel = (int)z;
	} else if (has_suffix_word(rest, rl, "amzn")) {
		v->distro = BS_DISTRO_OTHER;
		v->sublevel = (int)z;
	} else if (has_suffix_word(rest, rl, "-default") || has_suffix_word(rest, rl, "-azure") ||
		   has_suffix_word(rest, rl, "-lowlatency") || has_suffix_word(rest, rl, "-generic") ||
		   has_suffix_word(rest, rl, "-aws") || has_suffix_word(rest, rl, "-gcp") ||
		   has_suffix_word(rest, rl, "-kvm") || has_suffix_word(rest, rl, "-oracle") ||
		   has_suffix_word(rest, rl, "-amd64") || has_suffix_word(rest, rl, "-arm64") ||
		   has_suffix_word(rest, rl, "-686") || find(s, len, "Ubuntu") || find(s, len, "Debian")) {
		bool suse = has_suffix_word(rest, rl, "-default") && !find(s, len, "Ubuntu") &&
			    !find(s, len, "Debian");
		bool debian = find(s, len, "Debian") || has_suffix_word(rest, rl, "-amd64") ||
			      has_suffix_word(rest, rl, "-arm64") || has_suffix_word(rest, rl, "-686");

		if (suse) {
			v->distro = BS_DISTRO_SUSE;
			v->sublevel = (int)z;
		} else {
			const char *q = rest;

			v->distro = debian && !find(s, len, "Ubuntu") ? BS_DISTRO_DEBIAN : BS_DISTRO_UBUNTU;
			if (q < end && *q == '-') {
				q++;
				v->distro_release = (int)num(&q, end);
			}
			/* "x.y.0-N-flavour": the .0 is not the stable release */
			v->sublevel = z > 0 ? (int)z : -1;
			if (v->sublevel < 0)
				v->sublevel = trailer_sublevel(s, len, v->major, v->minor);
		}
	} else if (rl == 0) {
		v->distro = BS_DISTRO_NONE;
		v->sublevel = (int)(z < 0 ? 0 : z);
	} else {
		v->distro = BS_DISTRO_OTHER;
		v->sublevel = (int)z;
	}
	if (v->sublevel > 999)
		v->sublevel = -1;
	return 0;
}
