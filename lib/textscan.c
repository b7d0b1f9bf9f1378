// SPDX-License-Identifier: MIT
#include "textscan.h"

#include <string.h>

bool bs_scan_u64(struct bs_scan *sc, uint64_t *v)
{
	const char *p = sc->p;
	uint64_t x = 0;

	if (p >= sc->end || *p < '0' || *p > '9')
		return false;
	while (p < sc->end && *p >= '0' && *p <= '9') {
		unsigned d = (unsigned)(*p - '0');

		/* saturate rather than wrap: a garbage number must not look small */
		x = x > (UINT64_MAX - d) / 10 ? UINT64_MAX : x * 10 + d;
		p++;
	}
	sc->p = p;
	*v = x;
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool bs_scan_hex(struct bs_scan *sc, bool need_0x, uint64_t *v)
{
	const char *p = sc->p;
	uint64_t x = 0;
	int n = 0;

	if (sc->end - p >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	else if (need_0x)
		return false;
	while (p < sc->end && hexval(*p) >= 0) {
		if (n < 16)
			x = (x << 4) | (uint64_t)hexval(*p);
		else
			x = UINT64_MAX;
		n++;
		p++;
	}
	if (!n)
		return false;
	sc->p = p;
	*v = x;
	return true;
}

/*
 * glibc's memmem() fills a 256-entry shift table before it looks at a
 * byte: on report lines, a hundred bytes long and searched once or twice,
 * that set-up is most of the cost.  memchr() for the needle's first byte
 * that is not a blank (blanks are everywhere), then memcmp(), has none.
 */
const char *bs_find(const char *t, size_t len, const char *needle, size_t nlen)
{
	const char *p = t, *end = t + len;
	size_t j = 0;

	if (!nlen)
		return t;
	if (nlen > len)
		return NULL;
	while (j < nlen - 1 && needle[j] == ' ')
		j++;
	while ((size_t)(end - p) >= nlen) {
		const char *c = memchr(p + j, needle[j], (size_t)(end - p) - nlen + 1);

		if (!c)
			return NULL;
		c -= j;
		if (!memcmp(c, needle, nlen))
			return c;
		p = c + 1;
	}
	return NULL;
}

const char *bs_scan_find(const struct bs_scan *sc, const char *needle)
{
	return bs_find(sc->p, bs_scan_left(sc), needle, strlen(needle));
}

void bs_copy(char *buf, size_t size, const char *s, size_t len)
{
	if (!size)
		return;
	if (len >= size)
		len = size - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
}

void bs_copy_str(char *buf, size_t size, const char *s)
{
	bs_copy(buf, size, s, size ? strnlen(s, size - 1) : 0);
}

bool bs_scan_mode(struct bs_scan *sc, uint64_t *mode, char *sym, size_t symsz, bool *has_sym)
{
	struct bs_scan s;
	const char *e;

	if (!bs_scan_hex(sc, true, mode))
		return false;
	s = *sc;
	/* a "(" without its ")" is not a decode: leave it to the caller */
	if (bs_scan_lit(&s, "(") && (e = memchr(s.p, ')', bs_scan_left(&s))) != NULL) {
		bs_copy(sym, symsz, s.p, (size_t)(e - s.p));
		*has_sym = true;
		sc->p = e + 1;
	}
	return true;
}
